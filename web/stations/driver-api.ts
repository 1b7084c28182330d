import type { DriverUpdate, DriverView } from '../../src/modules/logistics/carts.schema.js';
import { ApiError } from '../shared/api.js';
import { stationFetch, unreachable } from './station-api.js';

/**
 * The driver's updates to the server. Each carries a sequence number strictly above the last one the cart sent
 * (the server refuses replays and reordering), taken as max(last + 1, now in ms) so that a phone that lost its
 * memory still starts above anything it sent before. Updates made without network wait in localStorage, in
 * order, and go as one array when the server answers again.
 */

/** An update as the station composes it; the cart, seq and time are added when it is stamped. */
type Omit3<T> = T extends unknown ? Omit<T, 'cart' | 'seq' | 'at'> : never;
export type UpdateBody = Omit3<DriverUpdate>;

const key = (what: string, slug: string, cart: string) => `huiwu.driver.${what}.${slug}.${cart}`;

function readJson<T>(k: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(k) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

export const queued = (slug: string, cart: string): DriverUpdate[] => readJson<DriverUpdate[]>(key('queue', slug, cart), []);
function saveQueue(slug: string, cart: string, q: DriverUpdate[]): void {
  if (q.length) localStorage.setItem(key('queue', slug, cart), JSON.stringify(q));
  else localStorage.removeItem(key('queue', slug, cart));
}

/** The next sequence number: above the server's last, above anything this phone stamped, and at least now. */
export function nextSeq(slug: string, cart: string, serverSeq: number): number {
  const last = Math.max(Number(localStorage.getItem(key('seq', slug, cart))) || 0, serverSeq);
  const seq = Math.max(last + 1, Date.now());
  localStorage.setItem(key('seq', slug, cart), String(seq));
  return seq;
}

export function stamp(slug: string, cart: string, serverSeq: number, body: UpdateBody): DriverUpdate {
  return { ...body, cart, seq: nextSeq(slug, cart, serverSeq), at: new Date().toISOString() } as DriverUpdate;
}

export type SendResult =
  | { state: 'sent'; view: DriverView }
  | { state: 'queued'; waiting: number }
  | { state: 'refused'; error: ApiError }
  /** nothing was waiting (an earlier send took this update along) */
  | { state: 'idle' };

const updatesPath = (slug: string) => `/api/v1/events/${encodeURIComponent(slug)}/driver/updates`;

// one request at a time: two overlapping sends would both carry the queue, and the second would be a replay
let chain: Promise<unknown> = Promise.resolve();

/**
 * Stamps this update (if any) now and sends everything waiting, in order. Without an answer it all stays queued
 * (only the newest position is kept: an old position is no news). A refusal drops what was sent: kept, it would
 * be refused forever; the refreshed view then shows what the server holds.
 */
export function send(slug: string, cart: string, serverSeq: number, body: UpdateBody | null): Promise<SendResult> {
  if (body) {
    const update = stamp(slug, cart, serverSeq, body);
    const waiting = queued(slug, cart).filter((u) => update.kind !== 'position' || u.kind !== 'position');
    saveQueue(slug, cart, [...waiting, update]);
  }
  const run = chain.then(() => flush(slug, cart));
  chain = run.catch(() => undefined);
  return run;
}

async function flush(slug: string, cart: string): Promise<SendResult> {
  let refused: ApiError | null = null;
  for (;;) {
    const all = queued(slug, cart);
    if (all.length === 0) return refused ? { state: 'refused', error: refused } : { state: 'idle' };
    if (!navigator.onLine) return { state: 'queued', waiting: all.length };
    try {
      const res = await stationFetch<DriverView>('POST', updatesPath(slug), all.length === 1 ? all[0] : all);
      dropSent(slug, cart, all);
      return refused ? { state: 'refused', error: refused } : { state: 'sent', view: res.data };
    } catch (err) {
      if (unreachable(err) || !(err instanceof ApiError)) return { state: 'queued', waiting: queued(slug, cart).length };
      refused = err;
      // the server applies a queue whole or not at all and names the refused update by its index: drop that one
      // and send the rest again; a refusal naming no index drops everything sent
      const index = all.length > 1 ? /^(\d+)\./.exec(err.field ?? '')?.[1] : undefined;
      const bad = index === undefined ? undefined : all[Number(index)];
      dropSent(slug, cart, bad ? [bad] : all);
      if (!bad) return { state: 'refused', error: err };
    }
  }
}

/** Removes the updates just sent, keeping any stamped meanwhile (a position may arrive during the request). */
function dropSent(slug: string, cart: string, sent: DriverUpdate[]): void {
  const gone = new Set(sent.map((u) => u.seq));
  saveQueue(
    slug,
    cart,
    queued(slug, cart).filter((u) => !gone.has(u.seq)),
  );
}

export const driverPath = (slug: string, cart: string | null) =>
  `/api/v1/events/${encodeURIComponent(slug)}/driver${cart ? `?cart=${encodeURIComponent(cart)}` : ''}`;

/** Where the driver arrived last and when, so the no-show button opens after the rules' wait even after a reload. */
export interface Arrival {
  stop: string;
  at: number;
}
export const lastArrival = (slug: string, cart: string): Arrival | null => readJson<Arrival | null>(key('arrived', slug, cart), null);
export const rememberArrival = (slug: string, cart: string, a: Arrival) =>
  localStorage.setItem(key('arrived', slug, cart), JSON.stringify(a));

export const CART_KEY = (slug: string) => `huiwu.driver.cart.${slug}`;
export const SHARE_KEY = 'huiwu.driver.sharePosition';
