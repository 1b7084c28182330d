import type { ParseResult } from '../../../../src/modules/people/invitations.schema.js';
import { api, eventPath, request } from '../../../shared/api.js';

/** Sends the invitee file as multipart through the one API client (session cookie, CSRF header, language). */
export async function parseInviteeFile(slug: string, file: File): Promise<ParseResult> {
  const data = new FormData();
  data.set('file', file, file.name);
  // a spreadsheet of thousands of rows takes longer to read than an ordinary request
  return api<ParseResult>('POST', eventPath(slug, '/invitations/parse'), data, { timeoutMs: 120_000 });
}

/** POSTs JSON and hands back the body of a 422 too: the import's refusal lists the bad rows. */
export async function postKeeping422<T, R>(path: string, payload: unknown): Promise<{ ok: true; value: T } | { ok: false; refusal: R }> {
  const res = await request<T | R>('POST', path, { body: payload, keep: [422], timeoutMs: 120_000 });
  return res.status === 422 ? { ok: false, refusal: res.data as R } : { ok: true, value: res.data as T };
}
