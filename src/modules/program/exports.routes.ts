import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer, sendRefusal } from '../../platform/http/errors.js';
import { actorOf, baseUrlOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import type { ExportSpec } from './export-build.js';
import { cachedExport, exportEtag } from './export-cache.js';
import { SCHEDULE_XML_MEDIA_TYPE } from './export-schedule-xml.js';
import { importScheduleFile } from './import-schedule-file.js';
import { LocalisedProgramme, ProgrammeSnapshot } from './program.schema.js';
import { programmeForViewer, publishedBody } from './read-programme.js';

const LangQuery = z.object({ lang: z.enum(['zh', 'en']).optional() });
const ExportQuery = z.object({ lang: z.enum(['zh', 'en']).optional() });
const tags = ['programme'];


/** Public exports show what anyone may see: the published programme without closed-door sessions. */
async function publicSnapshot(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  const res = await programmeForViewer(deps, eventOf(req).id, { userId: null, grants: [] });
  if (!res.ok) {
    await sendRefusal(req, reply, res);
    return null;
  }
  reply.header('cache-control', 'public, max-age=60');
  return res.value.snap;
}

/**
 * An export of the published version, built once (export-cache.ts) and revalidated by its ETag, which is known
 * before the export is built: a 304 costs no build.
 */
async function sendExport(deps: Deps, req: FastifyRequest, reply: FastifyReply, snap: ProgrammeSnapshot, spec: ExportSpec, type: string) {
  const etag = exportEtag(snap, spec);
  reply.header('etag', etag);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  const built = await cachedExport(deps, snap, spec, req.log);
  return reply.type(type).send(built.body);
}

export function exportRoutes(app: App, deps: Deps) {
  app.get(
    '/api/v1/events/:slug/programme',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        description: 'The published programme. With `lang`, bilingual fields are flattened to that language. Supports If-None-Match.',
        params: SlugParams,
        querystring: LangQuery,
        response: { 200: z.union([ProgrammeSnapshot, LocalisedProgramme]), 304: z.null().describe('Not modified (If-None-Match)'), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const viewer = { userId: req.principal?.userId ?? null, grants: req.principal?.grants ?? [] };
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const res = await publishedBody(deps, eventOf(req).id, viewer, req.query.lang ?? null, gzip);
      if (!res.ok) return sendRefusal(req, reply, res);
      // Personalised bodies (closed-door invitees) must not sit in shared caches.
      reply.header('etag', res.value.etag).header('cache-control', req.principal ? 'private, no-cache' : 'public, no-cache').header('vary', 'cookie, authorization, accept-encoding');
      // The body is serialised once per version and cached; Fastify sends JSON strings as they are.
      const raw = reply as FastifyReply;
      if (req.headers['if-none-match'] === res.value.etag) return raw.code(304).send();
      if (res.value.encoding) raw.header('content-encoding', res.value.encoding);
      return raw.type('application/json; charset=utf-8').send(res.value.body);
    },
  );

  app.get('/api/v1/events/:slug/schedule.xml', { config: { permission: 'public' }, schema: { tags, params: SlugParams, querystring: ExportQuery } }, async (req, reply) => {
    const snap = await publicSnapshot(deps, req, reply);
    if (!snap) return reply;
    const spec: ExportSpec = { format: 'xml', opts: { lang: req.query.lang ?? 'en', baseUrl: baseUrlOf(deps.config.publicUrl, req) } };
    return sendExport(deps, req, reply, snap, spec, `${SCHEDULE_XML_MEDIA_TYPE}; charset=utf-8`);
  });
  app.get('/api/v1/events/:slug/schedule.json', { config: { permission: 'public' }, schema: { tags, params: SlugParams, querystring: ExportQuery } }, async (req, reply) => {
    const snap = await publicSnapshot(deps, req, reply);
    if (!snap) return reply;
    const spec: ExportSpec = { format: 'json', opts: { lang: req.query.lang ?? 'en', baseUrl: baseUrlOf(deps.config.publicUrl, req) } };
    return sendExport(deps, req, reply, snap, spec, 'application/json; charset=utf-8');
  });
  app.get('/api/v1/events/:slug/calendar.ics', { config: { permission: 'public' }, schema: { tags, params: SlugParams, querystring: ExportQuery } }, async (req, reply) => {
    const snap = await publicSnapshot(deps, req, reply);
    if (!snap) return reply;
    const url = `${baseUrlOf(deps.config.publicUrl, req)}/api/v1/events/${snap.event.slug}/calendar.ics`;
    return sendExport(deps, req, reply, snap, { format: 'ics', opts: { lang: req.query.lang ?? 'en', url } }, 'text/calendar; charset=utf-8');
  });
  app.get(
    '/api/v1/events/:slug/boards/:code/calendar.ics',
    { config: { permission: 'public' }, schema: { tags, params: SlugParams.extend({ code: z.string().max(50) }), querystring: ExportQuery } },
    async (req, reply) => {
      const snap = await publicSnapshot(deps, req, reply);
      if (!snap) return reply;
      const board = snap.boards.find((b) => b.code === req.params.code);
      if (!board) return sendRefusal(req, reply, { code: 'not_found', field: 'code' });
      const lang = req.query.lang ?? 'en';
      const spec: ExportSpec = { format: 'ics', opts: { lang, boardId: board.id, name: `${snap.event.name[lang]} · ${board.title[lang]}` } };
      return sendExport(deps, req, reply, snap, spec, 'text/calendar; charset=utf-8');
    },
  );
  app.get('/api/v1/events/:slug/programme.csv', { config: { permission: 'public' }, schema: { tags, params: SlugParams, querystring: ExportQuery } }, async (req, reply) => {
    const snap = await publicSnapshot(deps, req, reply);
    if (!snap) return reply;
    reply.header('content-disposition', `attachment; filename="${snap.event.slug}-programme.csv"`);
    return sendExport(deps, req, reply, snap, { format: 'csv', opts: { lang: req.query.lang ?? 'en' } }, 'text/csv; charset=utf-8');
  });

  app.post(
    '/api/v1/events/:slug/import',
    {
      config: { permission: 'events.manage' },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        description: 'Creates or updates this event\'s programme from a frab/pretalx schedule.xml or schedule.json.',
        params: SlugParams,
        body: z.object({ content: z.string().min(1).max(20 * 1024 * 1024), filename: z.string().max(255).optional(), format: z.enum(['xml', 'json']).optional() }).strict(),
        response: {
          200: z.object({
            eventId: z.number(),
            slug: z.string(),
            created: z.record(z.string(), z.number()),
            updated: z.record(z.string(), z.number()),
            conflicts: z.number(),
            warnings: z.array(z.string()),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => answer(req, reply, await importScheduleFile(deps, actorOf(req), eventOf(req).slug, req.body)),
  );
}
