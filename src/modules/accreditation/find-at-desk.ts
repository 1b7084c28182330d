import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.js';
import type { Db } from '../../platform/db/database.js';
import { sha256 } from '../../platform/auth/principal.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { GuestStatus } from '../people/people.schema.js';
import type { DeskGuest, DeskSearchResult } from './desk.schema.js';

const LIMIT = 50;

/** The desk's view of guests: identity, category, delegation, photo and whether a badge can go out. */
async function deskGuests(
  db: Db,
  slug: string,
  eventId: number,
  filter: (q: ReturnType<typeof base>) => ReturnType<typeof base>,
  limit: number,
): Promise<DeskGuest[]> {
  const rows = await filter(base(db, eventId))
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('credentials')
            .select('credentials.id')
            .whereRef('credentials.guest_id', '=', 'guests.id')
            .where('credentials.revoked_at', 'is', null),
        )
        .as('current'),
    )
    .orderBy('guests.sort_key')
    .orderBy('guests.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nameLatin: r.name_latin,
    organisation: r.organisation,
    title: r.title,
    country: r.country,
    email: r.email,
    status: r.status as GuestStatus,
    category:
      r.category_code !== null
        ? { code: r.category_code, name: { zh: r.category_zh!, en: r.category_en! }, color: r.category_color! }
        : null,
    delegation: r.delegation_code !== null ? { code: r.delegation_code, name: { zh: r.delegation_zh!, en: r.delegation_en! } } : null,
    hasPhoto: r.photo_key !== null,
    photoUrl: `/api/v1/events/${slug}/guests/${r.id}/photo`,
    // SQLite answers 0/1, PostgreSQL true/false
    credentialCurrent: Boolean(r.current),
    badgeCollectedAt: r.badge_collected_at,
  }));
}

function base(db: Db, eventId: number) {
  return db
    .selectFrom('guests')
    .leftJoin('categories', 'categories.id', 'guests.category_id')
    .leftJoin('delegations', 'delegations.id', 'guests.delegation_id')
    .where('guests.event_id', '=', eventId)
    .select([
      'guests.id',
      'guests.name',
      'guests.name_latin',
      'guests.organisation',
      'guests.title',
      'guests.country',
      'guests.email',
      'guests.status',
      'guests.photo_key',
      'guests.badge_collected_at',
      'categories.code as category_code',
      'categories.name_zh as category_zh',
      'categories.name_en as category_en',
      'categories.color as category_color',
      'delegations.code as delegation_code',
      'delegations.name_zh as delegation_zh',
      'delegations.name_en as delegation_en',
    ]);
}

/** One guest as the desk sees it, or null when the id is not a guest of the event. */
export async function deskGuest(deps: Deps, slug: string, eventId: number, guestId: number): Promise<DeskGuest | null> {
  const [guest] = await deskGuests(deps.db, slug, eventId, (q) => q.where('guests.id', '=', guestId), 1);
  return guest ?? null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Finds guests by any part of the name in their own script (李晓明, Müller), the Latin form or sort key in any
 * case and spacing (li xiaoming, LI Xiaoming, lixiaoming), the organisation or the email.
 */
export async function searchAtDesk(deps: Deps, slug: string, eventId: number, q: string): Promise<Result<DeskSearchResult>> {
  const text = q.trim().toLowerCase();
  const pattern = `%${escapeLike(text)}%`;
  const squashed = `%${escapeLike(text.replace(/\s+/g, ''))}%`;
  const like = (column: string, p: string) => sql<boolean>`lower(${sql.ref(column)}) like ${p} escape '\\'`;
  const squash = (column: string) => sql<boolean>`replace(lower(${sql.ref(column)}), ' ', '') like ${squashed} escape '\\'`;
  const guests = await deskGuests(
    deps.db,
    slug,
    eventId,
    (query) =>
      query.where((eb) =>
        eb.or([
          like('guests.name', pattern),
          squash('guests.name'),
          like('guests.name_latin', pattern),
          squash('guests.name_latin'),
          like('guests.sort_key', pattern),
          squash('guests.sort_key'),
          like('guests.organisation', pattern),
          like('guests.email', pattern),
        ]),
      ),
    LIMIT + 1,
  );
  return ok({ guests: guests.slice(0, LIMIT), truncated: guests.length > LIMIT });
}

/** The token inside a scanned invitation QR: the last path segment after /register/, or the text itself. */
export function invitationToken(code: string): string {
  const text = code.trim();
  const at = text.indexOf('/register/');
  if (at < 0) return text;
  return decodeURIComponent(text.slice(at + '/register/'.length).split(/[/?#]/)[0] ?? '');
}

/** The guest a scanned invitation QR belongs to (the event stores only the token's hash). */
export async function findByInvitation(deps: Deps, slug: string, eventId: number, code: string): Promise<Result<DeskGuest>> {
  const token = invitationToken(code);
  if (!token || /\s/.test(token)) return refuse('invitation_unreadable', 'code');
  const row = await deps.db
    .selectFrom('guests')
    .select('id')
    .where('event_id', '=', eventId)
    .where('invite_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return refuse('invitation_unknown', 'code');
  return ok((await deskGuest(deps, slug, eventId, row.id))!);
}
