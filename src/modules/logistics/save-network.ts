import type { z } from 'zod';
import { shortestPaths, unreachablePairs } from '../../engines/dispatch/network.js';
import type { Tx } from '../../platform/db/database.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { CartNetwork, CartNetworkInput } from './carts.schema.js';
import { OPEN_RIDE_STATUSES, readStops } from './network.store.js';
import { networkOf } from './read-network.js';

type NetworkInput = z.output<typeof CartNetworkInput>;
interface DirectedLink {
  from: number;
  to: number;
  seconds: number;
  metres: number;
}

/**
 * The shape of the network on its own: stop codes unique, links between listed stops (each direction once), and
 * every active stop reachable from every other active one, so no guest can call a cart to a place it cannot drive.
 */
function checkShape(input: NetworkInput): Result<DirectedLink[]> {
  const index = new Map<string, number>();
  for (const [i, s] of input.stops.entries()) {
    if (index.has(s.code)) return refuse('network_stop_repeated', `stops.${i}.code`, { code: s.code });
    index.set(s.code, i);
  }
  const links: DirectedLink[] = [];
  const seen = new Set<string>();
  for (const [i, l] of input.links.entries()) {
    const from = index.get(l.from);
    const to = index.get(l.to);
    if (from === undefined) return refuse('network_link_stop_unknown', `links.${i}.from`, { code: l.from });
    if (to === undefined) return refuse('network_link_stop_unknown', `links.${i}.to`, { code: l.to });
    if (from === to) return refuse('network_link_loop', `links.${i}.to`, { code: l.to });
    const directions = l.twoWay
      ? [
          [from, to],
          [to, from],
        ]
      : [[from, to]];
    for (const [a, b] of directions as Array<[number, number]>) {
      const key = `${a}>${b}`;
      if (seen.has(key)) return refuse('network_link_repeated', `links.${i}`, { from: input.stops[a]!.code, to: input.stops[b]!.code });
      seen.add(key);
      links.push({ from: a, to: b, seconds: l.seconds, metres: l.metres });
    }
  }
  // inactive stops stay on the road (carts may drive through them); only the active ones must all connect
  const paths = shortestPaths(input.stops.length, links);
  const active = (i: number) => input.stops[i]!.active;
  const gap = unreachablePairs(paths).find(([a, b]) => active(a) && active(b));
  if (gap) return refuse('network_unreachable', 'links', { from: input.stops[gap[0]]!.code, to: input.stops[gap[1]]!.code });
  return ok(links);
}

/**
 * Stops leaving the network (removed, or deactivated now) must not strand anyone: no open ride to or from them and
 * no cart standing there. A removed stop with only past rides is refused too, with the advice to deactivate it.
 */
async function checkLeaving(
  trx: Tx,
  eventId: number,
  input: NetworkInput,
  existing: Awaited<ReturnType<typeof readStops>>,
): Promise<Refusal | null> {
  const inputIndex = new Map(input.stops.map((s, i) => [s.code, i]));
  for (const stop of existing) {
    const i = inputIndex.get(stop.code);
    const removed = i === undefined;
    const deactivated = !removed && Number(stop.active) === 1 && !input.stops[i]!.active;
    if (!removed && !deactivated) continue;
    const field = removed ? 'stops' : `stops.${i}.active`;
    const rides = (statuses?: readonly string[]) => {
      let q = trx
        .selectFrom('cart_rides')
        .select('id')
        .where('event_id', '=', eventId)
        .where((eb) => eb.or([eb('origin_stop_id', '=', stop.id), eb('destination_stop_id', '=', stop.id)]));
      if (statuses) q = q.where('status', 'in', statuses);
      return q.limit(1).executeTakeFirst();
    };
    const cart = await trx
      .selectFrom('carts')
      .select('id')
      .where('event_id', '=', eventId)
      .where('node_stop_id', '=', stop.id)
      .limit(1)
      .executeTakeFirst();
    if (cart || (await rides(OPEN_RIDE_STATUSES))) return refuse('network_stop_in_use', field, { code: stop.code });
    if (removed && (await rides())) return refuse('network_stop_has_rides', field, { code: stop.code });
  }
  return null;
}

/**
 * Replaces an event's network in one transaction. Stops are matched by code and keep their ids, so rides and carts
 * keep their stops; links and rules are replaced whole.
 */
export async function saveNetwork(deps: Deps, actor: Actor, eventId: number, input: NetworkInput): Promise<Result<CartNetwork>> {
  const shape = checkShape(input);
  if (!shape.ok) return shape;
  const links = shape.value;

  const outcome = await deps.db
    .transaction()
    .execute(async (trx): Promise<Result<{ added: number; removed: number; network: CartNetwork }>> => {
      const existing = await readStops(trx, eventId);
      const leaving = await checkLeaving(trx, eventId, input, existing);
      if (leaving) return leaving;

      const byCode = new Map(existing.map((s) => [s.code, s]));
      const kept = new Set(input.stops.map((s) => s.code));
      const ids: number[] = [];
      let added = 0;
      for (const [position, s] of input.stops.entries()) {
        const columns = { name_zh: s.name.zh, name_en: s.name.en, lat: s.lat, lon: s.lon, active: s.active ? 1 : 0, position };
        const old = byCode.get(s.code);
        if (old) {
          await trx.updateTable('cart_stops').set(columns).where('id', '=', old.id).execute();
          ids.push(old.id);
        } else {
          const row = await trx
            .insertInto('cart_stops')
            .values({ event_id: eventId, code: s.code, ...columns })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.push(row.id);
          added++;
        }
      }
      await trx.deleteFrom('cart_links').where('event_id', '=', eventId).execute();
      const gone = existing.filter((s) => !kept.has(s.code)).map((s) => s.id);
      if (gone.length) await trx.deleteFrom('cart_stops').where('id', 'in', gone).execute();
      for (let i = 0; i < links.length; i += 500) {
        const rows = links
          .slice(i, i + 500)
          .map((l) => ({ event_id: eventId, from_stop_id: ids[l.from]!, to_stop_id: ids[l.to]!, seconds: l.seconds, metres: l.metres }));
        await trx.insertInto('cart_links').values(rows).execute();
      }
      const rules = {
        max_wait: input.rules.maxWaitSeconds,
        max_ride_factor: input.rules.maxRideFactor,
        no_show_seconds: input.rules.noShowSeconds,
      };
      await trx
        .insertInto('cart_settings')
        .values({ event_id: eventId, ...rules })
        .onConflict((oc) => oc.column('event_id').doUpdateSet(rules))
        .execute();
      return ok({ added, removed: gone.length, network: await networkOf(trx, eventId) });
    });
  if (!outcome.ok) return outcome;
  const { added, removed, network } = outcome.value;
  await emit(deps, actor, eventId, {
    type: 'carts.network_saved',
    payload: {
      stops: network.stops.length,
      active: network.stops.filter((s) => s.active).length,
      links: network.links.length,
      added,
      removed,
    },
  });
  return ok(network);
}
