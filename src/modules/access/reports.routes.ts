import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { arrivalReport, arrivalsCsv, noShows, noShowsCsv } from './arrival-reports.js';
import { occupancyStream } from './occupancy-stream.js';
import { readOccupancy } from './read-occupancy.js';
import { Arrivals, NoShow, Occupancy, OccupancyQuery, ReportQuery } from './reports.schema.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const config = { permission: 'reports.read' } as const;
/** ?lang=zh|en, else Accept-Language (the server has already chosen `req.locale` that way) */
const langOf = (req: FastifyRequest): 'zh' | 'en' => (req.locale === 'zh' ? 'zh' : 'en');

/** Live occupancy per zone and session, arrivals, no-shows, CSV. */
export function reportsRoutes(app: App, deps: Deps): void {
  const tags = ['reports'];
  const EV = '/api/v1/events/:slug';

  app.get(
    `${EV}/occupancy`,
    {
      config,
      schema: {
        tags,
        summary: 'Inside now per zone and per guarded room (with its session), and admitted entries per 5 minutes',
        params: SlugParams,
        querystring: OccupancyQuery,
        response: { 200: Occupancy, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await readOccupancy(deps, eventOf(req).id, req.query)),
  );
  occupancyStream(app, deps);

  app.get(`${EV}/reports/arrivals`, { config, schema: { tags, params: SlugParams, querystring: ReportQuery, response: { 200: Arrivals, ...errors } } }, async (req, reply) =>
    answer(req, reply, await arrivalReport(deps, eventOf(req).id)),
  );
  app.get(`${EV}/reports/no-shows`, { config, schema: { tags, params: SlugParams, querystring: ReportQuery, response: { 200: z.array(NoShow), ...errors } } }, async (req, reply) =>
    answer(req, reply, await noShows(deps, eventOf(req).id)),
  );
  app.get(`${EV}/reports/arrivals.csv`, { config, schema: { tags, summary: 'Arrivals as CSV (UTF-8 with BOM; headers in ?lang or Accept-Language)', params: SlugParams, querystring: ReportQuery } }, async (req, reply) => {
    const event = eventOf(req);
    const res = await arrivalReport(deps, event.id);
    if (!res.ok) return answer(req, reply, res);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${event.slug}-arrivals.csv"`)
      .send(arrivalsCsv(res.value, langOf(req)));
  });
  app.get(`${EV}/reports/no-shows.csv`, { config, schema: { tags, summary: 'No-shows as CSV (UTF-8 with BOM; headers in ?lang or Accept-Language)', params: SlugParams, querystring: ReportQuery } }, async (req, reply) => {
    const event = eventOf(req);
    const res = await noShows(deps, event.id);
    if (!res.ok) return answer(req, reply, res);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${event.slug}-no-shows.csv"`)
      .send(noShowsCsv(res.value, langOf(req)));
  });
}
