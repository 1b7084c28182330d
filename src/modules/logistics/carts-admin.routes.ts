import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, baseUrlOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import {
  CartAdmin,
  CartInput,
  CartLive,
  CartLiveQuery,
  CartNetwork,
  CartNetworkInput,
  CartParams,
  CartPatch,
  PosterQuery,
} from './carts.schema.js';
import { createCart, listCarts, patchCart } from './manage-fleet.js';
import { readCartLive } from './read-cart-live.js';
import { readNetwork } from './read-network.js';
import { renderPosters } from './render-posters.js';
import { saveNetwork } from './save-network.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const config = { permission: 'carts.manage' } as const;

/** Organisers' routes: the network, the fleet, the stop posters and the live view. */
export function cartsAdminRoutes(app: App, deps: Deps): void {
  const tags = ['carts'];
  const EV = '/api/v1/events/:slug';

  app.get(
    `${EV}/cart-network`,
    {
      config,
      schema: {
        tags,
        description: 'The stops in order, the one-way road links (one row per direction) and the service rules.',
        params: SlugParams,
        response: { 200: CartNetwork, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await readNetwork(deps, eventOf(req).id)),
  );
  app.put(
    `${EV}/cart-network`,
    {
      config,
      schema: {
        tags,
        description:
          'Replaces the network in one transaction. Stops are matched by code (rides keep their stops), links and rules are replaced. ' +
          'Every active stop must reach every other; a stop with open rides or a cart standing there cannot be removed or deactivated, ' +
          'and one with past rides can only be deactivated.',
        params: SlugParams,
        body: CartNetworkInput,
        response: { 200: CartNetwork, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await saveNetwork(deps, actorOf(req), eventOf(req).id, req.body)),
  );

  app.get(
    `${EV}/carts`,
    {
      config,
      schema: {
        tags,
        description: 'The fleet: each cart with its driver, shift, place and load.',
        params: SlugParams,
        response: { 200: z.array(CartAdmin), ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await listCarts(deps, eventOf(req).id)),
  );
  app.post(
    `${EV}/carts`,
    {
      config,
      schema: {
        tags,
        description: "Adds a cart at its home stop; a driver named by email gets the event's driver role.",
        params: SlugParams,
        body: CartInput,
        response: { 201: CartAdmin, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await createCart(deps, actorOf(req), eventOf(req).id, req.body), 201),
  );
  app.patch(
    `${EV}/carts/:cart`,
    {
      config,
      schema: {
        tags,
        description:
          'Changes a cart. `inService: false` takes it out of service (its waiting passengers are reassigned); `inService: true` with `stop` puts it back there.',
        params: CartParams,
        body: CartPatch,
        response: { 200: CartAdmin, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await patchCart(deps, actorOf(req), eventOf(req).id, req.params.cart, req.body)),
  );

  app.get(
    `${EV}/cart-posters.pdf`,
    {
      config,
      schema: {
        tags,
        description: 'A4 posters with the call QR code: one page per active stop, or the one `stop`.',
        params: SlugParams,
        querystring: PosterQuery,
        response: { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const event = eventOf(req);
      const res = await renderPosters(deps, event, baseUrlOf(deps.config.publicUrl, req), req.query.stop);
      if (!res.ok) return answer(req, reply, res);
      const name = `cart-posters-${event.slug}${req.query.stop ? `-${req.query.stop}` : ''}.pdf`;
      return (reply as FastifyReply)
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(res.value);
    },
  );

  app.get(
    `${EV}/cart-live`,
    {
      config,
      schema: {
        tags,
        description: "Carts, open rides and waits now, and today's service since the event's local midnight.",
        params: SlugParams,
        querystring: CartLiveQuery,
        response: { 200: CartLive, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await readCartLive(deps, eventOf(req), req.query.at ? Date.parse(req.query.at) : deps.now())),
  );
}
