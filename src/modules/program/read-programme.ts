import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps.js';
import type { Grant } from '../../platform/auth/permissions.js';
import { editableBoards, isOrganiserOf } from '../../platform/auth/permissions.js';
import { fromJson } from '../../platform/db/database.js';
import type { Locale } from '../../platform/i18n/messages.js';
import { pick } from '../../platform/i18n/messages.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { ProgrammeSnapshot } from './program.schema.js';
import { latestPublication } from './publish-programme.js';

export interface Viewer {
  userId: number | null;
  grants: Grant[];
}

// Published snapshots never change, so each instance may keep the few it serves in memory (per database).
const caches = new WeakMap<object, { snapshots: Map<string, ProgrammeSnapshot>; bodies: Map<string, string> }>();
function cacheFor(deps: Deps) {
  let c = caches.get(deps.db);
  if (!c) caches.set(deps.db, (c = { snapshots: new Map(), bodies: new Map() }));
  return c;
}
const remember = <V>(map: Map<string, V>, key: string, value: V, max: number) => {
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
};

async function publishedSnapshot(deps: Deps, eventId: number): Promise<ProgrammeSnapshot | null> {
  const head = await deps.db
    .selectFrom('publications')
    .select('version')
    .where('event_id', '=', eventId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!head) return null;
  const { snapshots } = cacheFor(deps);
  const key = `${eventId}:${head.version}`;
  const cached = snapshots.get(key);
  if (cached) return cached;
  const row = await latestPublication(deps, eventId);
  const snap = row ? fromJson<ProgrammeSnapshot | null>(row.snapshot, null) : null;
  if (snap) remember(snapshots, `${eventId}:${snap.version}`, snap, 32);
  return snap;
}

/** Closed-door sessions a viewer may see: all for organisers, their board's for chairs, else invitations. */
async function visibleClosed(deps: Deps, snap: ProgrammeSnapshot, viewer: Viewer): Promise<Set<number>> {
  const closed = snap.sessions.filter((s) => s.closed);
  if (closed.length === 0 || viewer.userId === null) return new Set();
  if (isOrganiserOf(viewer.grants, snap.event.id)) return new Set(closed.map((s) => s.id));
  const boards = editableBoards(viewer.grants, snap.event.id) ?? new Set<number>();
  const invited = await deps.db
    .selectFrom('session_invitations')
    .select('session_id')
    .where('user_id', '=', viewer.userId)
    .where('session_id', 'in', closed.map((s) => s.id))
    .execute();
  const ids = new Set(invited.map((i) => i.session_id));
  for (const s of closed) if (s.boardId !== null && boards.has(s.boardId)) ids.add(s.id);
  return ids;
}

/** The snapshot as this viewer may see it: closed-door sessions they are not invited to are left out. */
export async function programmeForViewer(deps: Deps, eventId: number, viewer: Viewer): Promise<Result<{ snap: ProgrammeSnapshot; visibleClosedIds: number[] }>> {
  const snap = await publishedSnapshot(deps, eventId);
  if (!snap) return refuse('not_published');
  const allowed = await visibleClosed(deps, snap, viewer);
  const sessions = snap.sessions.filter((s) => !s.closed || allowed.has(s.id));
  const used = new Set(sessions.flatMap((s) => s.people.map((p) => p.personId)));
  return ok({ snap: { ...snap, sessions, people: snap.people.filter((p) => used.has(p.id)) }, visibleClosedIds: [...allowed].sort((a, b) => a - b) });
}

/** Bilingual fields flattened to one language, for clients that asked for one. */
export function localise(snap: ProgrammeSnapshot, locale: Locale) {
  const t = (b: { zh: string; en: string } | null) => (b ? pick(locale, b) : null);
  return {
    ...snap,
    language: locale,
    event: { ...snap.event, name: pick(locale, snap.event.name), venue: snap.event.venue ? { name: pick(locale, snap.event.venue.name), address: pick(locale, snap.event.venue.address) } : null },
    boards: snap.boards.map((b) => ({ ...b, title: pick(locale, b.title) })),
    rooms: snap.rooms.map((r) => ({ ...r, name: pick(locale, r.name) })),
    organisations: snap.organisations.map((o) => ({ ...o, name: pick(locale, o.name) })),
    people: snap.people.map((p) => ({ ...p, title: t(p.title), bio: t(p.bio) })),
    sessions: snap.sessions.map((s) => ({ ...s, title: pick(locale, s.title), description: pick(locale, s.description) })),
  };
}

/**
 * The published programme as a JSON body with its ETag. Bodies are cached per version, language and
 * visible closed sessions, so the hot path is one indexed query plus a map lookup.
 */
export async function publishedBody(deps: Deps, eventId: number, viewer: Viewer, lang: Locale | null): Promise<Result<{ etag: string; body: string; version: number }>> {
  const res = await programmeForViewer(deps, eventId, viewer);
  if (!res.ok) return res;
  const { snap, visibleClosedIds } = res.value;
  const key = `${eventId}:${snap.version}:${lang ?? 'all'}:${visibleClosedIds.join(',')}`;
  const etag = `"p${snap.version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`;
  const { bodies } = cacheFor(deps);
  let body = bodies.get(key);
  if (!body) {
    body = JSON.stringify(lang ? localise(snap, lang) : snap);
    remember(bodies, key, body, 256);
  }
  return ok({ etag, body, version: snap.version });
}
