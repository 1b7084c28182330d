import type { z } from 'zod';
import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { returnCartToService, takeCartOutOfService } from './breakdown-cart.js';
import type { CartAdmin, CartInput, CartPatch } from './carts.schema.js';
import { cartAdminViews } from './network.store.js';

type NewCart = z.output<typeof CartInput>;
type CartChange = z.output<typeof CartPatch>;

export async function listCarts(deps: Deps, eventId: number): Promise<Result<CartAdmin[]>> {
  return ok(await cartAdminViews(deps.db, eventId));
}

async function activeStop(db: Queryable, eventId: number, code: string, field: string): Promise<Result<number>> {
  const stop = await db
    .selectFrom('cart_stops')
    .select('id')
    .where('event_id', '=', eventId)
    .where('code', '=', code)
    .where('active', '=', 1)
    .executeTakeFirst();
  return stop ? ok(stop.id) : refuse('fleet_stop_not_active', field, { code });
}

async function driverAccount(db: Queryable, email: string): Promise<Result<number>> {
  const user = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return user ? ok(user.id) : refuse('fleet_driver_unknown', 'driver', { email });
}

/** A shift ends after it starts on the same day ("24:00" is midnight at its end). */
const shiftRefusal = (start: string, end: string): Refusal | null => (end <= start ? refuse('ends_before_start', 'shiftEnd') : null);

/** The driver's station opens to the `driver` role: an account named as a cart's driver gets it in this event. */
async function grantDriverRole(db: Queryable, eventId: number, userId: number): Promise<void> {
  const held = await db
    .selectFrom('role_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', 'driver')
    .where((eb) => eb.or([eb('event_id', '=', eventId), eb('event_id', 'is', null)]))
    .executeTakeFirst();
  if (!held) await db.insertInto('role_grants').values({ user_id: userId, role: 'driver', event_id: eventId, board_id: null }).execute();
}

/** Adds a cart at its home stop, free from now, with an empty plan. */
export async function createCart(deps: Deps, actor: Actor, eventId: number, input: NewCart, now = deps.now()): Promise<Result<CartAdmin>> {
  const taken = await deps.db
    .selectFrom('carts')
    .select('id')
    .where('event_id', '=', eventId)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (taken) return refuse('code_taken', 'code', { code: input.code });
  const shift = shiftRefusal(input.shiftStart, input.shiftEnd);
  if (shift) return shift;
  const home = await activeStop(deps.db, eventId, input.home, 'home');
  if (!home.ok) return home;
  const driver = input.driver ? await driverAccount(deps.db, input.driver) : ok(null);
  if (!driver.ok) return driver;

  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('carts')
      .values({
        event_id: eventId,
        code: input.code,
        seats: input.seats,
        accessible: input.accessible ? 1 : 0,
        driver_user_id: driver.value,
        shift_start: input.shiftStart,
        shift_end: input.shiftEnd,
        in_service: 1,
        node_stop_id: home.value,
        free_at: now,
        plan: '[]',
        updated_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (driver.value !== null) await grantDriverRole(trx, eventId, driver.value);
    return row.id;
  });
  await emit(deps, actor, eventId, { type: 'carts.cart_saved', payload: { cart: input.code, created: true, fields: Object.keys(input) } });
  return ok((await cartAdminViews(deps.db, eventId, id))[0]!);
}

/**
 * Changes a cart. Taking it out of service or back in goes through the rides service (its waiting passengers are
 * reassigned, its plan rebuilt); that runs first, so a refusal there leaves the rest of the change unwritten too.
 */
export async function patchCart(
  deps: Deps,
  actor: Actor,
  eventId: number,
  code: string,
  patch: CartChange,
  now = deps.now(),
): Promise<Result<CartAdmin>> {
  const cart = await deps.db.selectFrom('carts').selectAll().where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst();
  if (!cart) return refuse('not_found', 'cart');
  if (patch.seats !== undefined) {
    const row = await deps.db
      .selectFrom('cart_rides')
      .select((eb) => eb.fn.sum<number | string>('party').as('people'))
      .where('cart_id', '=', cart.id)
      .where('status', '=', 'onboard')
      .executeTakeFirst();
    const aboard = Number(row?.people ?? 0);
    if (patch.seats < aboard) return refuse('fleet_seats_below_aboard', 'seats', { aboard });
  }
  const shift = shiftRefusal(patch.shiftStart ?? cart.shift_start, patch.shiftEnd ?? cart.shift_end);
  if (shift && (patch.shiftStart !== undefined || patch.shiftEnd !== undefined))
    return { ...shift, field: patch.shiftEnd !== undefined ? 'shiftEnd' : 'shiftStart' };
  const driver = patch.driver ? await driverAccount(deps.db, patch.driver) : ok(patch.driver === null ? null : undefined);
  if (!driver.ok) return driver;

  const inService = Number(cart.in_service) === 1;
  if (patch.inService === true && !inService) {
    if (patch.stop === undefined) return refuse('fleet_stop_required', 'stop');
    const stop = await activeStop(deps.db, eventId, patch.stop, 'stop');
    if (!stop.ok) return stop;
    const back = await returnCartToService(deps, eventId, cart.code, patch.stop, now);
    if (!back.ok) return back;
  } else if (patch.inService === false && inService) {
    const out = await takeCartOutOfService(deps, eventId, cart.code, now);
    if (!out.ok) return out;
  }

  const columns = {
    ...(patch.seats !== undefined && { seats: patch.seats }),
    ...(patch.accessible !== undefined && { accessible: patch.accessible ? 1 : 0 }),
    ...(driver.value !== undefined && { driver_user_id: driver.value }),
    ...(patch.shiftStart !== undefined && { shift_start: patch.shiftStart }),
    ...(patch.shiftEnd !== undefined && { shift_end: patch.shiftEnd }),
  };
  if (Object.keys(columns).length) {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('carts')
        .set({ ...columns, updated_at: nowIso() })
        .where('id', '=', cart.id)
        .execute();
      if (driver.value) await grantDriverRole(trx, eventId, driver.value);
    });
    // going out of or back into service publishes its own event from the rides service
    await emit(deps, actor, eventId, {
      type: 'carts.cart_saved',
      payload: { cart: cart.code, created: false, fields: Object.keys(columns) },
    });
  }
  return ok((await cartAdminViews(deps.db, eventId, cart.id))[0]!);
}
