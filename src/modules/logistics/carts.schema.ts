import { z } from 'zod';
import { Bilingual, Id, Instant } from '../../platform/schema.js';

/**
 * Sightseeing carts: the network (stops and one-way road links), the fleet, the guest's ride, the driver's
 * station and the console's live view. One set of shapes for routes, CLI, simulator-over-HTTP and web forms.
 */

/** A stop code as printed on its poster and in its QR link: letters, digits and dashes. */
export const StopCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,23}$/, 'letters, digits and dashes, at most 24')
  .transform((s) => s.toUpperCase());
export const CartCode = StopCode;
/** HH:MM on the event's clock; 24:00 ends a shift at midnight. */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

export const CartRules = z
  .object({
    /** a guest is picked up within this many seconds of the call, or told at once that they would not be */
    maxWaitSeconds: z.number().int().min(60).max(3600),
    /** the ride takes at most this factor of the direct driving time (the price of sharing) */
    maxRideFactor: z.number().min(1).max(5),
    /** how long a cart waits at the pickup before the driver may report a no-show */
    noShowSeconds: z.number().int().min(30).max(1800),
  })
  .strict();
export type CartRules = z.infer<typeof CartRules>;

export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

/** A stop's name on its poster and in the call page: both languages, never blank. */
const StopName = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }).strict();

export const CartStop = z
  .object({
    code: StopCode,
    name: StopName,
    lat: Latitude,
    lon: Longitude,
    /** an inactive stop keeps its history and its rides but takes no new calls */
    active: z.boolean(),
  })
  .strict();
export type CartStop = z.infer<typeof CartStop>;

export const CartLinkInput = z
  .object({
    from: StopCode,
    to: StopCode,
    /** driving time in seconds */
    seconds: z.number().int().min(1).max(7200),
    metres: z.number().int().min(1).max(100_000),
    /** also add the link back the other way, with the same time and length */
    twoWay: z.boolean().default(false),
  })
  .strict();

/** PUT replaces the whole network in one transaction (stops are matched by code; rides keep their stops). */
export const CartNetworkInput = z
  .object({
    stops: z.array(CartStop).min(2).max(200),
    links: z.array(CartLinkInput).min(1).max(2000),
    rules: CartRules,
  })
  .strict();
export type CartNetworkInput = z.input<typeof CartNetworkInput>;

export const CartLink = z.object({ from: z.string(), to: z.string(), seconds: z.number().int(), metres: z.number().int() });
/** A stop as answered (codes already upper case: no transform, so the response serialiser can write it). */
export const CartStopView = z.object({ code: z.string(), name: Bilingual(), lat: z.number(), lon: z.number(), active: z.boolean() });
export const CartNetwork = z.object({
  stops: z.array(CartStopView),
  /** one row per direction */
  links: z.array(CartLink),
  rules: CartRules,
});
export type CartNetwork = z.infer<typeof CartNetwork>;

/** The public face of the network: active stops only, for the call page and the poster. */
export const PublicStop = z.object({ code: z.string(), name: Bilingual(), lat: z.number(), lon: z.number() });
export type PublicStop = z.infer<typeof PublicStop>;
export const PublicStops = z.object({
  event: z.object({ slug: z.string(), name: Bilingual() }),
  stops: z.array(PublicStop),
  rules: CartRules,
  /** the largest party one cart takes, and whether any cart in service takes a wheelchair */
  maxParty: z.number().int(),
  wheelchair: z.boolean(),
  /** only on a simulation server (HUIWU_SIM_CLOCK_RATE > 1): how many times faster than real time the carts' clock runs */
  clockRate: z.number().optional(),
});
export type PublicStops = z.infer<typeof PublicStops>;

const CartFields = {
  code: CartCode,
  seats: z.number().int().min(1).max(30),
  accessible: z.boolean().default(false),
  /** the driver's account email, or null for none yet */
  driver: z.email().max(200).nullable().default(null),
  shiftStart: ClockTime,
  shiftEnd: ClockTime,
  /** the stop where the cart starts */
  home: StopCode,
};
export const CartInput = z.object(CartFields).strict();
export type CartInput = z.input<typeof CartInput>;
/**
 * PATCH: any field; `inService: false` takes the cart out (a breakdown: its waiting passengers are reassigned),
 * `inService: true` puts it back at `stop`. Written out without the defaults of CartInput, so a field left out is
 * left alone (zod would fill a partial default in).
 */
