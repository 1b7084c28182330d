import { z } from 'zod';
import type { DomainEvent } from '../../platform/bus/bus.js';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody } from '../../platform/http/errors.js';
import { eventOf } from '../../platform/http/actor.js';
import { sseEndpoint, type SseStream } from '../../platform/http/sse.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { myNotices, toMyNotice, unreadCount, unreadCounts } from './notices.store.js';

interface Listener {
  userId: number;
  stream: SseStream;
  /** deliveries already sent, so that the catch-up after a reconnect never repeats a live one */
  sent: Set<number>;
}

const DeliveryId = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * `GET /events/{slug}/stream`: each connected reader gets `notice` events (id = delivery id) for the notices that
 * reach them, with their unread count, `unread` events when the count changes elsewhere, and a `programme` event
 * (`{ version }`) when a new version of the programme is published, so that open pages refresh it. The bus's
 * cluster handlers run on every instance, so a notice published on one reaches readers connected to any other.
 */
export function noticeStream(app: App, deps: Deps) {
  const endpoint = sseEndpoint(app);
  const byEvent = new Map<number, Set<Listener>>();

  const send = (l: Listener, deliveryId: number, data: unknown) => {
    if (l.sent.has(deliveryId)) return;
    l.sent.add(deliveryId);
    l.stream.send({ id: deliveryId, event: 'notice', data });
  };

  async function onPublished(eventId: number, noticeId: number) {
    const listeners = byEvent.get(eventId);
    if (!listeners?.size) return;
    const notice = await deps.db.selectFrom('notices').selectAll().where('id', '=', noticeId).where('event_id', '=', eventId).executeTakeFirst();
    if (!notice) return;
    const deliveries = await deps.db.selectFrom('notice_deliveries').select(['id', 'user_id', 'read_at']).where('notice_id', '=', noticeId).execute();
    const byUser = new Map(deliveries.map((d) => [d.user_id, d]));
    const reached = [...listeners].filter((l) => byUser.has(l.userId));
    if (reached.length === 0) return;
    const counts = await unreadCounts(deps.db, eventId, [...new Set(reached.map((l) => l.userId))]);
    for (const l of reached) {
      const d = byUser.get(l.userId)!;
      send(l, d.id, { notice: toMyNotice(notice, d.id, d.read_at), unread: counts.get(l.userId) ?? 0 });
    }
  }

  async function onRead(eventId: number, userId: number) {
    const mine = [...(byEvent.get(eventId) ?? [])].filter((l) => l.userId === userId);
    if (mine.length === 0) return;
    const unread = await unreadCount(deps.db, eventId, userId);
    for (const l of mine) l.stream.send({ event: 'unread', data: { unread } });
  }

  function onProgramme(eventId: number, version: number) {
    for (const l of byEvent.get(eventId) ?? []) l.stream.send({ event: 'programme', data: { version } });
  }

  const off = deps.bus.onCluster(async (e: DomainEvent) => {
    if (e.eventId === null) return;
    if (e.type === 'programme.published') onProgramme(e.eventId, Number(e.payload['version']));
    else if (e.type === 'notice.published') await onPublished(e.eventId, Number(e.payload['noticeId']));
    else if (e.type === 'notice.read' && e.actorUserId !== null) await onRead(e.eventId, e.actorUserId);
  });
  app.addHook('onClose', async () => off());

  app.get(
    '/api/v1/events/:slug/stream',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notices'],
        summary: 'Server-Sent Events: notices as they are published, the unread count, and new programme versions',
        params: SlugParams,
        // EventSource sends Last-Event-ID itself when it reconnects; a fresh page passes its last id in the query
        querystring: z.object({ lastEventId: DeliveryId.optional() }),
        headers: z.object({ 'last-event-id': DeliveryId.optional() }),
        response: { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const eventId = eventOf(req).id;
      const userId = req.principal!.userId;
      const after = req.headers['last-event-id'] ?? req.query.lastEventId;
      const listeners = byEvent.get(eventId) ?? new Set<Listener>();
      byEvent.set(eventId, listeners);
      const listener: Listener = {
        userId,
        sent: new Set(),
        stream: endpoint.open(req, reply, () => {
          listeners.delete(listener);
          if (listeners.size === 0) byEvent.delete(eventId);
        }),
      };
      // listen first, then catch up: a notice published in between arrives live, and `sent` drops the repeat
      listeners.add(listener);
      listener.stream.send({ event: 'unread', data: { unread: await unreadCount(deps.db, eventId, userId) } });
      if (after !== undefined) {
        const missed = await myNotices(deps.db, eventId, userId, after);
        const unread = await unreadCount(deps.db, eventId, userId);
        for (const n of missed) send(listener, n.deliveryId, { notice: n, unread });
      }
      return reply;
    },
  );
}
