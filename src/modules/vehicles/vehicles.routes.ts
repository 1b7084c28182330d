import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer, errorBody, statusOf } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { importPermits } from './import-permits.js';
import { importRegisteredVehicles } from './import-registered-vehicles.js';
import { listCameras, registerCamera } from './manage-cameras.js';
import { createPermit, listPermits, revokePermit } from './manage-permits.js';
import { listPassages, openPassageImage } from './list-passages.js';
import {
  CameraInput,
  CameraView,
  ImportResult,
  ImportRowError,
  PassageImageParams,
  PassageQuery,
  PassageView,
  PermitImport,
  PermitInput,
  PermitParams,
  PermitPatch,
  PermitsFromRegistrations,
  PermitView,
  RegistrationImportResult,
} from './vehicles.schema.js';

/** A refused import also lists every bad row. */
const ImportErrorBody = ErrorBody.extend({ rows: z.array(ImportRowError) });

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const EV = '/api/v1/events/:slug';
const config = { permission: 'vehicles.manage' } as const;

/** Organisers' side of the vehicle entrances: permits, cameras and the passage log. */
export function vehiclesRoutes(app: App, deps: Deps): void {
  const tags = ['vehicles'];

  app.get(
    `${EV}/vehicle-permits`,
    { config, schema: { tags, summary: 'The plate permits of the event, revoked ones included', params: SlugParams, response: { 200: z.array(PermitView), ...errors } } },
    async (req, reply) => answer(req, reply, await listPermits(deps, eventOf(req).id)),
  );
  app.post(
    `${EV}/vehicle-permits`,
    {
      config,
      schema: {
        tags,
        summary: 'Issues a plate permit',
        description:
          'The plate is stored normalised (full-width folded, separators dropped, upper case); plates of other countries are accepted. ' +
          'The owner is a guest, a delegation or free text. `zones` are the event\'s zone codes the vehicle may enter; `validFrom`/`validTo` bound it in time.',
        params: SlugParams,
        body: PermitInput,
        response: { 201: PermitView, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await createPermit(deps, actorOf(req), eventOf(req).id, req.body), 201),
  );
  app.patch(
    `${EV}/vehicle-permits/:id`,
    {
      config,
      schema: { tags, summary: 'Revokes a plate permit (kept, for the passage log)', params: PermitParams, body: PermitPatch, response: { 200: PermitView, ...errors, 409: ErrorBody } },
    },
    async (req, reply) => answer(req, reply, await revokePermit(deps, actorOf(req), eventOf(req).id, req.params.id, req.body.reason)),
  );
  app.post(
    `${EV}/vehicle-permits/import`,
    {
      config,
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Imports plate permits from CSV, all or nothing',
        description:
          'The `csv` text has a header naming the columns plate, type, owner, zones, from, to (zones separated by `;`, times ISO-8601 with an offset). ' +
          'When a row is wrong nothing is written, and the 400 answer lists every wrong row in `rows` (row 1 is the header).',
        params: SlugParams,
        body: PermitImport,
        response: { 200: ImportResult, 400: ImportErrorBody.or(ErrorBody), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const result = await importPermits(deps, actorOf(req), eventOf(req).id, req.body.csv);
      if (result.ok || !('rows' in result)) return answer(req, reply, result);
      const rows = result.rows.map(({ row, refusal }) => ({ row, field: refusal.field ?? '', code: refusal.code, message: errorBody(req.locale, refusal).error.message }));
      return (reply as FastifyReply).code(statusOf(result.code)).send({ ...errorBody(req.locale, result), rows });
    },
  );
  app.post(
    `${EV}/vehicle-permits/from-registrations`,
    {
      config,
      schema: {
        tags,
        summary: 'Issues permits for the vehicles approved guests gave on their registration form',
        description:
          'One permit per plate, owned by the guest (guest id and name), with the vehicle type from the form, for the given `zones` and period, all in one transaction. ' +
          'Plates that already have an unrevoked permit in the event are counted in `skipped`, so it can run again after more approvals. ' +
          'Plates the permit checks refuse are listed in `invalid` with the refusal code and the others are imported. ' +
          'An unknown zone code or a period that ends before it starts refuses the whole import (400, naming the field, e.g. `zones.0`).',
        params: SlugParams,
        body: PermitsFromRegistrations,
        response: { 200: RegistrationImportResult, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await importRegisteredVehicles(deps, actorOf(req), eventOf(req).id, req.body)),
  );

  app.get(
    `${EV}/cameras`,
    { config, schema: { tags, summary: 'The ANPR cameras of the event, with the path each posts to', params: SlugParams, response: { 200: z.array(CameraView), ...errors } } },
    async (req, reply) => answer(req, reply, await listCameras(deps, eventOf(req))),
  );
  app.post(
    `${EV}/cameras`,
    {
      config,
      schema: {
        tags,
        summary: 'Registers an ANPR camera at an entrance into a zone',
        description: 'When `device` names a device account of this event, only that account may post for the camera.',
        params: SlugParams,
        body: CameraInput,
        response: { 201: CameraView, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => answer(req, reply, await registerCamera(deps, actorOf(req), eventOf(req), req.body), 201),
  );

  app.get(
    `${EV}/vehicle-passages`,
    {
      config,
      schema: {
        tags,
        summary: 'The passage log, newest first',
        description: 'Filter by camera code and decision. For a live view, poll with `since` = the newest `lastSeenAt` you have: passages seen again (deduplicated repeats) come back updated.',
        params: SlugParams,
        querystring: PassageQuery,
        response: { 200: z.array(PassageView), ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await listPassages(deps, eventOf(req).id, req.query)),
  );

  app.get(
    `${EV}/vehicle-passages/:id/images/:n`,
    {
      config,
      schema: {
        tags,
        summary: "A JPEG the camera sent with a passage (n counts from 0 in the passage's `images`)",
        params: PassageImageParams,
        response: { 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const res = await openPassageImage(deps, eventOf(req).id, req.params.id, req.params.n);
      if (!res.ok) return answer(req, reply, res);
      // a stream, not JSON: the zod serializer has no say here
      return (reply as FastifyReply)
        .header('content-type', 'image/jpeg')
        .header('content-length', res.value.size)
        .header('cache-control', 'private, max-age=86400')
        .send(res.value.stream);
    },
  );
}
