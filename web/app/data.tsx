import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AgendaView } from '../../src/modules/agenda/agenda.schema.js';
import type { EventView } from '../../src/modules/events/events.schema.js';
import type { ProgrammeSnapshot } from '../../src/modules/program/program.schema.js';
import { api, ApiError, rememberCsrf } from '../shared/api.js';
import { applyQueue, dequeue, enqueue, readQueue } from './offline-queue.js';

/** What GET /auth/me and POST /auth/login answer. */
export interface Me {
  userId: number;
  email: string;
  displayName: string;
  locale: string;
  grants: Array<{ role: string; eventId: number | null; boardId: number | null }>;
  csrfToken: string | null;
}

export type Programme = { state: 'loading' } | { state: 'ready'; programme: ProgrammeSnapshot } | { state: 'error'; code: string; message: string };

interface AppData {
  slug: string | null;
  programme: Programme;
  /** undefined while asking, null when nobody is logged in */
  me: Me | null | undefined;
  /** starred session ids, including changes still waiting for the network */
  starred: Set<number>;
  pending: number;
  online: boolean;
  star(sessionId: number, on: boolean): Promise<void>;
  login(email: string, password: string): Promise<void>;
  /** reads the published programme again (cheap: cached per version with an ETag) and takes it if it changed */
  refreshProgramme(): Promise<void>;
  logout(): Promise<void>;
}

const Ctx = createContext<AppData | null>(null);
export function useAppData(): AppData {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAppData outside DataProvider');
  return v;
}

const SLUG_KEY = 'huiwu.event';

const API_CACHE = 'api'; // the service worker's network-first cache of API reads (vite.config.ts)

/**
 * Reads a URL so that its fresh answer lands in the service worker's cache. A page the worker controls goes
 * through it (it caches); a page it does not control yet (the first visit: the worker installs after the page
 * loads and does not claim it) stores the answer itself, so "after one visit" really works offline.
 */
export function recache(url: string): void {
  void fetch(url, { credentials: 'same-origin' })
    .then(async (res) => {
      if (res.ok && !navigator.serviceWorker?.controller && 'caches' in window) await (await caches.open(API_CACHE)).put(url, res);
    })
    .catch(() => undefined);
}

const controlledAtStart = typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller;
/** On a first visit the reads ran before any worker existed: once the event is known, store them for offline use. */
function useWarmCache(slug: string | null, signedIn: boolean): void {
  useEffect(() => {
    if (!slug || controlledAtStart || !('serviceWorker' in navigator)) return;
    for (const url of ['/api/v1/events', `/api/v1/events/${slug}/programme`, ...(signedIn ? ['/api/v1/auth/me', `/api/v1/events/${slug}/agenda`] : [])]) recache(url);
  }, [slug, signedIn]);
}

/** A write's answer never reaches the cache of GET …/agenda: read it again so an offline start sees it. */
const refreshCachedAgenda = (slug: string) => recache(`/api/v1/events/${slug}/agenda`);

/** Logging out on a shared phone must not leave the last person's agenda readable offline. */
const forgetCachedReads = () => ('caches' in window ? caches.delete(API_CACHE).then(() => undefined) : Promise.resolve());
/** A network failure (offline, server unreachable) rather than an answer from the server. */
const isNetworkError = (e: unknown) => !(e instanceof ApiError);
const errorOf = (e: unknown): Programme => ({ state: 'error', code: e instanceof ApiError ? e.code : 'network', message: e instanceof Error ? e.message : String(e) });

