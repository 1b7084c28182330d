import type { NetworkLink } from '../engines/dispatch/network.js';
import type { SimCall, SimInput } from '../engines/dispatch/simulate.js';
import { DEMO_CART_RULES, DEMO_LINKS, DEMO_STOPS, type DemoCart } from './wic2017-carts.js';
import { mulberry32 } from './generate-people.js';

/**
 * Seeded cart demand on the demo network, for the simulator and the bench. Invented but shaped on the WIC week:
 * about 1,500 guests; a steady day of calls across the stops with peaks at lunch (the banquet hall) and in the
 * evening (hotels, the old town); and the surge when the opening ceremony ends, a few hundred calls in twenty
 * minutes from the convention centre's three exits to the hotels, the expo halls and the old town. Parties are
 * mostly 1–4, a few 5–6; about 3 % need a wheelchair place; about 3 % of callers are gone when the cart comes.
 */
export const CART_PROFILES = ['mixed', 'surge', 'day'] as const;
export type CartProfile = (typeof CART_PROFILES)[number];

const hour = (h: number) => h * 3600;
/** The opening ceremony ends at 11:30. */
const SURGE_AT = hour(11.5);
const SURGE_CALLS = 260;
const SURGE_MINUTES = 20;

/** The demo's seeded generator (mulberry32): the same demand on every machine for a seed. */
export const seededRandom = mulberry32;

type Weights = Record<string, number>;
const pick = (rnd: () => number, w: Weights, not?: string): string => {
  const entries = Object.entries(w).filter(([k]) => k !== not);
  let x = rnd() * entries.reduce((a, [, v]) => a + v, 0);
  for (const [k, v] of entries) if ((x -= v) < 0) return k;
  return entries[entries.length - 1]![0];
};

/** How busy each stop is through the day, as an origin or a destination. */
const DAY: Weights = {
  'CC-N': 10,
  'CC-S': 8,
  'CC-VIP': 3,
  'EXPO-1': 7,
  'EXPO-2': 5,
  PRESS: 4,
  BANQUET: 4,
  'XZ-N': 5,
  'XZ-THEATRE': 3,
  'XZ-INNS': 5,
  'HOTEL-W': 7,
  'HOTEL-E': 7,
  DZ: 3,
  VISITOR: 3,
  P1: 4,
};
/** Where people go at a given hour: mornings to the centre, lunch at the banquet, evenings to hotels and the town. */
function destinations(h: number): Weights {
  const w = { ...DAY };
  if (h < 10.5) for (const k of ['CC-N', 'CC-S', 'CC-VIP', 'EXPO-1']) w[k]! *= 2.5;
  if (h >= 12 && h < 13.5) w['BANQUET']! *= 5;
  if (h >= 17) for (const k of ['HOTEL-W', 'HOTEL-E', 'XZ-INNS', 'XZ-THEATRE', 'DZ']) w[k]! *= 2.5;
  return w;
}
/** Calls per hour from 09:00 to 19:00. */
const DAY_RATE = [60, 45, 45, 75, 65, 45, 45, 55, 85, 70];

const SURGE_FROM: Weights = { 'CC-N': 45, 'CC-S': 35, 'CC-VIP': 20 };
const SURGE_TO: Weights = {
  'HOTEL-W': 20,
  'HOTEL-E': 20,
  'EXPO-1': 12,
  'EXPO-2': 8,
  'XZ-N': 8,
  'XZ-INNS': 10,
  'XZ-THEATRE': 4,
  DZ: 5,
  BANQUET: 5,
  PRESS: 5,
  P1: 3,
};

function party(rnd: () => number): number {
  const x = rnd();
  return x < 0.35 ? 1 : x < 0.65 ? 2 : x < 0.82 ? 3 : x < 0.94 ? 4 : x < 0.98 ? 5 : 6;
}

