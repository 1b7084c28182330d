import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MyNotice, MyNotices, ReadReceipt } from '../../src/modules/notices/notices.schema.js';
import { api } from '../shared/api.js';
import { useAppData } from './data.js';

interface Live {
  /** null until the first answer (stream or list) */
  unread: number | null;
  /** my notices, newest first; null until loaded */
  notices: MyNotice[] | null;
  /** the last urgent notice that arrived while the app was open, until dismissed */
  urgent: MyNotice | null;
  dismissUrgent(): void;
  markRead(id: number): Promise<void>;
}

const Ctx = createContext<Live | null>(null);
export function useLive(): Live {
  const v = useContext(Ctx);
  if (!v) throw new Error('useLive outside LiveProvider');
  return v;
}

/**
 * What the server pushes while the app is open: notices with the unread count, and new programme versions. One
 * EventSource per logged-in page; it reconnects by itself and sends Last-Event-ID, so nothing is missed.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { slug, me, refreshProgramme } = useAppData();
  const userId = me?.userId ?? null;
  const [unread, setUnread] = useState<number | null>(null);
  const [listed, setListed] = useState<MyNotice[] | null>(null);
  /** notices pushed since the page opened: a list read while one arrives must not lose it */
  const [pushed, setPushed] = useState<MyNotice[]>([]);
  const [readIds, setReadIds] = useState<ReadonlySet<number>>(new Set());
  const [urgent, setUrgent] = useState<MyNotice | null>(null);

  // the list (cached for offline use like every API read) gives the count on a visit after time away
  useEffect(() => {
    setListed(null);
    setPushed([]);
    setReadIds(new Set());
    setUnread(null);
    setUrgent(null);
    if (!slug || userId === null) return;
    let live = true;
    api<MyNotices>('GET', `/api/v1/events/${slug}/my/notices`).then(
      (mine) => {
        if (!live) return;
        setListed(mine.items);
        setUnread((u) => u ?? mine.unread);
      },
      // unreachable and nothing cached: an empty list (the page says when it needs the network)
      () => live && setListed((l) => l ?? []),
    );
    return () => {
      live = false;
    };
  }, [slug, userId]);

  useEffect(() => {
    if (!slug || userId === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/events/${slug}/stream`);
    source.addEventListener('unread', (e) => setUnread((JSON.parse(e.data as string) as { unread: number }).unread));
    source.addEventListener('notice', (e) => {
      const { notice, unread } = JSON.parse(e.data as string) as { notice: MyNotice; unread: number };
      setUnread(unread);
      setPushed((p) => [notice, ...p.filter((n) => n.id !== notice.id)]);
      if (notice.urgency === 'urgent' && !notice.read) setUrgent(notice);
    });
    source.addEventListener('programme', () => void refreshProgramme());
    // A version published while the stream was (re)connecting is not replayed: look once on every open.
    source.addEventListener('open', () => void refreshProgramme());
    return () => source.close();
  }, [slug, userId, refreshProgramme]);

  const markRead = useCallback(
    async (id: number) => {
      if (!slug) return;
      setReadIds((r) => new Set(r).add(id));
      try {
        setUnread((await api<ReadReceipt>('POST', `/api/v1/events/${slug}/notices/${id}/read`)).unread);
      } catch {
        // offline: it stays unread on the server and is marked again when opened next time
        setReadIds((r) => {
          const next = new Set(r);
          next.delete(id);
          return next;
        });
      }
    },
    [slug],
  );

  const notices = useMemo(() => {
    if (listed === null && pushed.length === 0) return null;
    const byId = new Map<number, MyNotice>();
    for (const n of [...pushed, ...(listed ?? [])]) if (!byId.has(n.id)) byId.set(n.id, n);
    return [...byId.values()].map((n) => (readIds.has(n.id) ? { ...n, read: true } : n)).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id);
  }, [listed, pushed, readIds]);

  const dismissUrgent = useCallback(() => setUrgent(null), []);
  const value = useMemo<Live>(() => ({ unread, notices, urgent, dismissUrgent, markRead }), [unread, notices, urgent, dismissUrgent, markRead]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