export function DataProvider({ children }: { children: ReactNode }) {
  const [slug, setSlug] = useState<string | null>(null);
  const [programme, setProgramme] = useState<Programme>({ state: 'loading' });
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [serverStars, setServerStars] = useState<Set<number>>(new Set());
  const [pending, setPending] = useState(() => readQueue().length);
  const [online, setOnline] = useState(() => navigator.onLine);
  const syncing = useRef(false);
  useWarmCache(slug, !!me);

  const takeAgenda = useCallback((a: AgendaView) => setServerStars(new Set(a.items.map((i) => i.sessionId))), []);

  const loadMe = useCallback(async (eventSlug: string) => {
    try {
      const who = await api<Me>('GET', '/api/v1/auth/me');
      if (who.csrfToken) rememberCsrf(who.csrfToken);
      setMe(who);
      takeAgenda(await api<AgendaView>('GET', `/api/v1/events/${eventSlug}/agenda`));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe((m) => (m === undefined ? null : m));
    }
  }, [takeAgenda]);

  useEffect(() => {
    (async () => {
      const wanted = new URLSearchParams(location.search).get('event') ?? localStorage.getItem(SLUG_KEY);
      const events = await api<EventView[]>('GET', '/api/v1/events');
      const event = events.find((e) => e.slug === wanted) ?? events[0];
      if (!event) throw new ApiError(404, 'not_published', 'not_published', null);
      localStorage.setItem(SLUG_KEY, event.slug);
      setSlug(event.slug);
      void loadMe(event.slug);
      setProgramme({ state: 'ready', programme: await api<ProgrammeSnapshot>('GET', `/api/v1/events/${event.slug}/programme`) });
    })().catch((e: unknown) => setProgramme(errorOf(e)));
  }, [loadMe]);

  const refreshProgramme = useCallback(async () => {
    if (!slug || !navigator.onLine) return;
    try {
      const next = await api<ProgrammeSnapshot>('GET', `/api/v1/events/${slug}/programme`);
      setProgramme((prev) => (prev.state === 'ready' && prev.programme.version === next.version ? prev : { state: 'ready', programme: next }));
    } catch {
      // keep what is shown; the next focus or push tries again
    }
  }, [slug]);

  // A page left open in the background may have missed a publication (anonymous readers have no stream).
  useEffect(() => {
    const visible = () => {
      if (document.visibilityState === 'visible') void refreshProgramme();
    };
    window.addEventListener('focus', visible);
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.removeEventListener('focus', visible);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [refreshProgramme]);

  /** Sends the queued stars in order; PUT and DELETE are idempotent, so a retry after a half-sent queue is safe. */
  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    try {
      if (!sessionStorage.getItem('huiwu.csrf')) {
        const who = await api<Me>('GET', '/api/v1/auth/me');
        if (who.csrfToken) rememberCsrf(who.csrfToken);
      }
      const sent = new Set<string>();
      for (const q of readQueue()) {
        try {
          takeAgenda(await api<AgendaView>(q.on ? 'PUT' : 'DELETE', `/api/v1/events/${q.slug}/agenda/${q.sessionId}`));
          dequeue(q);
          sent.add(q.slug);
        } catch (e) {
          if (isNetworkError(e)) break;
          dequeue(q); // refused for good (session gone, logged out): keeping it would retry forever
        }
      }
      sent.forEach(refreshCachedAgenda);
    } catch {
      // still unreachable: the next `online` event tries again
    } finally {
      syncing.current = false;
      setPending(readQueue().length);
    }
  }, [takeAgenda]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    if (navigator.onLine && readQueue().length) void sync();
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [sync]);

  const star = useCallback(
    async (sessionId: number, on: boolean) => {
      if (!slug) return;
      const item = { slug, sessionId, on };
      enqueue(item);
      setPending(readQueue().length);
      if (!navigator.onLine) return;
      try {
        takeAgenda(await api<AgendaView>(on ? 'PUT' : 'DELETE', `/api/v1/events/${slug}/agenda/${sessionId}`));
        dequeue(item);
        refreshCachedAgenda(slug);
      } catch (e) {
        if (!isNetworkError(e)) {
          dequeue(item);
          throw e;
        }
      } finally {
        setPending(readQueue().length);
      }
    },
    [slug, takeAgenda],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const who = await api<Me>('POST', '/api/v1/auth/login', { email, password });
      rememberCsrf(who.csrfToken);
      setMe(who);
      if (slug) takeAgenda(await api<AgendaView>('GET', `/api/v1/events/${slug}/agenda`));
      if (slug) setProgramme({ state: 'ready', programme: await api<ProgrammeSnapshot>('GET', `/api/v1/events/${slug}/programme`) });
    },
    [slug, takeAgenda],
  );

  const logout = useCallback(async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    rememberCsrf(null);
    await forgetCachedReads().catch(() => undefined);
    setMe(null);
    setServerStars(new Set());
  }, []);

  // `pending` is read so the starred set is recomputed when the queue changes
  const starred = useMemo(() => (slug && pending >= 0 ? applyQueue(slug, serverStars) : serverStars), [slug, serverStars, pending]);
  const value = useMemo<AppData>(
    () => ({ slug, programme, me, starred, pending, online, star, login, logout, refreshProgramme }),
    [slug, programme, me, starred, pending, online, star, login, logout, refreshProgramme],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