export interface DemandCall {
  id: string;
  at: number;
  origin: string;
  destination: string;
  party: number;
  wheelchair: boolean;
  noShow: boolean;
}

export interface CartDemand {
  profile: CartProfile;
  /** seconds since midnight when the simulation starts (carts free at their homes) */
  start: number;
  calls: DemandCall[];
  /** the cart that breaks down, and when */
  breakdown: { cart: string; at: number };
}

export function cartDemand(profile: CartProfile, seed: number): CartDemand {
  const rnd = seededRandom(seed);
  const calls: DemandCall[] = [];
  const add = (at: number, origin: string, destination: string) => {
    const wheelchair = rnd() < 0.03;
    calls.push({
      id: `r${calls.length + 1}`,
      at: Math.round(at),
      origin,
      destination,
      // a wheelchair user travels with at most three companions, so any accessible cart takes the party
      party: wheelchair ? Math.min(4, party(rnd)) : party(rnd),
      wheelchair,
      noShow: rnd() < 0.03,
    });
  };
  const steady = (from: number, to: number) => {
    for (let h = from; h < to; h++) {
      const rate = DAY_RATE[h - 9] ?? 40;
      for (let t = hour(h) - (Math.log(1 - rnd()) * 3600) / rate; t < hour(h + 1); t -= (Math.log(1 - rnd()) * 3600) / rate) {
        const origin = pick(rnd, DAY);
        add(t, origin, pick(rnd, destinations(t / 3600), origin));
      }
    }
  };
  const surge = () => {
    // calls pour in as the hall empties and tail off: density falling linearly over the twenty minutes
    for (let i = 0; i < SURGE_CALLS; i++) {
      const u = 1 - Math.sqrt(1 - rnd());
      const origin = pick(rnd, SURGE_FROM);
      add(SURGE_AT + u * SURGE_MINUTES * 60, origin, pick(rnd, SURGE_TO, origin));
    }
  };
  if (profile === 'day') steady(9, 19);
  if (profile === 'mixed') {
    steady(9, 19);
    surge();
  }
  if (profile === 'surge') {
    steady(11, 12);
    surge();
  }
  calls.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const start = profile === 'surge' ? hour(11) : hour(9);
  return { profile, start, calls, breakdown: { cart: 'C03', at: profile === 'day' ? hour(15) : SURGE_AT + 10 * 60 } };
}

/** The demo fleet at any size: the pattern of DEMO_CARTS (every fifth cart takes a wheelchair) continued. */
export function demoFleet(n: number): DemoCart[] {
  const homes = ['CC-N', 'CC-S', 'EXPO-1', 'HOTEL-W', 'HOTEL-E', 'XZ-N', 'P1'];
  return Array.from({ length: n }, (_, i) => {
    const accessible = i % 5 === 4;
    return { code: `C${String(i + 1).padStart(2, '0')}`, seats: accessible ? 6 : 8, accessible, home: homes[i % homes.length]! };
  });
}

/** Everything the simulator needs for the demo network, `carts` carts and a profile's seeded demand. */
export function demoSimInput(carts: number, seed: number, profile: CartProfile): SimInput {
  const index = new Map(DEMO_STOPS.map((s, i) => [s.code, i]));
  const at = (code: string) => index.get(code)!;
  const links: NetworkLink[] = DEMO_LINKS.map((l) => ({ from: at(l.from), to: at(l.to), seconds: l.seconds, metres: l.metres }));
  const demand = cartDemand(profile, seed);
  const calls: SimCall[] = demand.calls.map((c) => ({ ...c, origin: at(c.origin), destination: at(c.destination) }));
  return {
    nodes: DEMO_STOPS.length,
    links,
    carts: demoFleet(carts).map((c) => ({ id: c.code, seats: c.seats, accessible: c.accessible, node: at(c.home) })),
    calls,
    rules: DEMO_CART_RULES,
    start: demand.start,
    breakdown: carts > 3 ? demand.breakdown : null,
  };
}
