import type { Db } from '../src/platform/db/database.js';
import { nowIso } from '../src/platform/db/database.js';
import type { HttpSession } from './guests.js';
import { AGENDA_CLIENT, measureHttp, measureLoop, warmUp, type Figures, type HttpLoad } from './load.js';

export interface AgendaPlan {
  base: string;
  slug: string;
  eventId: number;
  guests: HttpSession[];
  sessionIds: number[];
}

/** Guest i stars session i mod n: writes spread over sessions, one row per (guest, session). */
const sessionOf = (plan: AgendaPlan, guest: number) => plan.sessionIds[guest % plan.sessionIds.length]!;

async function clearStars(db: Db, plan: AgendaPlan) {
  await db.deleteFrom('agenda_stars').where('event_id', '=', plan.eventId).execute();
}

async function starEvents(db: Db, eventId: number): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('type', 'in', ['agenda.starred', 'agenda.unstarred'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The baseline: the same rows written and deleted straight through Kysely, as many loops as HTTP connections,
 * without HTTP, authentication, the visibility check against the published programme, the audit event or the
 * agenda read-back that the API does.
 */
export function rawStarWrites(db: Db, plan: AgendaPlan) {
  return async (seconds: number): Promise<Figures> => {
    await clearStars(db, plan);
    const fig = await measureLoop('agenda_stars insert/delete (Kysely)', seconds, plan.guests.length, async (w, i) => {
      const userId = plan.guests[w]!.userId;
      const sessionId = sessionOf(plan, w);
      if (i % 2 === 0) {
        await db
          .insertInto('agenda_stars')
          .values({ user_id: userId, session_id: sessionId, event_id: plan.eventId, created_at: nowIso() })
          .onConflict((oc) => oc.columns(['user_id', 'session_id']).doNothing())
          .execute();
      } else {
        await db.deleteFrom('agenda_stars').where('user_id', '=', userId).where('session_id', '=', sessionId).execute();
      }
    });
    await clearStars(db, plan);
    return fig;
  };
}

/** PUT then DELETE /api/v1/events/:slug/agenda/:sessionId, one logged-in guest per connection. */
export function httpStarWrites(db: Db, plan: AgendaPlan) {
  const guests = plan.guests.map((g, i) => ({
    cookie: g.cookie,
    csrf: g.csrf,
    path: `/api/v1/events/${plan.slug}/agenda/${sessionOf(plan, i)}`,
  }));
  const load = (seconds: number): HttpLoad => ({
    name: 'PUT/DELETE agenda star (HTTP)',
    url: plan.base,
    seconds,
    connections: plan.guests.length,
    setupClient: AGENDA_CLIENT,
    env: { HUIWU_BENCH_AGENDA: JSON.stringify(guests) },
  });
  return {
    warmUp: async () => {
      await warmUp(load(1));
      await clearStars(db, plan);
    },
    run: async (seconds: number): Promise<Figures & { changed: number }> => {
      await clearStars(db, plan);
      const before = await starEvents(db, plan.eventId);
      const fig = await measureHttp(load(seconds));
      // every star and un-star that changed a row published one audited event: proof the writes were real
      const changed = (await starEvents(db, plan.eventId)) - before;
      await clearStars(db, plan);
      return { ...fig, changed };
    },
  };
}
