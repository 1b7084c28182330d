import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';

/**
 * Reads and writes of guests with their category and delegation for the accreditation above people: the badge
 * lists and print runs, the badge desk's search and hand-out (ADR 0013). Each takes the caller's connection or
 * transaction; accreditation adds the credentials (its own table) with one batched read.
 */

const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

export interface BadgeGuestRow {
  id: number;
  name: string;
  name_latin: string;
  organisation: string | null;
  sort_key: string;
  badge_collected_at: string | null;
  category_id: number;
  category_code: string;
  category_zh: string;
  category_en: string;
  category_color: string;
  category_position: number;
}

/** The event's approved guests who hold a category, optionally of one category code or only these ids (unordered). */
export async function approvedGuestsWithCategory(q: Queryable, eventId: number, filter: { categoryCode?: string; guestIds?: readonly number[] } = {}): Promise<BadgeGuestRow[]> {
  let query = q
    .selectFrom('guests as g')
    .innerJoin('categories as k', 'k.id', 'g.category_id')
    .select([
      'g.id',
      'g.name',
      'g.name_latin',
      'g.organisation',
      'g.sort_key',
      'g.badge_collected_at',
      'k.id as category_id',
      'k.code as category_code',
      'k.name_zh as category_zh',
      'k.name_en as category_en',
      'k.color as category_color',
      'k.position as category_position',
    ])
    .where('g.event_id', '=', eventId)
    .where('g.status', '=', 'approved');
  if (filter.categoryCode !== undefined) query = query.where('k.code', '=', filter.categoryCode);
  if (!filter.guestIds) return query.execute();
  const rows: BadgeGuestRow[] = [];
  for (const ids of chunks(filter.guestIds)) rows.push(...(await query.where('g.id', 'in', ids).execute()));
  return rows;
}

export interface DeskGuestRow {
  id: number;
  name: string;
  name_latin: string;
  organisation: string | null;
  title: string | null;
  country: string | null;
  email: string | null;
  status: string;
  photo_key: string | null;
  badge_collected_at: string | null;
  category_code: string | null;
  category_zh: string | null;
  category_en: string | null;
  category_color: string | null;
  delegation_code: string | null;
  delegation_zh: string | null;
  delegation_en: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The event's guests as the badge desk sees them, in sort-key order: one by id, the one an invitation token's hash
 * belongs to, or those whose name in their own script, Latin form or sort key (in any case and spacing),
 * organisation or email contains the text.
 */
export async function deskGuestRows(q: Queryable, eventId: number, find: { guestId: number } | { inviteHash: string } | { text: string }, limit: number): Promise<DeskGuestRow[]> {
  let query = q
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
  if ('guestId' in find) query = query.where('guests.id', '=', find.guestId);
  else if ('inviteHash' in find) query = query.where('guests.invite_hash', '=', find.inviteHash);
  else {
    const text = find.text.trim().toLowerCase();
    const pattern = `%${escapeLike(text)}%`;
    const squashed = `%${escapeLike(text.replace(/\s+/g, ''))}%`;
    const like = (column: string, p: string) => sql<boolean>`lower(${sql.ref(column)}) like ${p} escape '\\'`;
    const squash = (column: string) => sql<boolean>`replace(lower(${sql.ref(column)}), ' ', '') like ${squashed} escape '\\'`;
    query = query.where((eb) =>
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
    );
  }
  return query.orderBy('guests.sort_key').orderBy('guests.id').limit(limit).execute();
}

/** Sets the guest's badge pickup time unless one is set (of two desks at once, one wins); answers whether it set it. */
export async function markBadgeCollected(q: Queryable, eventId: number, guestId: number, at: string): Promise<boolean> {
  const updated = await q
    .updateTable('guests')
    .set({ badge_collected_at: at, updated_at: at })
    .where('id', '=', guestId)
    .where('event_id', '=', eventId)
    .where('badge_collected_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}
