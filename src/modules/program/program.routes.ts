import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { editableBoards } from '../../platform/auth/permissions.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { Id, IdParam, IdParams, SlugParams } from '../../platform/schema.js';
import { findConflicts } from './find-conflicts.js';
import { deletePerson, saveBoard, saveOrganisation, savePerson } from './manage-catalogue.js';
import {
  BoardInput,
  Conflict,
  OrganisationInput,
  PersonInput,
  PublicationView,
  SessionInput,
  SessionPatch,
  SessionView,
  SnapshotBoard,
  SnapshotOrganisation,
  SnapshotPerson,
  type ChangeEntry,
} from './program.schema.js';
import { loadDraft } from './program.store.js';
import { publishProgramme } from './publish-programme.js';
import { createSession, deleteSession, sessionView, updateSession } from './save-session.js';
import { checkSession } from './check-session.js';
import { fromJson } from '../../platform/db/database.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Deleted = z.object({ id: z.number().int() });
const PersonView = SnapshotPerson.extend({ email: z.string().nullable() });

export function programRoutes(app: App, deps: Deps) {
  const tags = ['programme'];

  app.get('/api/v1/events/:slug/boards', { config: { permission: 'public' }, schema: { tags, params: SlugParams, response: { 200: z.array(SnapshotBoard) } } }, async (req) =>
    (await deps.db.selectFrom('boards').selectAll().where('event_id', '=', eventOf(req).id).orderBy('position').orderBy('id').execute()).map((b) => ({
      id: b.id,
      code: b.code,
      title: { zh: b.title_zh, en: b.title_en },
      color: b.color,
      position: b.position,
    })),
  );
  app.post('/api/v1/events/:slug/boards', { config: { permission: 'events.manage' }, schema: { tags, params: SlugParams, body: BoardInput, response: { 201: SnapshotBoard, ...errors } } }, async (req, reply) =>
    answer(req, reply, await saveBoard(deps, actorOf(req), eventOf(req).id, req.body, null), 201),
  );
  app.patch('/api/v1/events/:slug/boards/:id', { config: { permission: 'events.manage' }, schema: { tags, params: IdParams, body: BoardInput.partial().strict(), response: { 200: SnapshotBoard, ...errors } } }, async (req, reply) =>
    answer(req, reply, await saveBoard(deps, actorOf(req), eventOf(req).id, req.body, req.params.id)),
  );

  app.get('/api/v1/events/:slug/organisations', { config: { permission: 'public' }, schema: { tags, params: SlugParams, response: { 200: z.array(SnapshotOrganisation) } } }, async (req) =>
    (await deps.db.selectFrom('organisations').selectAll().where('event_id', '=', eventOf(req).id).orderBy('id').execute()).map((o) => ({
      id: o.id,
      name: { zh: o.name_zh, en: o.name_en },
      kind: o.kind as 'host',
      country: o.country,
    })),
  );
  app.post('/api/v1/events/:slug/organisations', { config: { permission: 'people.manage' }, schema: { tags, params: SlugParams, body: OrganisationInput, response: { 201: SnapshotOrganisation, ...errors } } }, async (req, reply) =>
    answer(req, reply, await saveOrganisation(deps, actorOf(req), eventOf(req).id, req.body, null), 201),
  );
  app.patch('/api/v1/events/:slug/organisations/:id', { config: { permission: 'people.manage' }, schema: { tags, params: IdParams, body: OrganisationInput.partial().strict(), response: { 200: SnapshotOrganisation, ...errors } } }, async (req, reply) =>
    answer(req, reply, await saveOrganisation(deps, actorOf(req), eventOf(req).id, req.body, req.params.id)),
  );

  app.get('/api/v1/events/:slug/people', { config: { permission: 'program.read_draft' }, schema: { tags, params: SlugParams, response: { 200: z.array(PersonView), ...errors } } }, async (req) => {
    const draft = await loadDraft(deps.db, eventOf(req));
    const emails = new Map((await deps.db.selectFrom('people').select(['id', 'email']).where('event_id', '=', eventOf(req).id).execute()).map((p) => [p.id, p.email]));
    return draft.people.map((p) => ({ ...p, email: emails.get(p.id) ?? null }));
  });
  app.post('/api/v1/events/:slug/people', { config: { permission: 'people.manage' }, schema: { tags, params: SlugParams, body: PersonInput, response: { 201: PersonView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await savePerson(deps, actorOf(req), eventOf(req).id, req.body, null), 201),
  );
  app.patch('/api/v1/events/:slug/people/:id', { config: { permission: 'people.manage' }, schema: { tags, params: IdParams, body: PersonInput.partial().strict(), response: { 200: PersonView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await savePerson(deps, actorOf(req), eventOf(req).id, req.body, req.params.id)),
  );
  app.delete('/api/v1/events/:slug/people/:id', { config: { permission: 'people.manage' }, schema: { tags, params: IdParams, response: { 200: Deleted, ...errors } } }, async (req, reply) =>
    answer(req, reply, await deletePerson(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );

  app.get(
    '/api/v1/events/:slug/sessions',
    { config: { permission: 'program.read_draft' }, schema: { tags, params: SlugParams, response: { 200: z.array(SessionView.omit({ conflicts: true, invitedUserIds: true, revision: true, updatedAt: true }).extend({ conflicts: z.array(Conflict) })), ...errors } } },
    async (req) => {
      const event = eventOf(req);
      const draft = await loadDraft(deps.db, event);
      const conflicts = findConflicts({ event: draft.event, rooms: draft.rooms, sessions: draft.sessions });
      const boards = editableBoards(req.principal!.grants, event.id);
      return draft.sessions
        .filter((s) => boards === null || (s.boardId !== null && boards.has(s.boardId)))
        .map((s) => ({ ...s, conflicts: conflicts.filter((c) => c.sessionIds.includes(s.id)) }));
    },
  );
  app.post('/api/v1/events/:slug/sessions', { config: { permission: 'program.edit' }, schema: { tags, params: SlugParams, body: SessionInput, response: { 201: SessionView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await createSession(deps, actorOf(req), eventOf(req), req.body), 201),
  );
  app.post(
    '/api/v1/events/:slug/sessions/check',
    {
      config: { permission: 'program.edit' },
      schema: {
        tags,
        description: 'The conflicts a session would have if saved as given, without saving (the editor calls it while the organiser types). Without `id` it is a new session, id 0 in the answer.',
        params: SlugParams,
        body: SessionPatch.extend({ id: Id.optional() }).strict(),
        response: { 200: z.object({ conflicts: z.array(Conflict) }), ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await checkSession(deps, actorOf(req), eventOf(req), req.body)),
  );
  app.get('/api/v1/events/:slug/sessions/:id', { config: { permission: 'program.read_draft' }, schema: { tags, params: IdParams, response: { 200: SessionView, ...errors } } }, async (req, reply) => {
    const event = eventOf(req);
    const view = await sessionView(deps, event, req.params.id);
    const boards = editableBoards(req.principal!.grants, event.id);
    if (!view) return answer(req, reply, { ok: false, code: 'not_found', field: 'id' });
    if (boards !== null && (view.boardId === null || !boards.has(view.boardId))) return answer(req, reply, { ok: false, code: 'board_scope', field: 'boardId' });
    return view;
  });
  app.patch('/api/v1/events/:slug/sessions/:id', { config: { permission: 'program.edit' }, schema: { tags, params: IdParams, body: SessionPatch, response: { 200: SessionView, ...errors } } }, async (req, reply) =>
    answer(req, reply, await updateSession(deps, actorOf(req), eventOf(req), req.params.id, req.body)),
  );
  app.delete('/api/v1/events/:slug/sessions/:id', { config: { permission: 'program.edit' }, schema: { tags, params: IdParams, response: { 200: Deleted, ...errors } } }, async (req, reply) =>
    answer(req, reply, await deleteSession(deps, actorOf(req), eventOf(req), req.params.id)),
  );

  app.get('/api/v1/events/:slug/conflicts', { config: { permission: 'program.read_draft' }, schema: { tags, params: SlugParams, response: { 200: z.array(Conflict), ...errors } } }, async (req) => {
    const event = eventOf(req);
    const draft = await loadDraft(deps.db, event);
    const conflicts = findConflicts({ event: draft.event, rooms: draft.rooms, sessions: draft.sessions });
    // A board chair sees the conflicts that touch a session of their boards (a clash with another board's
    // forum included: that is theirs to resolve too), not the whole event's.
    const boards = editableBoards(req.principal!.grants, event.id);
    if (boards === null) return conflicts;
    const mine = new Set(draft.sessions.filter((s) => s.boardId !== null && boards.has(s.boardId)).map((s) => s.id));
    return conflicts.filter((c) => c.sessionIds.some((id) => mine.has(id)));
  });

  app.get(
    '/api/v1/events/:slug/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        params: SlugParams,
        querystring: z.object({ before: IdParam.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.array(z.object({ id: z.number(), at: z.string(), type: z.string(), actorUserId: z.number().nullable(), requestId: z.string().nullable(), payload: z.record(z.string(), z.unknown()) })),
          ...errors,
        },
      },
    },
    async (req) => {
      let q = deps.db.selectFrom('audit_log').selectAll().where('event_id', '=', eventOf(req).id).orderBy('id', 'desc').limit(req.query.limit);
      if (req.query.before) q = q.where('id', '<', req.query.before);
      return (await q.execute()).map((r) => ({ id: r.id, at: r.at, type: r.type, actorUserId: r.actor_user_id, requestId: r.request_id, payload: fromJson<Record<string, unknown>>(r.payload, {}) }));
    },
  );

  app.post(
    '/api/v1/events/:slug/publish',
    { config: { permission: 'program.publish' }, schema: { tags, params: SlugParams, response: { 201: PublicationView.omit({ publishedBy: true }), ...errors } } },
    async (req, reply) => answer(req, reply, await publishProgramme(deps, actorOf(req), eventOf(req)), 201),
  );
  app.get('/api/v1/events/:slug/publications', { config: { permission: 'program.read_draft' }, schema: { tags, params: SlugParams, response: { 200: z.array(PublicationView), ...errors } } }, async (req) =>
    (
      await deps.db
        .selectFrom('publications')
        .select(['version', 'published_at', 'published_by', 'changelog'])
        .where('event_id', '=', eventOf(req).id)
        .orderBy('version', 'desc')
        .execute()
    ).map((p) => ({ version: p.version, publishedAt: p.published_at, publishedBy: p.published_by, changes: fromJson<ChangeEntry[]>(p.changelog, []) })),
  );
}
