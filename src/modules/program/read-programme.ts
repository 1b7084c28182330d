import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Deps } from '../../platform/deps.js';
import type { Grant } from '../../platform/auth/permissions.js';
import { editableBoards, isOrganiserOf } from '../../platform/auth/permissions.js';
import { fromJson } from '../../platform/db/database.js';
import type { Locale } from '../../platform/i18n/messages.js';
import { pick } from '../../platform/i18n/messages.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { ProgrammeSnapshot } from './program.schema.js';
import { TtlCache } from '../../platform/ttl-cache.js';

export interface Viewer {
  userId: number | null;
  grants: Grant[];
}

interface Body {
  etag: string;
  body: Buffer;
  /** compressed once, on the first request that accepts it */
  gzip?: Buffer;
}
interface Caches {
  /** latest published version per event: invalidated by the bus, and at most a second old otherwise */
  latest: TtlCache<number, number | null>;
  /** published snapshots never change: keyed by event and version */
  snapshots: Map<string, ProgrammeSnapshot>;
  /** serialised bodies with their ETags, per version, language and visible closed sessions */
  bodies: Map<string, Body>;
}
// One set of caches per running instance (keyed by its bus), so two apps in one process never share.
const caches = new WeakMap<object, Caches>();
function cacheFor(deps: Deps): Caches {
  let c = caches.get(deps.bus);
  if (!c) {
    const fresh: Caches = { latest: new TtlCache(1000), snapshots: new Map(), bodies: new Map() };
    deps.bus.onCluster((e) => {
      if (e.type === 'programme.published' && e.eventId !== null) fresh.latest.delete(e.eventId);
    });
    caches.set(deps.bus, (c = fresh));
  }
  return c;
}
const remember = <V>(map: Map<string, V>, key: string, value: V, max: number) => {
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
};

async function publishedSnapshot(deps: Deps, eventId: number): Promise<ProgrammeSnapshot | null> {
  const { latest, snapshots } = cacheFor(deps);
  const version = await latest.get(eventId, async () => {
    const head = await deps.db.selectFrom('publications').select('version').where('event_id', '=', eventId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return head?.version ?? null;
  });
  if (version === null) return null;
  const key = `${eventId}:${version}`;
  const cached = snapshots.get(key);
  if (cached) return cached;
  const row = await deps.db.selectFrom('publications').select('snapshot').where('event_id', '=', eventId).where('version', '=', version).executeTakeFirst();
  const snap = row ? fromJson<ProgrammeSnapshot | null>(row.snapshot, null) : null;
  if (snap) remember(snapshots, key, snap, 32);
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

function filterFor(snap: ProgrammeSnapshot, allowed: Set<number>): ProgrammeSnapshot {
  const sessions = snap.sessions.filter((s) => !s.closed || allowed.has(s.id));
  const used = new Set(sessions.flatMap((s) => s.people.map((p) => p.personId)));
  return { ...snap, sessions, people: snap.people.filter((p) => used.has(p.id)) };
}

/** The snapshot as this viewer may see it: closed-door sessions they are not invited to are left out. */
export async function programmeForViewer(deps: Deps, eventId: number, viewer: Viewer): Promise<Result<{ snap: ProgrammeSnapshot; visibleClosedIds: number[] }>> {
  const snap = await publishedSnapshot(deps, eventId);
  if (!snap) return refuse('not_published');
  const allowed = await visibleClosed(deps, snap, viewer);
  return ok({ snap: filterFor(snap, allowed), visibleClosedIds: [...allowed].sort((a, b) => a - b) });
}

/** Bilingual fields flattened to one language, for clients that asked for one. */
export function localise(snap: ProgrammeSnapshot, locale: Locale) {
  const t = (b: { zh: string; en: string } | null) => (b ? pick(locale, b) : null);
  return {
    ...snap,
    language: locale,
    event: { ...snap.event, name: pick(locale, snap.event.name), venue: snap.event.venue ? { name: pick(locale, snap.event.venue.name), address: pick(locale, snap.event.venue.address) } : null },
    boards: snap.boards.map((b) => ({ ...b, title: pick(locale, b.title) })),
    venues: snap.venues.map((v) => ({ ...v, name: pick(locale, v.name), address: pick(locale, v.address) })),
    rooms: snap.rooms.map((r) => ({ ...r, name: pick(locale, r.name) })),
    organisations: snap.organisations.map((o) => ({ ...o, name: pick(locale, o.name) })),
    people: snap.people.map((p) => ({ ...p, title: t(p.title), bio: t(p.bio) })),
    sessions: snap.sessions.map((s) => ({ ...s, title: pick(locale, s.title), description: pick(locale, s.description) })),
  };
}

/**
 * The published programme as a JSON body with its ETag. The hot path for an anonymous guest touches no
 * database: the latest version is cached (bus-invalidated), and bodies are cached as bytes per version,
 * language and set of visible closed sessions; filtering and serialising happen only on a miss.
 */
export async function publishedBody(
  deps: Deps,
  eventId: number,
  viewer: Viewer,
  lang: Locale | null,
  gzip = false,
): Promise<Result<{ etag: string; body: Buffer; encoding: 'gzip' | null; version: number }>> {
  const snap = await publishedSnapshot(deps, eventId);
  if (!snap) return refuse('not_published');
  const allowed = await visibleClosed(deps, snap, viewer);
  const key = `${eventId}:${snap.version}:${lang ?? 'all'}:${[...allowed].sort((a, b) => a - b).join(',')}`;
  const { bodies } = cacheFor(deps);
  let entry = bodies.get(key);
  if (!entry) {
    const visible = filterFor(snap, allowed);
    entry = {
      etag: `"p${snap.version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`,
      body: Buffer.from(JSON.stringify(lang ? localise(visible, lang) : visible)),
    };
    remember(bodies, key, entry, 256);
  }
  if (gzip) {
    entry.gzip ??= gzipSync(entry.body);
    // each encoding is its own representation, so it gets its own strong ETag
    return ok({ etag: `${entry.etag.slice(0, -1)}-gz"`, body: entry.gzip, encoding: 'gzip', version: snap.version });
  }
  return ok({ etag: entry.etag, body: entry.body, encoding: null, version: snap.version });
}
