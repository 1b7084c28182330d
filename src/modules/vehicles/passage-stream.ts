import { z } from 'zod';
import type { DomainEvent } from '../../platform/bus/bus.js';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody } from '../../platform/http/errors.js';
import { eventOf } from '../../platform/http/actor.js';
import { sseEndpoint, type SseStream } from '../../platform/http/sse.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { listPassages } from './list-passages.js';
import type { PassageView } from './vehicles.schema.js';

const PASSAGE_EVENTS: ReadonlySet<string> = new Set(['vehicles.passage_recorded', 'vehicles.passage_repeated']);

/**
 * A passage event's id: the passage and the instant it was (last) seen. A console that reconnects sends it back as
 * Last-Event-ID and is sent every passage first seen or seen again after that instant, as polling with `since` does.
 */
const passageEventId = (view: PassageView) => `${view.id}@${Date.parse(view.lastSeenAt)}`;
/** the instant of a Last-Event-ID this stream sent; any other (an id from before ids carried it) catches nothing up */
const seenAt = (lastEventId: string | undefined): number | null => {
  const m = /^\d{1,15}@(\d{1,15})$/.exec(lastEventId ?? '');
  return m ? Number(m[1]) : null;
};

/**
 * `GET /events/{slug}/vehicle-passages/stream`: every passage as the cameras report it (`passage` events carrying
 * the PassageView, a repeat within 30 s again with its new time and count); a console reconnecting with
 * Last-Event-ID is sent what it missed. Cluster handlers run on every instance, so a passage a camera posted to one
 * instance reaches consoles connected to any other, and a console whose instance died resumes on another.
 */
export function passageStream(app: App, deps: Deps): void {
  const endpoint = sseEndpoint(app);
  const byEvent = new Map<number, Set<SseStream>>();

  async function push(eventId: number, passageId: number) {
    const listeners = byEvent.get(eventId);
    if (!listeners?.size) return;
    const found = await listPassages(deps, eventId, { id: passageId, limit: 1 });
    const view = found.ok ? found.value[0] : undefined;
    if (!view) return;
    for (const stream of listeners) stream.send({ event: 'passage', id: passageEventId(view), data: view });
  }

  const off = deps.bus.onCluster((e: DomainEvent) => {
    if (e.eventId === null || !PASSAGE_EVENTS.has(e.type)) return;
    const passage = (e.payload as { passage?: unknown }).passage;
    if (typeof passage === 'number') void push(e.eventId, passage).catch((err: unknown) => app.log.error({ err }, 'passage push failed'));
  });
  app.addHook('onClose', async () => off());

  app.get(
    '/api/v1/events/:slug/vehicle-passages/stream',
    {
      config: { permission: 'vehicles.manage' },
      schema: {
        tags: ['vehicles'],
        summary: 'Server-Sent Events: each vehicle passage as it is recorded (`passage` events with the passage), for the live console',
        params: SlugParams,
        querystring: z.object({}).strict(),
        // EventSource sends it itself when it reconnects (another instance, after one died)
        headers: z.object({ 'last-event-id': z.string().max(100).optional() }),
        response: { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const eventId = eventOf(req).id;
      const listeners = byEvent.get(eventId) ?? new Set<SseStream>();
      byEvent.set(eventId, listeners);
      const stream = endpoint.open(req, reply, () => {
        listeners.delete(stream);
        if (listeners.size === 0) byEvent.delete(eventId);
      });
      listeners.add(stream);
      // tells the console the push works, so it can stop asking often
      stream.send({ event: 'ready', data: { at: new Date().toISOString() } });
      // listen first, then catch up: what was seen while the console was away, oldest first (a passage seen in
      // between may come twice; its view is the same)
      const last = req.headers['last-event-id'];
      const at = seenAt(last);
      if (at !== null) {
        const missed = await listPassages(deps, eventId, { since: new Date(at - 1).toISOString(), limit: 500 });
        if (missed.ok) for (const view of missed.value.reverse()) if (passageEventId(view) !== last) stream.send({ event: 'passage', id: passageEventId(view), data: view });
      }
      return reply;
    },
  );
}
