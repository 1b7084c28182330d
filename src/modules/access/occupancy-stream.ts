import type { DomainEvent } from '../../platform/bus/bus.js';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody } from '../../platform/http/errors.js';
import { eventOf } from '../../platform/http/actor.js';
import { sseEndpoint, type SseStream } from '../../platform/http/sse.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { readOccupancy } from './read-occupancy.js';
import { DEFAULT_HOURS, OccupancyStreamQuery } from './reports.schema.js';

/** At most one push per event per second, however fast the gates scan: the rush of an opening ceremony. */
export const OCCUPANCY_PUSH_MS = 1000;

interface Listener {
  hours: number;
  stream: SseStream;
}

interface EventState {
  listeners: Set<Listener>;
  lastPush: number;
  timer: NodeJS.Timeout | null;
}

/**
 * `GET /events/{slug}/occupancy/stream`: an `occupancy` event on connecting, then a fresh one after gate scans
 * (`gate.scanned` on the bus), throttled. Cluster handlers run on every instance, so a scan recorded by one
 * instance reaches consoles connected to any other.
 */
export function occupancyStream(app: App, deps: Deps) {
  const endpoint = sseEndpoint(app);
  const byEvent = new Map<number, EventState>();

  async function push(eventId: number, state: EventState) {
    state.timer = null;
    state.lastPush = Date.now();
    const byHours = new Map<number, Listener[]>();
    for (const l of state.listeners) byHours.set(l.hours, [...(byHours.get(l.hours) ?? []), l]);
    for (const [hours, listeners] of byHours) {
      const now = Date.now();
      const res = await readOccupancy(deps, eventId, { from: new Date(now - hours * 3_600_000).toISOString(), to: new Date(now).toISOString() }, now);
      if (!res.ok) continue;
      for (const l of listeners) l.stream.send({ event: 'occupancy', data: res.value });
    }
  }

  function schedule(eventId: number) {
    const state = byEvent.get(eventId);
    if (!state || state.timer) return;
    const wait = Math.max(0, state.lastPush + OCCUPANCY_PUSH_MS - Date.now());
    state.timer = setTimeout(() => void push(eventId, state).catch((err: unknown) => app.log.error({ err }, 'occupancy push failed')), wait);
  }

  const off = deps.bus.onCluster((e: DomainEvent) => {
    if (e.eventId !== null && e.type === 'gate.scanned') schedule(e.eventId);
  });
  app.addHook('onClose', async () => {
    off();
    for (const s of byEvent.values()) if (s.timer) clearTimeout(s.timer);
  });

  app.get(
    '/api/v1/events/:slug/occupancy/stream',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags: ['reports'],
        summary: 'Server-Sent Events: live occupancy (`occupancy` events), pushed after gate scans at most once a second',
        params: SlugParams,
        querystring: OccupancyStreamQuery,
        response: { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const eventId = eventOf(req).id;
      const hours = req.query.hours ?? DEFAULT_HOURS;
      const state = byEvent.get(eventId) ?? { listeners: new Set<Listener>(), lastPush: 0, timer: null };
      byEvent.set(eventId, state);
      const listener: Listener = {
        hours,
        stream: endpoint.open(req, reply, () => {
          state.listeners.delete(listener);
          if (state.listeners.size === 0) {
            if (state.timer) clearTimeout(state.timer);
            byEvent.delete(eventId);
          }
        }),
      };
      state.listeners.add(listener);
      const now = Date.now();
      try {
        const first = await readOccupancy(deps, eventId, { from: new Date(now - hours * 3_600_000).toISOString(), to: new Date(now).toISOString() }, now);
        if (first.ok) listener.stream.send({ event: 'occupancy', data: first.value });
      } catch (err) {
        // the stream is open already: end it, and the browser's EventSource tries again
        req.log.error({ err }, 'occupancy stream could not start');
        listener.stream.close();
      }
      return reply;
    },
  );
}
