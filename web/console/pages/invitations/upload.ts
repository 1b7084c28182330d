import i18next from 'i18next';
import type { ParseResult } from '../../../../src/modules/people/invitations.schema.js';
import { api, ApiError, eventPath } from '../../../shared/api.js';
import type { Me } from '../../access.js';

/** Sends the invitee file as multipart, with the session's CSRF token (asked afresh from /auth/me). */
export async function parseInviteeFile(slug: string, file: File): Promise<ParseResult> {
  const me = await api<Me>('GET', '/api/v1/auth/me');
  const data = new FormData();
  data.set('file', file, file.name);
  const res = await fetch(eventPath(slug, '/invitations/parse'), {
    method: 'POST',
    body: data,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': me.csrfToken ?? '', 'accept-language': i18next.language === 'zh' ? 'zh-CN' : 'en' },
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; field?: string | null } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'network', e?.message ?? res.statusText, e?.field ?? null);
  }
  return body as ParseResult;
}

/** POSTs JSON and hands back the body of a 422 too: the import's refusal lists the bad rows. */
export async function postKeeping422<T, R>(path: string, payload: unknown): Promise<{ ok: true; value: T } | { ok: false; refusal: R }> {
  const me = await api<Me>('GET', '/api/v1/auth/me');
  const res = await fetch(path, {
    method: 'POST',
    body: JSON.stringify(payload),
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      'x-csrf-token': me.csrfToken ?? '',
      'accept-language': i18next.language === 'zh' ? 'zh-CN' : 'en',
    },
  });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 422) return { ok: false, refusal: body as R };
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; field?: string | null } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'network', e?.message ?? res.statusText, e?.field ?? null);
  }
  return { ok: true, value: body as T };
}
