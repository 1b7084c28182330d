import type { RideStatus } from '../../../src/modules/logistics/carts.schema.js';

/**
 * What the guest's phone keeps about carts: the open ride (so reopening the app finds it) and, when the app
 * once showed the guest's badge, its QR text (so a call can say who is calling without typing a phone number).
 */
const RIDE_KEY = 'huiwu.cart.ride';

export interface OpenRide {
  token: string;
  slug: string;
}

/** A ride that can still change: the guest is waiting for or riding in a cart. */
export const OPEN_STATUSES: ReadonlySet<RideStatus> = new Set<RideStatus>(['assigned', 'onboard', 'rescue']);

export function readOpenRide(): OpenRide | null {
  try {
    const v = JSON.parse(localStorage.getItem(RIDE_KEY) ?? 'null') as OpenRide | null;
    return v && typeof v.token === 'string' && typeof v.slug === 'string' ? v : null;
  } catch {
    return null;
  }
}
export const keepOpenRide = (ride: OpenRide) => localStorage.setItem(RIDE_KEY, JSON.stringify(ride));
/** Forgets the kept ride, but only if it is this one (a newer call must not be dropped by an old page). */
export function forgetOpenRide(token: string): void {
  if (readOpenRide()?.token === token) localStorage.removeItem(RIDE_KEY);
}

/** The badge QR text the badge page saved on this device for the event (huiwu.badge.<slug>.<user>), if any. */
export function savedBadgePayload(slug: string): string | null {
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(`huiwu.badge.${slug}.`)) continue;
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as { badge?: { payload?: unknown } } | null;
      if (typeof saved?.badge?.payload === 'string') return saved.badge.payload;
    } catch {
      // an unreadable entry is no badge
    }
  }
  return null;
}

/** The follow page of a ride (the contract's link form, /app/ride/<token>). */
export const ridePath = (token: string) => `/app/ride/${encodeURIComponent(token)}`;
export const callPath = (slug: string, stop?: string) =>
  `/app/cart/${encodeURIComponent(slug)}${stop ? `/${encodeURIComponent(stop)}` : ''}`;