export const CartPatch = z
  .object({
    seats: CartFields.seats.optional(),
    accessible: z.boolean().optional(),
    driver: z.email().max(200).nullable().optional(),
    shiftStart: ClockTime.optional(),
    shiftEnd: ClockTime.optional(),
    inService: z.boolean().optional(),
    /** where the cart returns to service (with `inService: true`) */
    stop: StopCode.optional(),
  })
  .strict();
export type CartPatch = z.input<typeof CartPatch>;

export const CartAdmin = z.object({
  code: z.string(),
  seats: z.number().int(),
  accessible: z.boolean(),
  driver: z.object({ id: z.number().int(), email: z.string(), name: z.string() }).nullable(),
  shiftStart: z.string(),
  shiftEnd: z.string(),
  inService: z.boolean(),
  /** the stop it is at or reaches next */
  stop: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  positionAt: Instant.nullable(),
  /** passengers aboard and rides planned */
  aboard: z.number().int(),
  planned: z.number().int(),
});
export type CartAdmin = z.infer<typeof CartAdmin>;
export const CartParams = z.object({ slug: z.string(), cart: CartCode });
/** The posters of every active stop, or of one. */
export const PosterQuery = z.object({ stop: StopCode.optional() }).strict();
/** The live view as at `at` (default now): the clock its waits and today's figures are reckoned by. */
export const CartLiveQuery = z.object({ at: Instant.optional() }).strict();

// ---- the guest's ride ----

export const RIDE_STATUSES = ['assigned', 'onboard', 'done', 'cancelled', 'no_show', 'refused', 'stranded', 'rescue'] as const;
export const RideStatus = z.enum(RIDE_STATUSES);
export type RideStatus = z.infer<typeof RideStatus>;

/** Why a call got no cart: no cart can come within the maximum wait, or none in service can take the party. */
export const RideRefusal = z.enum(['wait_too_long', 'no_suitable_cart']);

export const RideRequestBody = z
  .object({
    from: StopCode,
    to: StopCode,
    party: z.number().int().min(1).max(30),
    wheelchair: z.boolean().default(false),
    /** who calls, without an account: a phone number, or the badge QR's text; a signed-in guest needs neither */
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{5,22}$/, 'a phone number such as +86 138 0000 0000')
      .optional(),
    badge: z.string().min(4).max(400).optional(),
    lang: z.enum(['zh', 'en']).optional(),
  })
  .strict();
export type RideRequestBody = z.input<typeof RideRequestBody>;

