import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/demo/load-demo.js';

export interface HttpSession {
  cookie: string;
  csrf: string;
  userId: number;
}

async function http(url: string, init: RequestInit & { json?: unknown; session?: HttpSession }): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.session) Object.assign(headers, { cookie: init.session.cookie, 'x-csrf-token': init.session.csrf });
  return fetch(url, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
}

export async function loginOverHttp(base: string, email: string, password: string): Promise<HttpSession> {
  const res = await http(`${base}/api/v1/auth/login`, { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('huiwu_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  const body = (await res.json()) as { csrfToken: string; userId: number };
  return { cookie: cookie.split(';')[0]!, csrf: body.csrfToken, userId: body.userId };
}

/**
 * `count` guest accounts created by the demo organiser over the API, each logged in over HTTP. Each account costs
 * two scrypt derivations (hash, then verify), so a few run at once on the thread pool.
 */
export async function loggedInGuests(base: string, slug: string, count: number, parallel = 4): Promise<HttpSession[]> {
  const organiser = await loginOverHttp(base, DEMO_ACCOUNTS[0]!.email, DEMO_PASSWORD);
  const password = 'bench guest password';
  const guests: HttpSession[] = new Array<HttpSession>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const email = `bench-guest-${i + 1}@example.org`;
      const res = await http(`${base}/api/v1/events/${slug}/accounts`, {
        method: 'POST',
        session: organiser,
        json: { email, displayName: `Bench Guest ${i + 1}`, password, role: 'guest' },
      });
      if (res.status !== 201) throw new Error(`create ${email}: ${res.status} ${await res.text()}`);
      guests[i] = await loginOverHttp(base, email, password);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return guests;
}

/** The public programme in one language: its body, and the ids of the sessions anyone may star. */
export async function publicProgramme(base: string, slug: string): Promise<{ ids: number[]; body: string; bodyBytes: number }> {
  const res = await fetch(`${base}/api/v1/events/${slug}/programme?lang=en`);
  if (res.status !== 200) throw new Error(`programme ${slug}: ${res.status}`);
  const text = await res.text();
  const body = JSON.parse(text) as { sessions: { id: number }[] };
  return { ids: body.sessions.map((s) => s.id), body: text, bodyBytes: Buffer.byteLength(text) };
}
