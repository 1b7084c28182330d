import type { Cart } from '../../engines/dispatch/index.js';
import type { Loaded } from './dispatch-state.js';

/** A phone within this many metres of a stop is there. */
export const AT_STOP_METRES = 40;
/** A phone within this many metres of a road link's straight line is on the network. */
export const ON_LINK_METRES = 150;

type LatLon = { lat: number; lon: number };

/** metres east and north of `origin` (an equirectangular projection: exact enough over a venue) */
function local(origin: LatLon, p: LatLon): [number, number] {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  return [(p.lon - origin.lon) * rad * R * Math.cos(origin.lat * rad), (p.lat - origin.lat) * rad * R];
}

/** The distance from p to the segment a–b, and how far along it (0–1) the nearest point lies. */
function toSegment(p: LatLon, a: LatLon, b: LatLon): { metres: number; along: number } {
  const [bx, by] = local(a, b);
  const [px, py] = local(a, p);
  const len2 = bx * bx + by * by;
  const along = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
  return { metres: Math.hypot(px - along * bx, py - along * by), along };
}

export type Location =
  /** at a stop (an engine node) */
  | { kind: 'stop'; stopId: number }
  /** driving on a link of the way to the cart's next plan stop: it reaches `node` in `seconds` */
  | { kind: 'link'; node: number; seconds: number }
  /** near a road, but not one the cart's plan takes: shown on the map only */
  | { kind: 'road' };

const EPS = 1e-6;

/**
 * Where a phone's position puts the cart: at a stop, on a road of its way (so its ETAs count from there), near some
 * other road, or nowhere on the network (null).
 */
export function locateCart(loaded: Loaded, cart: Cart, p: LatLon, nowSec: number): Location | null {
  let nearest: { stopId: number; metres: number } | null = null;
  for (const st of loaded.stops) {
    const metres = toSegment(p, st, st).metres;
    if (!nearest || metres < nearest.metres) nearest = { stopId: st.id, metres };
  }
  if (nearest && nearest.metres <= AT_STOP_METRES) return { kind: 'stop', stopId: nearest.stopId };
  const near = loaded.links
    .map((l) => ({ l, ...toSegment(p, loaded.stops[l.from]!, loaded.stops[l.to]!) }))
    .filter((c) => c.metres <= ON_LINK_METRES)
    .sort((a, b) => a.metres - b.metres);
  if (near.length === 0) return null;
  const next = nextNode(loaded, cart);
  if (next !== null) {
    const travel = loaded.paths.travel;
    for (const { l, along } of near) {
      // the link is on a fastest way to the next stop, and the cart is at (or past) its start, or driving to its end
      const onWay = Math.abs(l.seconds + travel(l.to, next) - travel(l.from, next)) < EPS;
      const reached = Math.abs(travel(cart.node, l.from) + travel(l.from, next) - travel(cart.node, next)) < EPS;
      const driving = cart.node === l.to && cart.freeAt > nowSec;
      if (onWay && (reached || driving)) return { kind: 'link', node: l.to, seconds: (1 - along) * l.seconds };
    }
  }
  return { kind: 'road' };
}

function nextNode(loaded: Loaded, cart: Cart): number | null {
  const first = cart.plan[0];
  if (!first) return null;
  const r = loaded.state.requests.find((q) => q.id === first.request);
  if (!r) return null;
  return first.kind === 'pickup' ? r.origin : r.destination;
}
