import { z } from 'zod';
import { IdParam } from '../schema.js';
import { type Deps, emit } from '../deps.js';
import { nowIso } from '../db/database.js';
import { ErrorBody, answer, sendRefusal } from '../http/errors.js';
import { actorOf, eventOf } from '../http/actor.js';
import { RateLimitedError } from '../http/server.js';
import type { App } from '../http/types.js';
import { AccountInput, AccountView, Email, grantAccount } from './accounts.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import { endSession, issueApiToken, SESSION_COOKIE, startSession } from './principal.js';
import { Role } from './permissions.js';

const LoginBody = z.object({ email: Email, password: z.string().min(1).max(200) }).strict();
const Me = z.object({
  userId: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  locale: z.string(),
  grants: z.array(z.object({ role: Role, eventId: z.number().int().nullable(), boardId: z.number().int().nullable() })),
  csrfToken: z.string().nullable(),
});

export function authRoutes(app: App, deps: Deps) {
  const secure = deps.config.secureCookies === 'true' || (deps.config.secureCookies === 'auto' && !!deps.config.publicUrl?.startsWith('https:'));

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        permission: 'public',
        rateLimit: {
          max: deps.config.loginRatePerMinute,
          timeWindow: '1 minute',
          // after body parsing, so the key can include the account being tried
          hook: 'preHandler',
          // per address and per account, so one attacker cannot lock out a colleague behind the same NAT
          keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
          errorResponseBuilder: (_req, ctx) => new RateLimitedError(ctx.after),
        },
      },
      schema: { tags: ['auth'], body: LoginBody, response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody } },
    },
    async (req, reply) => {
      const user = await deps.db.selectFrom('users').selectAll().where('email', '=', req.body.email).executeTakeFirst();
      const valid = await verifyPassword(req.body.password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !user.password_hash || !valid || user.disabled) return sendRefusal(req, reply, { code: 'bad_credentials' });
      const session = await startSession(deps.db, user.id, deps.config.sessionDays);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        expires: new Date(session.expiresAt),
      });
      await deps.bus.publish({ type: 'user.logged_in', actorUserId: user.id, requestId: req.id, payload: { userId: user.id } });
      const grants = await deps.db.selectFrom('role_grants').select(['role', 'event_id', 'board_id']).where('user_id', '=', user.id).execute();
      return {
        userId: user.id,
        email: user.email,
        displayName: user.display_name,
        locale: user.locale,
        grants: grants.map((g) => ({ role: g.role as Role, eventId: g.event_id, boardId: g.board_id })),
        csrfToken: session.csrfToken,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'authenticated' }, schema: { tags: ['auth'], response: { 200: z.object({ ok: z.boolean() }), 401: ErrorBody, 403: ErrorBody } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await endSession(deps.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await emit(deps, actorOf(req), null, { type: 'user.logged_out', payload: { userId: req.principal!.userId } });
      return { ok: true };
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { permission: 'authenticated' }, schema: { tags: ['auth'], response: { 200: Me, 401: ErrorBody } } },
    async (req) => {
      const p = req.principal!;
      return { userId: p.userId, email: p.email, displayName: p.displayName, locale: p.locale, grants: p.grants, csrfToken: p.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/tokens',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        body: z.object({ name: z.string().min(1).max(100) }).strict(),
        response: { 201: z.object({ id: z.number(), token: z.string(), createdAt: z.string() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const t = await issueApiToken(deps.db, req.principal!.userId, req.body.name);
      // the token itself is shown once and never recorded
      await emit(deps, actorOf(req), null, { type: 'token.issued', payload: { tokenId: t.id, name: req.body.name } });
      return reply.code(201).send({ ...t, createdAt: nowIso() });
    },
  );

  const TokenView = z.object({ id: z.number(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revoked: z.boolean() });
  app.get(
    '/api/v1/auth/tokens',
    { config: { permission: 'authenticated' }, schema: { tags: ['auth'], response: { 200: z.array(TokenView), 401: ErrorBody } } },
    async (req) =>
      (await deps.db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked']).where('user_id', '=', req.principal!.userId).orderBy('id').execute()).map(
        (t) => ({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revoked: t.revoked === 1 }),
      ),
  );
  app.delete(
    '/api/v1/auth/tokens/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['auth'], params: z.object({ id: IdParam }), response: { 200: z.object({ id: z.number() }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
    },
    async (req, reply) => {
      // only one's own tokens: someone else's id answers exactly like a missing one
      const res = await deps.db.updateTable('api_tokens').set({ revoked: 1 }).where('id', '=', req.params.id).where('user_id', '=', req.principal!.userId).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return sendRefusal(req, reply, { code: 'not_found', field: 'id' });
      await emit(deps, actorOf(req), null, { type: 'token.revoked', payload: { tokenId: req.params.id } });
      return { id: req.params.id };
    },
  );

  app.post(
    '/api/v1/events/:slug/accounts',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['auth'],
        params: z.object({ slug: z.string() }),
        body: AccountInput,
        response: { 201: AccountView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => answer(req, reply, await grantAccount(deps, actorOf(req), eventOf(req).id, req.body), 201),
  );
}
