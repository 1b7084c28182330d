import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { composeNotice } from './compose-notice.js';
import { listMyNotices, listNotices } from './list-my-notices.js';
import { markRead } from './mark-read.js';
import { MyNotices, NoticeInput, OrganiserNoticeView, ReadReceipt } from './notices.schema.js';
import { noticeStream } from './notice-stream.js';
import { withdrawNotice } from './withdraw-notice.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function noticesRoutes(app: App, deps: Deps) {
  const tags = ['notices'];
  /** routes behind `agenda.own` always have a principal */
  const reader = (req: Parameters<typeof actorOf>[0]) => ({ ...actorOf(req), userId: req.principal!.userId });

  app.post('/api/v1/events/:slug/notices', { config: { permission: 'notices.manage' }, schema: { tags, params: SlugParams, body: NoticeInput, response: { 201: OrganiserNoticeView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await composeNotice(deps, actorOf(req), eventOf(req).id, req.body), 201),
  );
  app.get('/api/v1/events/:slug/notices', { config: { permission: 'notices.manage' }, schema: { tags, params: SlugParams, response: { 200: z.array(OrganiserNoticeView), ...errors } } }, async (req, reply) =>
    answer(req, reply, await listNotices(deps, eventOf(req).id)),
  );
  app.delete('/api/v1/events/:slug/notices/:id', { config: { permission: 'notices.manage' }, schema: { tags, params: IdParams, response: { 200: OrganiserNoticeView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await withdrawNotice(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );
  app.get('/api/v1/events/:slug/my/notices', { config: { permission: 'agenda.own' }, schema: { tags, params: SlugParams, response: { 200: MyNotices, ...errors } } }, async (req, reply) =>
    answer(req, reply, await listMyNotices(deps, reader(req), eventOf(req).id)),
  );
  app.post('/api/v1/events/:slug/notices/:id/read', { config: { permission: 'agenda.own' }, schema: { tags, params: IdParams, response: { 200: ReadReceipt, ...errors } } }, async (req, reply) =>
    answer(req, reply, await markRead(deps, reader(req), eventOf(req).id, req.params.id)),
  );
  noticeStream(app, deps);
}
