import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.js';
import { sortKey } from '../../platform/i18n/transliterate.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { GuestDetail, GuestList, GuestListQuery } from './people.schema.js';
import { guestBadges } from './people.ports.js';
import { consentsOf, guestsWithRefs, registrationOf, toGuestSummary } from './people.store.js';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The event's guests for the organisers: filtered by status, category and delegation, searched in any script
 * (the name as written, its Latin form and sort key, organisation, email), a page at a time in sort-key order,
 * with the number of guests per status under the same filters.
 */
export async function listGuests(deps: Pick<Deps, 'db'>, eventId: number, query: GuestListQuery): Promise<Result<GuestList>> {
  let base = guestsWithRefs(deps.db).where('guests.event_id', '=', eventId);
  if (query.category) base = base.where('categories.code', '=', query.category);
  if (query.delegation) base = base.where('delegations.code', '=', query.delegation);
  const q = query.q?.trim();
  if (q) {
    const text = likePattern(q.toLowerCase());
    const folded = likePattern(sortKey(q));
    // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not
    const like = (column: string, pattern: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    base = base.where((eb) =>
      eb.or([
        like('guests.name', text),
        like('guests.name_latin', text),
        like('guests.sort_key', folded),
        like('guests.organisation', text),
        like('guests.email', text),
      ]),
    );
  }
  const [counts, page] = await Promise.all([
    base
      .clearSelect()
      .select(['guests.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('guests.status')
      .execute(),
    (query.status ? base.where('guests.status', '=', query.status) : base)
      .orderBy('guests.sort_key')
      .orderBy('guests.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
  ]);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  const total = query.status ? (byStatus[query.status] ?? 0) : Object.values(byStatus).reduce((a, b) => a + b, 0);
  return ok({ total, counts: byStatus, items: page.map(toGuestSummary) });
}

export async function guestDetail(deps: Pick<Deps, 'db' | 'secret'>, eventId: number, guestId: number): Promise<GuestDetail | null> {
  const row = await guestsWithRefs(deps.db).where('guests.id', '=', guestId).where('guests.event_id', '=', eventId).executeTakeFirst();
  if (!row) return null;
  const credential = await guestBadges.use().currentCredential(deps.db, guestId);
  return {
    ...toGuestSummary(row),
    userId: row.user_id,
    invitedAt: row.invited_at,
    registration: registrationOf(row, deps.secret),
    consents: consentsOf(row),
    reviewNote: row.review_note,
    reviewedAt: row.reviewed_at,
    reviewedBy: row.reviewed_by,
    badgeCollectedAt: row.badge_collected_at,
    credential,
  };
}

export async function getGuest(deps: Pick<Deps, 'db' | 'secret'>, eventId: number, guestId: number): Promise<Result<GuestDetail>> {
  const detail = await guestDetail(deps, eventId, guestId);
  return detail ? ok(detail) : refuse('not_found', 'id');
}
