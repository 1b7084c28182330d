import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.js';

/** One Server-Sent Events message; `data` is sent as JSON on one line. */
export interface SseMessage {
  id?: string | number;
  event?: string;
  data: unknown;
}

export interface SseStream {
  send(message: SseMessage): void;
  close(): void;
  readonly closed: boolean;
}

export interface SseEndpoint {
  /** Takes the request over as an event stream; `onClose` runs once, however the stream ends. */
  open(request: FastifyRequest, reply: FastifyReply, onClose?: () => void): SseStream;
  /** how many streams are open on this instance */
  readonly size: number;
}

export interface SseOptions {
  /** comment lines keep proxies and load balancers from timing an idle stream out */
  heartbeatMs?: number;
  /** a reader that stops reading is dropped once this much is queued for it */
  maxBufferedBytes?: number;
  /** what a browser waits before reconnecting */
  retryMs?: number;
}

export function formatSse(message: SseMessage): string {
  let out = '';
  if (message.id !== undefined) out += `id: ${message.id}\n`;
  if (message.event !== undefined) out += `event: ${message.event}\n`;
  return `${out}data: ${JSON.stringify(message.data)}\n\n`;
}

/**
 * Keeps event-stream connections for one app: headers, heartbeats, clean-up when the client goes, and an end to
 * every stream when the app closes (an open stream would otherwise hold `app.close()` forever).
 */
export function sseEndpoint(app: App, options: SseOptions = {}): SseEndpoint {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const streams = new Set<SseStream>();
  app.addHook('preClose', async () => {
    for (const s of [...streams]) s.close();
  });

  return {
    get size() {
      return streams.size;
    },
    open(request, reply, onClose) {
      reply.hijack();
      const raw = reply.raw;
      // headers set before the takeover (x-request-id) would be lost with it
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: ${options.retryMs ?? 3000}\n\n`);
      let closed = false;
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      const finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        streams.delete(stream);
        onClose?.();
      };
      const write = (chunk: string) => {
        if (closed) return;
        if (raw.writableLength > maxBuffered) return stream.close();
        raw.write(chunk);
      };
      const stream: SseStream = {
        get closed() {
          return closed;
        },
        send: (message) => write(formatSse(message)),
        close: () => {
          finish();
          raw.end();
        },
      };
      streams.add(stream);
      // the client went away: drop the socket too, or a half-closed one keeps `app.close()` waiting
      const gone = () => {
        finish();
        raw.destroy();
      };
      request.raw.on('close', gone);
      raw.on('close', gone);
      raw.on('error', gone);
      return stream;
    },
  };
}
