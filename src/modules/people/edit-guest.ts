import type { Deps } from '../../platform/deps.js';
import { nowIso, type Queryable } from '../../platform/db/database.js';
import type { GuestsTable } from './people.tables.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { GuestPatch } from './people.schema.js';
import { type Change, diff, type GuestRow } from './people.store.js';
import type { Updateable } from 'kysely';

async function checkRef(deps: Pick<Deps, 'db'>, table: 'categories' | 'delegations', id: number | null | undefined, eventId: number, field: string): Promise<Refusal | null> {
  if (id === null || id === undefined) return null;
  const row = await deps.db.selectFrom(table).select('event_id').where('id', '=', id).executeTakeFirst();
  if (!row) return refuse('not_found', field);
  return row.event_id === eventId ? null : refuse('wrong_event', field);
}

/** An organiser's correction of a guest's record, checked and ready to write. */
export interface GuestEditPlan {
  guest: GuestRow;
  set: Updateable<GuestsTable>;
  changes: Record<string, Change>;
}

/**
 * Checks the organisers' correction of a guest's record: names, contact, category, delegation and its head.
 * No changes is a plan with none. What a changed category means for an accredited guest's credential is the
 * command's (src/commands/change-guest-category.ts).
 */
export async function planGuestEdit(deps: Pick<Deps, 'db'>, eventId: number, guestId: number, patch: GuestPatch): Promise<Result<GuestEditPlan>> {
  const guest = await deps.db.selectFrom('guests').selectAll().where('id', '=', guestId).executeTakeFirst();
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'id');
  const bad = (await checkRef(deps, 'categories', patch.categoryId, eventId, 'categoryId')) ?? (await checkRef(deps, 'delegations', patch.delegationId, eventId, 'delegationId'));
  if (bad) return bad;
  if (patch.email) {
    const other = await deps.db.selectFrom('guests').select('id').where('event_id', '=', eventId).where('email', '=', patch.email).where('id', '!=', guestId).executeTakeFirst();
    if (other) return refuse('guest_email_taken', 'email');
  }

  const set: Updateable<GuestsTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  const latin = patch.nameLatin ?? (patch.name !== undefined && patch.name !== guest.name ? latinName(patch.name) : undefined);
  if (latin !== undefined) [set.name_latin, set.sort_key] = [latin, sortKey(latin)];
  if (patch.organisation !== undefined) set.organisation = patch.organisation || null;
  if (patch.title !== undefined) set.title = patch.title || null;
  if (patch.country !== undefined) set.country = patch.country || null;
  if (patch.email !== undefined) set.email = patch.email;
  if (patch.phone !== undefined) set.phone = patch.phone;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.categoryId !== undefined) set.category_id = patch.categoryId;
  if (patch.delegationId !== undefined) set.delegation_id = patch.delegationId;
  if (patch.delegationHead !== undefined) set.delegation_head = patch.delegationHead ? 1 : 0;

  const pick = (g: typeof guest | typeof set) => ({
    name: g.name,
    nameLatin: g.name_latin,
    organisation: g.organisation,
    title: g.title,
    country: g.country,
    email: g.email,
    phone: g.phone,
    language: g.language,
    categoryId: g.category_id,
    delegationId: g.delegation_id,
    delegationHead: g.delegation_head === undefined ? undefined : g.delegation_head === 1,
  });
  const changes = diff(pick(guest), { ...pick(guest), ...Object.fromEntries(Object.entries(pick(set)).filter(([, v]) => v !== undefined)) });
  return ok({ guest, set, changes });
}

/** Writes a planned correction in `trx` and returns its event (none when nothing changed). */
export async function applyGuestEdit(trx: Queryable, plan: GuestEditPlan) {
  if (Object.keys(plan.changes).length === 0) return [];
  await trx.updateTable('guests').set({ ...plan.set, updated_at: nowIso() }).where('id', '=', plan.guest.id).execute();
  return [{ type: 'guest.updated', payload: { guestId: plan.guest.id, changes: plan.changes, by: 'organiser' } }];
}
