/** Stars and un-stars made offline wait here (localStorage, so a reload keeps them) until the network is back. */
export interface QueuedStar {
  slug: string;
  sessionId: number;
  on: boolean;
}

const KEY = 'huiwu.agendaQueue';

export function readQueue(): QueuedStar[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(raw) ? (raw as QueuedStar[]) : [];
  } catch {
    return [];
  }
}

function writeQueue(queue: QueuedStar[]): void {
  if (queue.length) localStorage.setItem(KEY, JSON.stringify(queue));
  else localStorage.removeItem(KEY);
}

/** The last wish per session wins: PUT and DELETE are idempotent, so only the final state needs sending. */
export function enqueue(item: QueuedStar): void {
  writeQueue([...readQueue().filter((q) => !(q.slug === item.slug && q.sessionId === item.sessionId)), item]);
}

export function dequeue(item: QueuedStar): void {
  writeQueue(readQueue().filter((q) => !(q.slug === item.slug && q.sessionId === item.sessionId && q.on === item.on)));
}

/** The starred set as the server last said, with the queued changes applied on top. */
export function applyQueue(slug: string, starred: ReadonlySet<number>): Set<number> {
  const out = new Set(starred);
  for (const q of readQueue()) {
    if (q.slug !== slug) continue;
    if (q.on) out.add(q.sessionId);
    else out.delete(q.sessionId);
  }
  return out;
}
