import type { Selectable, Updateable } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import type { CategoriesTable } from './people.tables.js';

/**
 * The guest categories' store (ADR 0013): people imports, validates and shows a guest's category, so the table is
 * people's; accreditation manages it on the console, gives each category its zones and prints its colour, through
 * these functions. Each takes the caller's connection or transaction.
 */

export type CategoryRow = Selectable<CategoriesTable>;

/** The event's categories in their order (position, then id); `only` narrows to one id or one code. */
export async function eventCategories(q: Queryable, eventId: number, only: { id?: number; code?: string } = {}): Promise<CategoryRow[]> {
  let query = q.selectFrom('categories').selectAll().where('event_id', '=', eventId);
  if (only.id !== undefined) query = query.where('id', '=', only.id);
  if (only.code !== undefined) query = query.where('code', '=', only.code);
  return query.orderBy('position').orderBy('id').execute();
}

/** Categories by id, whatever their event (an unknown id is left out). */
export async function categoriesById(q: Queryable, ids: readonly number[]): Promise<Map<number, CategoryRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q.selectFrom('categories').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether another category of the event (not `except`) has this code. */
export async function categoryCodeTaken(q: Queryable, eventId: number, code: string, except: number | null): Promise<boolean> {
  let query = q.selectFrom('categories').select('id').where('event_id', '=', eventId).where('code', '=', code);
  if (except !== null) query = query.where('id', '!=', except);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Adds a category; without a position it goes last. Answers its id. */
export async function insertCategory(
  q: Queryable,
  row: { event_id: number; code: string; name_zh: string; name_en: string; color: string; position?: number },
): Promise<number> {
  let position = row.position;
  if (position === undefined) {
    const last = await q.selectFrom('categories').select((eb) => eb.fn.max('position').as('p')).where('event_id', '=', row.event_id).executeTakeFirst();
    position = last?.p == null ? 0 : Number(last.p) + 1;
  }
  const inserted = await q.insertInto('categories').values({ ...row, position }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Changes a category's columns (the event's: `eventId` keeps the SET non-empty when nothing else changes). */
export async function updateCategory(q: Queryable, eventId: number, categoryId: number, columns: Omit<Updateable<CategoriesTable>, 'id' | 'event_id'>): Promise<void> {
  await q.updateTable('categories').set({ event_id: eventId, ...columns }).where('id', '=', categoryId).execute();
}

/** Deletes a category; the caller first removes what references it (accreditation's zone windows). */
export async function deleteCategoryRow(q: Queryable, categoryId: number): Promise<void> {
  await q.deleteFrom('categories').where('id', '=', categoryId).execute();
}

/** How many of the event's guests hold each of these categories (a category nobody holds is left out). */
export async function categoryHolders(q: Queryable, eventId: number, categoryIds: readonly number[]): Promise<Map<number, number>> {
  if (categoryIds.length === 0) return new Map();
  const counts = await q
    .selectFrom('guests')
    .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', '=', eventId)
    .where('category_id', 'in', [...new Set(categoryIds)])
    .groupBy('category_id')
    .execute();
  return new Map(counts.map((c) => [c.category_id!, Number(c.n)]));
}

/** Whether any guest (of any event) holds the category. */
export async function categoryHeld(q: Queryable, categoryId: number): Promise<boolean> {
  return (await q.selectFrom('guests').select('id').where('category_id', '=', categoryId).executeTakeFirst()) !== undefined;
}