export const RideCart = z.object({
  code: z.string(),
  seats: z.number().int(),
  accessible: z.boolean(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  positionAt: Instant.nullable(),
  /** the stop it is at or reaches next */
  stop: z.string().nullable(),
});

export const RideView = z.object({
  /** the guest's handle to follow and cancel: keep it private */
  token: z.string(),
  /** four digits to show the driver */
  code: z.string(),
  status: RideStatus,
  from: PublicStop,
  to: PublicStop,
  party: z.number().int(),
  wheelchair: z.boolean(),
  requestedAt: Instant,
  /** when the cart is expected at the pickup (assigned) or at the destination (onboard) */
  eta: Instant.nullable(),
  etaSeconds: z.number().int().nullable(),
  cart: RideCart.nullable(),
  refusal: RideRefusal.nullable(),
  /** with a refusal: how long the wait would have been (null when no cart could ever take it) */
  estimatedWaitSeconds: z.number().int().nullable(),
  pickedUpAt: Instant.nullable(),
  droppedOffAt: Instant.nullable(),
});
export type RideView = z.infer<typeof RideView>;
export const RideParams = z.object({ token: z.string().min(10).max(100) });

// ---- the driver's station ----

export const DriverRide = z.object({
  id: z.number().int(),
  code: z.string(),
  party: z.number().int(),
  wheelchair: z.boolean(),
  /** the guest's name when the call came from a badge or an account, else the phone's last four digits */
  who: z.string(),
  from: z.string(),
  to: z.string(),
  status: RideStatus,
  accepted: z.boolean(),
});
export type DriverRide = z.infer<typeof DriverRide>;

export const DriverStop = z.object({
  stop: PublicStop,
  eta: Instant,
  pickups: z.array(DriverRide),
  dropoffs: z.array(DriverRide),
});

export const DriverView = z.object({
  cart: CartAdmin,
  /** the next stops in order, each with who to pick up and drop off */
  stops: z.array(DriverStop),
  aboard: z.array(DriverRide),
  /** the last update applied: the next must carry a higher seq */
  seq: z.number().int(),
  rules: CartRules,
});
export type DriverView = z.infer<typeof DriverView>;
export const DriverQuery = z.object({ cart: CartCode.optional(), lang: z.enum(['zh', 'en']).optional() }).strict();

const UpdateBase = z
  .object({
    cart: CartCode,
    /** strictly increasing per cart: a replayed or out-of-order update is refused */
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    at: Instant,
  })
  .strict();
export const DriverUpdate = z.discriminatedUnion('kind', [
  UpdateBase.extend({ kind: z.literal('position'), lat: Latitude, lon: Longitude }),
  UpdateBase.extend({ kind: z.literal('arrived'), stop: StopCode }),
  UpdateBase.extend({ kind: z.literal('accept'), ride: Id }),
  UpdateBase.extend({
    kind: z.literal('picked_up'),
    ride: Id,
    code: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
  }),
  UpdateBase.extend({ kind: z.literal('dropped_off'), ride: Id }),
  UpdateBase.extend({ kind: z.literal('no_show'), ride: Id }),
  UpdateBase.extend({ kind: z.literal('out_of_service'), reason: z.string().max(200).optional() }),
  UpdateBase.extend({ kind: z.literal('in_service'), stop: StopCode }),
]);
export type DriverUpdate = z.input<typeof DriverUpdate>;
/** One update, or the queue a station kept while offline (applied in seq order, all or nothing). */
export const DriverUpdates = z.union([DriverUpdate, z.array(DriverUpdate).min(1).max(1000)]);

// ---- the console's live view ----

export const LiveRide = z.object({
  id: z.number().int(),
  from: z.string(),
  to: z.string(),
  party: z.number().int(),
  wheelchair: z.boolean(),
  status: RideStatus,
  cart: z.string().nullable(),
  requestedAt: Instant,
  /** seconds since the call (waiting) */
  waitingSeconds: z.number().int(),
  eta: Instant.nullable(),
});

export const CartLive = z.object({
  at: Instant,
  stops: z.array(PublicStop),
  carts: z.array(CartAdmin),
  open: z.array(LiveRide),
  now: z.object({
    /** guests waiting for their cart now, and how long the longest has waited */
    waiting: z.number().int(),
    aboard: z.number().int(),
    longestWaitSeconds: z.number().int(),
    cartsInService: z.number().int(),
  }),
  /** since the event's local midnight */
  today: z.object({
    requests: z.number().int(),
    served: z.number().int(),
    refused: z.number().int(),
    cancelled: z.number().int(),
    noShow: z.number().int(),
    /** served within the maximum wait over requests decided (0–1; null before any) */
    serviceRate: z.number().nullable(),
    waitMeanSeconds: z.number().nullable(),
    waitP95Seconds: z.number().nullable(),
    /** picked-up rides by wait: 0–2, 2–4, 4–6, 6–8, 8–10, 10+ minutes */
    waitHistogram: z.array(z.object({ fromMinutes: z.number().int(), count: z.number().int() })),
    /** per 10 minutes: calls and the mean wait of the rides picked up in it */
    series: z.array(z.object({ at: Instant, requests: z.number().int(), waitMeanSeconds: z.number().nullable() })),
  }),
});
export type CartLive = z.infer<typeof CartLive>;
