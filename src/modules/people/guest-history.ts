import { fromJson } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { HistoryEntry } from './people.schema.js';

/**
 * The kinds of events that concern one guest; scans are reports' business, not the record's history. Face events
 * are: every enrolment, deletion and read of the guest's face template (and each gate check naming the guest) is
 * shown to the organiser who answers the guest's questions about their biometric data.
 */
const PREFIXES = ['guest.', 'invitation.', 'credential.', 'badge.', 'face.'];

/**
 * Everything audited about one guest, oldest first: who did what when, and the fields that changed. The audit
 * log stores payloads as JSON text on both databases; `"guestId":<id>` followed by `,` or `}` matches this guest
 * and never one whose id merely starts with the same digits.
 */
export async function guestHistory(deps: Pick<Deps, 'db'>, eventId: number, guestId: number): Promise<Result<HistoryEntry[]>> {
  const guest = await deps.db.selectFrom('guests').select('event_id').where('id', '=', guestId).executeTakeFirst();
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'id');
  const rows = await deps.db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.type', 'audit_log.actor_user_id', 'audit_log.payload', 'users.display_name'])
    .where('audit_log.event_id', '=', eventId)
    .where((eb) => eb.or(PREFIXES.map((p) => eb('audit_log.type', 'like', `${p}%`))))
    .where((eb) => eb.or([eb('audit_log.payload', 'like', `%"guestId":${guestId},%`), eb('audit_log.payload', 'like', `%"guestId":${guestId}}%`)]))
    .orderBy('audit_log.id')
    .limit(1000)
    .execute();
  return ok(
    rows.map((r) => ({
      id: r.id,
      at: r.at,
      type: r.type,
      actor: r.actor_user_id === null ? null : { userId: r.actor_user_id, name: r.display_name ?? '' },
      payload: fromJson<Record<string, unknown>>(r.payload, {}),
    })),
  );
}
