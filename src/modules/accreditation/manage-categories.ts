import { type Actor, type Deps, emit } from '../../platform/deps.js';
import type { EventRow } from '../events/index.js';
import { categoryCodeTaken, categoryHeld, deleteCategoryRow, guestCategories, insertCategory, updateCategory } from '../people/index.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { CategoryInput, CategoryPatch, CategoryView, ZoneWindow } from './accreditation.schema.js';
import { checkOwned, checkWindow, listCategories, utc } from './accreditation.store.js';

/** Every zone window of a category: the zone is this event's, the window ends after it starts, inside the event. */
async function checkZones(deps: Deps, event: EventRow, zones: ZoneWindow[]): Promise<Refusal | null> {
  for (const [i, z] of zones.entries()) {
    const bad = (await checkOwned(deps.db, 'zones', z.zoneId, event.id, `zones.${i}.zoneId`)) ?? checkWindow(event, z, `zones.${i}.`);
    if (bad) return bad;
  }
  return null;
}

async function codeTaken(deps: Deps, eventId: number, code: string, except: number | null): Promise<Refusal | null> {
  return (await categoryCodeTaken(deps.db, eventId, code, except)) ? refuse('code_taken', 'code', { code }) : null;
}

const zoneRows = (categoryId: number, zones: ZoneWindow[]) =>
  zones.map((z) => ({ category_id: categoryId, zone_id: z.zoneId, starts_at: utc(z.startsAt), ends_at: utc(z.endsAt) }));

export async function listEventCategories(deps: Deps, eventId: number): Promise<Result<CategoryView[]>> {
  return ok(await listCategories(deps.db, eventId));
}

/** Creates a category (categoryId null) or changes one; its zone windows, when given, replace the old ones. */
export async function saveCategory(
  deps: Deps,
  actor: Actor,
  event: EventRow,
  categoryId: number | null,
  input: CategoryInput | CategoryPatch,
): Promise<Result<CategoryView>> {
  if (categoryId !== null) {
    const [exists] = await guestCategories(deps.db, event.id, { id: categoryId });
    if (!exists) return refuse('not_found', 'id');
  }
  const bad = (input.code !== undefined ? await codeTaken(deps, event.id, input.code, categoryId) : null) ?? (input.zones ? await checkZones(deps, event, input.zones) : null);
  if (bad) return bad;

  const id = await deps.db.transaction().execute(async (trx) => {
    const columns = {
      ...(input.code !== undefined && { code: input.code }),
      ...(input.name && { name_zh: input.name.zh, name_en: input.name.en }),
      ...(input.color !== undefined && { color: input.color.toLowerCase() }),
      ...(input.position !== undefined && { position: input.position }),
    };
    let id: number;
    if (categoryId === null) {
      const full = input as CategoryInput;
      // a new category goes last unless placed
      id = await insertCategory(trx, { event_id: event.id, code: full.code, name_zh: full.name.zh, name_en: full.name.en, color: full.color.toLowerCase(), position: full.position });
    } else {
      id = categoryId;
      await updateCategory(trx, event.id, id, columns);
    }
    if (input.zones) {
      await trx.deleteFrom('category_zones').where('category_id', '=', id).execute();
      const rows = zoneRows(id, input.zones);
      if (rows.length > 0) await trx.insertInto('category_zones').values(rows).execute();
    }
    return id;
  });

  await emit(deps, actor, event.id, {
    type: 'accreditation.category_saved',
    payload: { categoryId: id, created: categoryId === null, fields: Object.keys(input) },
  });
  const [view] = await listCategories(deps.db, event.id, id);
  return ok(view!);
}

/** Deletes a category nobody holds; a category given to guests is refused with `in_use`. */
export async function deleteCategory(deps: Deps, actor: Actor, eventId: number, categoryId: number): Promise<Result<{ id: number }>> {
  const [row] = await guestCategories(deps.db, eventId, { id: categoryId });
  if (!row) return refuse('not_found', 'id');
  if (await categoryHeld(deps.db, categoryId)) return refuse('in_use', 'id');
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('category_zones').where('category_id', '=', categoryId).execute();
    await deleteCategoryRow(trx, categoryId);
  });
  await emit(deps, actor, eventId, { type: 'accreditation.category_deleted', payload: { categoryId, code: row.code } });
  return ok({ id: categoryId });
}
