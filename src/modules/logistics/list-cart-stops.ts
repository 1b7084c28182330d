import type { EventRow } from '../events/index.js';
import type { Deps } from '../../platform/deps.js';
import type { PublicStops } from './carts.schema.js';
import { readRules } from './network.store.js';
import { publicStop } from './ride-view.js';

/** What the call page and the poster need: the active stops, the rules, and what the carts in service can take. */
export async function listCartStops(deps: Deps, event: EventRow): Promise<PublicStops> {
  const [stops, carts, rules] = await Promise.all([
    deps.db
      .selectFrom('cart_stops')
      .select(['id', 'code', 'name_zh', 'name_en', 'lat', 'lon', 'active'])
      .where('event_id', '=', event.id)
      .where('active', '=', 1)
      .orderBy('position')
      .orderBy('code')
      .execute(),
    deps.db.selectFrom('carts').select(['seats', 'accessible']).where('event_id', '=', event.id).where('in_service', '=', 1).execute(),
    readRules(deps.db, event.id),
  ]);
  return {
    event: { slug: event.slug, name: { zh: event.name_zh, en: event.name_en } },
    stops: stops.map(publicStop),
    rules,
    maxParty: Math.max(0, ...carts.map((c) => c.seats)),
    wheelchair: carts.some((c) => c.accessible === 1),
  };
}
