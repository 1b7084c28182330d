import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import {
  CategoryInput,
  CategoryPatch,
  CategoryView,
  Deleted,
  GateInput,
  GatePatch,
  GateView,
  OverrideInput,
  OverrideParams,
  OverrideView,
} from './accreditation.schema.js';
import { deleteCategory, listEventCategories, saveCategory } from './manage-categories.js';
import { deleteGate, listGates, saveGate } from './manage-gates.js';
import { addOverride, deleteOverride, listOverrides } from './manage-overrides.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const config = { permission: 'accreditation.manage' } as const;

/** Accreditation rules: categories with zone windows, individual grants and bans, gates. */
export function accreditationRoutes(app: App, deps: Deps): void {
  const tags = ['accreditation'];
  const EV = '/api/v1/events/:slug';

  app.get(`${EV}/categories`, { config, schema: { tags, params: SlugParams, response: { 200: z.array(CategoryView), ...errors } } }, async (req, reply) =>
    answer(req, reply, await listEventCategories(deps, eventOf(req).id)),
  );
  app.post(
    `${EV}/categories`,
    { config, schema: { tags, summary: 'A category and the zones it opens, each in a window', params: SlugParams, body: CategoryInput, response: { 201: CategoryView, ...errors } } },
    async (req, reply) => answer(req, reply, await saveCategory(deps, actorOf(req), eventOf(req), null, req.body), 201),
  );
  app.patch(
    `${EV}/categories/:id`,
    { config, schema: { tags, summary: 'Changes a category; `zones`, when given, replaces all its windows', params: IdParams, body: CategoryPatch, response: { 200: CategoryView, ...errors } } },
    async (req, reply) => answer(req, reply, await saveCategory(deps, actorOf(req), eventOf(req), req.params.id, req.body)),
  );
  app.delete(`${EV}/categories/:id`, { config, schema: { tags, params: IdParams, response: { 200: Deleted, ...errors } } }, async (req, reply) =>
    answer(req, reply, await deleteCategory(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );

  app.get(`${EV}/gates`, { config, schema: { tags, params: SlugParams, response: { 200: z.array(GateView), ...errors } } }, async (req, reply) =>
    answer(req, reply, await listGates(deps, eventOf(req).id)),
  );
  app.post(`${EV}/gates`, { config, schema: { tags, params: SlugParams, body: GateInput, response: { 201: GateView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await saveGate(deps, actorOf(req), eventOf(req).id, null, req.body), 201),
  );
  app.patch(`${EV}/gates/:id`, { config, schema: { tags, params: IdParams, body: GatePatch, response: { 200: GateView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await saveGate(deps, actorOf(req), eventOf(req).id, req.params.id, req.body)),
  );
  app.delete(`${EV}/gates/:id`, { config, schema: { tags, params: IdParams, response: { 200: Deleted, ...errors } } }, async (req, reply) =>
    answer(req, reply, await deleteGate(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );

  app.get(`${EV}/guests/:id/overrides`, { config, schema: { tags, params: IdParams, response: { 200: z.array(OverrideView), ...errors } } }, async (req, reply) =>
    answer(req, reply, await listOverrides(deps, eventOf(req).id, req.params.id)),
  );
  app.post(
    `${EV}/guests/:id/overrides`,
    { config, schema: { tags, summary: "A guest's individual grant or ban of a zone", params: IdParams, body: OverrideInput, response: { 201: OverrideView, ...errors } } },
    async (req, reply) => answer(req, reply, await addOverride(deps, actorOf(req), eventOf(req), req.params.id, req.body), 201),
  );
  app.delete(`${EV}/guests/:id/overrides/:overrideId`, { config, schema: { tags, params: OverrideParams, response: { 200: Deleted, ...errors } } }, async (req, reply) =>
    answer(req, reply, await deleteOverride(deps, actorOf(req), eventOf(req).id, req.params.id, req.params.overrideId)),
  );
}
