import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer, sendRefusal } from '../../platform/http/errors.js';
import { actorOf, baseUrlOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { exportCalendar, programmeForViewer } from '../program/index.js';
import { loadGrants } from '../../platform/auth/principal.js';
import { AgendaParams, AgendaView, FeedView, StarsView } from './agenda.schema.js';
import { feedToken, verifyFeedToken } from './calendar-feed.js';
import { countStars } from './count-stars.js';
import { myAgenda, starSession } from './star-session.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const me = (req: FastifyRequest) => ({ ...actorOf(req), userId: req.principal!.userId });

export function agendaRoutes(app: App, deps: Deps) {
  const tags = ['agenda'];
  app.get('/api/v1/events/:slug/agenda', { config: { permission: 'agenda.own' }, schema: { tags, params: SlugParams, response: { 200: AgendaView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await myAgenda(deps, me(req), eventOf(req).id)),
  );
  app.get(
    '/api/v1/events/:slug/agenda/stars',
    { config: { permission: 'program.read_draft' }, schema: { tags, description: 'How many guests starred each published session: all for organisers, their boards\' for board chairs.', params: SlugParams, response: { 200: StarsView, ...errors } } },
    async (req, reply) => answer(req, reply, await countStars(deps, actorOf(req), eventOf(req).id)),
  );
  app.put('/api/v1/events/:slug/agenda/:sessionId', { config: { permission: 'agenda.own' }, schema: { tags, params: AgendaParams, response: { 200: AgendaView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await starSession(deps, me(req), eventOf(req).id, req.params.sessionId, true)),
  );
  app.delete('/api/v1/events/:slug/agenda/:sessionId', { config: { permission: 'agenda.own' }, schema: { tags, params: AgendaParams, response: { 200: AgendaView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await starSession(deps, me(req), eventOf(req).id, req.params.sessionId, false)),
  );
  app.post(
    '/api/v1/events/:slug/agenda/feed',
    { config: { permission: 'agenda.own' }, schema: { tags, params: SlugParams, body: z.object({ rotate: z.boolean().default(false) }).strict().nullish(), response: { 200: FeedView, ...errors } } },
    async (req) => {
      const token = await feedToken(deps, actorOf(req), req.principal!.userId, eventOf(req).id, req.body?.rotate ?? false);
      return { url: `${baseUrlOf(deps.config.publicUrl, req)}/api/v1/calendar/${token}.ics` };
    },
  );
  app.get(
    '/api/v1/calendar/:token',
    { config: { permission: 'public' }, schema: { tags, description: 'Private iCalendar feed of a personal agenda; the URL is the credential.', params: z.object({ token: z.string().max(200) }), querystring: z.object({ lang: z.enum(['zh', 'en']).optional() }) } },
    async (req, reply) => {
      const verified = await verifyFeedToken(deps, req.params.token.replace(/\.ics$/, ''));
      if (!verified) return sendRefusal(req, reply, { code: 'not_found', field: 'token' });
      const viewer = { userId: verified.userId, grants: await loadGrants(deps.db, verified.userId) };
      const res = await programmeForViewer(deps, verified.eventId, viewer);
      if (!res.ok) return sendRefusal(req, reply, res);
      const stars = await deps.db.selectFrom('agenda_stars').select('session_id').where('user_id', '=', verified.userId).where('event_id', '=', verified.eventId).execute();
      const lang = req.query.lang ?? (req.locale === 'zh' ? 'zh' : 'en');
      const name = lang === 'zh' ? `我的日程 · ${res.value.snap.event.name.zh}` : `My agenda · ${res.value.snap.event.name.en}`;
      const ics = exportCalendar(res.value.snap, { lang, name, sessionIds: stars.map((s) => s.session_id), includeClosed: true });
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-cache').send(ics);
    },
  );
}
