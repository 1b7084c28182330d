/** A Server-Sent Events reader for tests: collects every message of a stream until closed. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SseReceived {
  id?: string;
  event?: string;
  data: unknown;
  receivedAt: number;
}

export interface OpenStream<T> {
  res: Response;
  events: SseReceived[];
  /** the data of the count-th message, waiting for it */
  waitFor(count: number, timeoutMs?: number): Promise<T>;
  /** the next message of this type after the ones already taken with next() */
  next(type: string, timeoutMs?: number): Promise<SseReceived>;
  close(): void;
}

/** Opens `base + path` as an event stream with the given cookie (and headers), as a browser's EventSource would. */
export async function openStream<T = unknown>(base: string, path: string, cookie: string, headers: Record<string, string> = {}): Promise<OpenStream<T>> {
  const abort = new AbortController();
  const res = await fetch(`${base}${path}`, { headers: { cookie, accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseReceived[] = [];
  let cursor = 0;
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const e: { id?: string; event?: string; data?: unknown } = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
          }
          if ('data' in e) events.push({ ...(e as { id?: string; event?: string; data: unknown }), receivedAt: Date.now() });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    res,
    events,
    async waitFor(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events within ${timeoutMs} ms`);
        await sleep(10);
      }
      return events[count - 1]!.data as T;
    },
    async next(type: string, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = events.findIndex((e, n) => n >= cursor && e.event === type);
        if (i >= 0) {
          cursor = i + 1;
          return events[i]!;
        }
        if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
        await sleep(10);
      }
    },
    close: () => abort.abort(),
  };
}
