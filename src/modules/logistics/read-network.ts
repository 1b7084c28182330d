import type { Deps } from '../../platform/deps.js';
import type { Queryable } from '../../platform/db/database.js';
import { ok, type Result } from '../../platform/result.js';
import type { CartNetwork } from './carts.schema.js';
import { readRules, readStops, toStop } from './network.store.js';

/** The network as stored: stops in the organisers' order, each one-way link once, and the rules. */
export async function networkOf(db: Queryable, eventId: number): Promise<CartNetwork> {
  const stops = await readStops(db, eventId);
  const order = new Map(stops.map((s, i) => [s.id, i]));
  const code = new Map(stops.map((s) => [s.id, s.code]));
  const links = await db.selectFrom('cart_links').selectAll().where('event_id', '=', eventId).execute();
  links.sort((a, b) => order.get(a.from_stop_id)! - order.get(b.from_stop_id)! || order.get(a.to_stop_id)! - order.get(b.to_stop_id)!);
  return {
    stops: stops.map(toStop),
    links: links.map((l) => ({
      from: code.get(l.from_stop_id)!,
      to: code.get(l.to_stop_id)!,
      seconds: Number(l.seconds),
      metres: Number(l.metres),
    })),
    rules: await readRules(db, eventId),
  };
}

export async function readNetwork(deps: Deps, eventId: number): Promise<Result<CartNetwork>> {
  return ok(await networkOf(deps.db, eventId));
}
