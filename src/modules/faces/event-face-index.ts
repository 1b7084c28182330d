import { sql } from 'kysely';
import { FaceIndex } from '../../engines/face/index.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { sealingSecret } from './enrol-face.js';
import { unsealDescriptor } from './seal-descriptor.js';

/**
 * The 1:N index of an event's enrolled faces, kept in this process and rebuilt whenever the enrolments change.
 * Instances are stateless: each check asks the database for a cheap fingerprint of the enrolments (how many,
 * the sum of their ids and the newest enrolment time), so an enrolment, a re-enrolment or a withdrawal on any
 * instance is seen by the next check on every instance. Building unseals every descriptor, so it is audited.
 */

interface Cached {
  fingerprint: string;
  index: FaceIndex<number>;
}

/** keyed by the database and the event: one process may serve several installations (tests, a CLI beside them) */
const cache = new Map<string, Cached>();
const keyOf = (deps: Pick<Deps, 'config'>, eventId: number) => `${JSON.stringify(deps.config.database)}#${eventId}`;

async function fingerprint(deps: Pick<Deps, 'db'>, eventId: number): Promise<string> {
  const row = await deps.db
    .selectFrom('face_enrolments')
    .select([
      sql<number | string>`count(*)`.as('n'),
      sql<number | string | null>`sum(id)`.as('ids'),
      sql<string | null>`max(enrolled_at)`.as('newest'),
    ])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.ids ?? 0}|${row.newest ?? ''}`;
}

/** The event's index, current with the database; an empty index when nobody is enrolled. */
export async function eventFaceIndex(deps: Deps, actor: Actor, eventId: number): Promise<FaceIndex<number>> {
  const now = await fingerprint(deps, eventId);
  const key = keyOf(deps, eventId);
  const held = cache.get(key);
  if (held && held.fingerprint === now) return held.index;
  const rows = await deps.db.selectFrom('face_enrolments').select(['guest_id', 'descriptor']).where('event_id', '=', eventId).execute();
  const secret = sealingSecret(deps);
  const index = new FaceIndex<number>(rows.length);
  for (const r of rows) index.add(r.guest_id, unsealDescriptor(secret, r.descriptor));
  cache.set(key, { fingerprint: now, index });
  await emit(deps, actor, eventId, { type: 'face.index_loaded', payload: { enrolled: rows.length, purpose: 'gate_identify' } });
  return index;
}

/** Drops an event's index at once (the shredder): nothing of a shredded face stays in memory. */
export function forgetFaceIndex(deps: Pick<Deps, 'config'>, eventId: number): void {
  cache.delete(keyOf(deps, eventId));
}
