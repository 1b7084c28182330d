import type { FastifyReply } from 'fastify';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { badgeBatch, badgeBatchFile, handleBadgeBatches, startBadgeBatch } from './badge-batches.js';
import { BadgeBatchInput, BadgeBatchView, BadgeOverview, BatchParams, IssuedCredentialView, IssueMissingResult, MyBadge } from './badges.schema.js';
import { issueCredential } from './issue-credential.js';
import { issueMissingCredentials, listBadges, myBadge } from './list-badges.js';
import { renderGuestBadge } from './print-badges.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const BASE = '/api/v1/events/:slug';

function sendPdf(reply: FastifyReply, body: Buffer | NodeJS.ReadableStream, fileName: string, size?: number) {
  reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'private, no-store');
  if (size !== undefined) reply.header('content-length', size);
  return reply.send(body);
}

/** Badges: credentials, badge PDFs (one and batch), reprint, the guest's own badge. */
export function badgesRoutes(app: App, deps: Deps): void {
  const tags = ['badges'];
  // every instance renders batches, so every instance's worker takes them
  handleBadgeBatches(deps);

  app.get(`${BASE}/badges`, { config: { permission: 'badges.print' }, schema: { tags, description: 'Approved guests with a category, and where each badge stands (issued, printed, collected), with the counts.', params: SlugParams, response: { 200: BadgeOverview, ...errors } } }, async (req, reply) =>
    answer(req, reply, await listBadges(deps, eventOf(req).id)),
  );
  app.post(`${BASE}/credentials/issue-missing`, { config: { permission: 'badges.print' }, schema: { tags, description: 'Issues a signed credential to every approved guest with a category who holds no current one.', params: SlugParams, response: { 200: IssueMissingResult, ...errors } } }, async (req, reply) =>
    answer(req, reply, await issueMissingCredentials(deps, actorOf(req), eventOf(req).id)),
  );
  app.post(`${BASE}/guests/:id/badge/reprint`, { config: { permission: 'badges.print' }, schema: { tags, description: 'Issues a new credential for a lost or damaged badge; the old one is revoked at once.', params: IdParams, response: { 201: IssuedCredentialView, ...errors } } }, async (req, reply) => {
    const res = await issueCredential(deps, actorOf(req), eventOf(req).id, req.params.id, 'reprint');
    // the guest is named by the path: the use case's `guestId` field is `id` here
    return answer(req, reply, res.ok ? res : { ...res, field: res.field === 'guestId' ? 'id' : res.field }, 201);
  });
  app.get(`${BASE}/guests/:id/badge.pdf`, { config: { permission: 'badges.print' }, schema: { tags, description: "One guest's A6 badge PDF (records the print).", params: IdParams, response: { 404: ErrorBody, 409: ErrorBody } } }, async (req, reply) => {
    const res = await renderGuestBadge(deps, actorOf(req), eventOf(req).id, req.params.id);
    if (!res.ok) return answer(req, reply, res);
    return sendPdf(reply as FastifyReply, res.value, `badge-${req.params.id}.pdf`, res.value.length);
  });
  app.post(`${BASE}/badge-batches`, { config: { permission: 'badges.print' }, schema: { tags, description: 'Starts rendering the selected current badges into one PDF in the background (its progress and file from any instance).', params: SlugParams, body: BadgeBatchInput.nullish(), response: { 202: BadgeBatchView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await startBadgeBatch(deps, actorOf(req), eventOf(req).id, req.body ?? { status: 'all' }), 202),
  );
  app.get(`${BASE}/badge-batches/:id`, { config: { permission: 'badges.print' }, schema: { tags, params: BatchParams, response: { 200: BadgeBatchView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await badgeBatch(deps, eventOf(req).id, req.params.id)),
  );
  app.get(`${BASE}/badge-batches/:id/file`, { config: { permission: 'badges.print' }, schema: { tags, description: "A finished batch's PDF.", params: BatchParams, response: { 404: ErrorBody, 409: ErrorBody } } }, async (req, reply) => {
    const res = await badgeBatchFile(deps, eventOf(req).id, req.params.id);
    if (!res.ok) return answer(req, reply, res);
    return sendPdf(reply as FastifyReply, res.value.stream, `badges-${eventOf(req).slug}.pdf`, res.value.size);
  });
  app.get(`${BASE}/my/badge`, { config: { permission: 'guest.own' }, schema: { tags, description: "The caller's current badge: its QR payload and what the badge shows.", params: SlugParams, response: { 200: MyBadge, ...errors } } }, async (req, reply) =>
    answer(req, reply, await myBadge(deps, req.principal!.userId, eventOf(req).id)),
  );
}
