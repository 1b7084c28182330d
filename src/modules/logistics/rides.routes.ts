import type { FastifyRequest } from 'fastify';
import type { Actor, Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import { hashedKey, throttle } from '../../platform/http/throttle.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { applyDriverUpdates } from './apply-driver-update.js';
import { callCart } from './call-cart.js';
import { cancelRide } from './cancel-ride.js';
import { DriverQuery, DriverUpdates, DriverView, PublicStops, RideParams, RideRequestBody, RideView } from './carts.schema.js';
import { followRide } from './follow-ride.js';
import { listCartStops } from './list-cart-stops.js';
import { readDriverView } from './read-driver-view.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 422: ErrorBody };

const STABLE = 'Part of the stable cart API (versioned under /api/v1; fields are only ever added); see docs/cart-api.md.';

/**
 * A public route still sees a signed-in caller; a cookie session counts only with its CSRF header on a write, so a
 * foreign page cannot call a cart in a guest's name.
 */
function callerOf(req: FastifyRequest): Actor {
  const p = req.principal;
  if (p?.via === 'cookie' && req.headers['x-csrf-token'] !== p.csrfToken) return { userId: null, grants: [], requestId: req.id };
  return actorOf(req);
}

/**
 * Cart calls are throttled per address and per phone number; a signed-in guest or a badge caller (who is known)
 * gets a higher allowance per address, counted apart from the anonymous callers behind the same address.
 */
function rideThrottle(app: App, deps: Deps) {
  const config = deps.config.publicWriteRates;
  if (!config) return [];
  // a simulation server's carts run on a faster clock: the limits are per minute of that clock
  const speed = Math.max(1, Math.round(deps.config.simClockRate ?? 1));
  const rates = { ridesPerAddress: config.ridesPerAddress * speed, ridesPerAddressPreferred: config.ridesPerAddressPreferred * speed, ridesPerPhone: config.ridesPerPhone * speed };
  const body = (req: FastifyRequest) => (req.body ?? {}) as { phone?: string; badge?: string };
  const known = (req: FastifyRequest) => callerOf(req).userId !== null || (!body(req).phone && !!body(req).badge);
  return [
    throttle(app, [
      { name: 'rides-address', key: (req) => `${req.ip}|${known(req) ? 'known' : 'anonymous'}`, max: (req) => (known(req) ? rates.ridesPerAddressPreferred : rates.ridesPerAddress), windowMs: 60_000 },
      { name: 'rides-phone', key: (req) => (known(req) || !body(req).phone ? null : hashedKey(body(req).phone!.replace(/\D/g, ''))), max: rates.ridesPerPhone, windowMs: 60_000 },
    ]),
  ];
}

/** The guest's call (public stops, call, follow, cancel) and the driver station. */
export function cartsRideRoutes(app: App, deps: Deps): void {
  const tags = ['carts'];

  app.get(
    '/api/v1/events/:slug/cart-stops',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'The stops a guest can call a cart at, and what the carts in service take',
        description: `${STABLE}\n\nActive stops only, the service rules, the largest party one cart in service seats and whether an accessible cart is in service. A simulation server (HUIWU_SIM_CLOCK_RATE > 1) adds \`clockRate\`.`,
        params: SlugParams,
        response: { 200: PublicStops, ...errors },
      },
    },
    async (req, reply) => {
      const rate = deps.config.simClockRate ?? 1;
      return reply.send({ ...(await listCartStops(deps, eventOf(req))), ...(rate > 1 ? { clockRate: rate } : {}) });
    },
  );

  app.post(
    '/api/v1/events/:slug/rides',
    {
      config: { permission: 'public' },
      preHandler: rideThrottle(app, deps),
      schema: {
        tags,
        summary: 'Call a cart: from a stop to another, for a party',
        description:
          `${STABLE}\n\nThe caller is the signed-in account, else \`phone\`, else \`badge\` (the badge QR text, verified with the event's key). ` +
          'One open ride per caller (409 ride_already_open). The dispatcher decides at once: 201 with status `assigned` (cart, ETA, a ' +
          'four-digit code to show the driver, and `token` to follow or cancel), or 201 with status `refused` and `refusal` ' +
          '`wait_too_long` (with `estimatedWaitSeconds`) or `no_suitable_cart`. Bad stops, the same stop twice or a party no cart seats ' +
          'are refused with a code and nothing is stored.',
        params: SlugParams,
        body: RideRequestBody,
        response: { 201: RideView, ...errors, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const lang = req.body.lang ?? req.locale;
      const result = await callCart(deps, callerOf(req), eventOf(req).id, req.body, lang, deps.now());
      return answer(req, reply, result, 201);
    },
  );

  app.get(
    '/api/v1/rides/:token',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Follow a ride: status, the cart, its position and the ETA',
        description: `${STABLE}\n\nThe ETA is the pickup while assigned, the drop-off while aboard. The token is the credential: keep it private.`,
        params: RideParams,
        response: { 200: RideView, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await followRide(deps, req.params.token, deps.now())),
  );

  app.post(
    '/api/v1/rides/:token/cancel',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Cancel a ride before the pickup',
        description: `${STABLE}\n\nThe cart's plan loses the ride. Aboard or closed rides answer 409 ride_not_cancellable.`,
        params: RideParams,
        response: { 200: RideView, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await cancelRide(deps, actorOf(req), req.params.token, deps.now())),
  );

  app.get(
    '/api/v1/events/:slug/driver',
    {
      config: { permission: 'carts.drive' },
      schema: {
        tags,
        summary: "The driver station's screen for one cart",
        description:
          `${STABLE}\n\nThe next stops in order (consecutive plan stops at one stop grouped) with who to pick up and drop off, who is aboard, ` +
          'and `seq`, the last update applied. Without `cart`, the cart assigned to the caller. A driver sees only their own cart ' +
          '(403 ride_cart_not_yours); an organiser any.',
        params: SlugParams,
        querystring: DriverQuery,
        response: { 200: DriverView, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await readDriverView(deps, actorOf(req), eventOf(req).id, req.query.cart, deps.now())),
  );

  app.post(
    '/api/v1/events/:slug/driver/updates',
    {
      config: { permission: 'carts.drive' },
      schema: {
        tags,
        summary: 'Report what happened at the cart: one update, or the queue kept while offline',
        description:
          `${STABLE}\n\nEach update carries the cart, a \`seq\` strictly increasing per cart and the time it happened. A queue is applied ` +
          'in seq order in one transaction; a seq not above the last applied is refused (409 ride_seq_stale) and a refusal changes ' +
          'nothing (its field is prefixed with the index in the queue). Kinds: position, arrived, accept, picked_up (with the ' +
          "guest's code), dropped_off, no_show, out_of_service, in_service. Answers the cart's DriverView.",
        params: SlugParams,
        body: DriverUpdates,
        response: { 200: DriverView, ...errors },
      },
    },
    async (req, reply) => {
      const queued = Array.isArray(req.body);
      const updates = Array.isArray(req.body) ? req.body : [req.body];
      return answer(req, reply, await applyDriverUpdates(deps, actorOf(req), eventOf(req).id, updates, queued, deps.now()));
    },
  );
}
