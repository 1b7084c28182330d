import i18next from 'i18next';

/**
 * The web's one client for the Huiwu API (console, app and stations): same-origin cookie session, CSRF header on
 * writes, the UI's language, a deadline on every request. Failures come back in the reader's language: a coded
 * refusal as ApiError (the server's own message, already localised by Accept-Language), no answer at all
 * (offline, timeout) as NetworkError; a raw status or "Failed to fetch" never reaches the page.
 */

/** The API's one error shape, with the message already in the caller's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

/** No answer from the server: the device is offline or the server is unreachable, or the deadline passed. */
export class NetworkError extends Error {
  constructor(
    readonly kind: 'offline' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The server's refusal body: `{ error: { code, message, field } }`. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string | null };
}

const CSRF_KEY = 'huiwu.csrf';
export const rememberCsrf = (token: string | null) => (token ? sessionStorage.setItem(CSRF_KEY, token) : sessionStorage.removeItem(CSRF_KEY));
const DEFAULT_TIMEOUT_MS = 30_000;

export const acceptLanguage = (): string => (i18next.language === 'zh' ? 'zh-CN' : 'en');
const tr = (key: string, fallback: string): string => (i18next.isInitialized ? i18next.t(key, { defaultValue: fallback }) : fallback);

export interface RequestOptions {
  /** a JSON value, or FormData / a Blob sent as they are */
  body?: unknown;
  headers?: Record<string, string>;
  /** milliseconds before the request counts as timed out */
  timeoutMs?: number;
  /** aborts the request (TanStack Query passes one, so a page that is left stops waiting) */
  signal?: AbortSignal;
  /** statuses answered with their body instead of an error (an import's 422 lists the bad rows) */
  keep?: readonly number[];
  cache?: RequestCache;
  /** skip the session's CSRF header (a device token authorises instead) */
  noCsrf?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/** The message for a failure without the server's own words (no body, or a body that is not ours). */
function statusMessage(status: number): string {
  if (status >= 500) return tr('net.server', 'The server could not answer just now. Please try again in a moment.');
  if (status === 401) return tr('net.signedOut', 'You are signed out. Please sign in again.');
  if (status === 403) return tr('net.forbidden', 'You are not allowed to do this.');
  if (status === 404) return tr('net.notFound', 'This was not found. It may have been removed.');
  if (status === 413) return tr('net.tooLarge', 'This is too large to send.');
  if (status === 429) return tr('net.tooMany', 'Too many requests. Please wait a moment and try again.');
  return tr('net.refused', 'The server refused this request.');
}

const isErrorBody = (data: unknown): data is ErrorBody =>
  typeof data === 'object' && data !== null && typeof (data as ErrorBody).error === 'object' && typeof (data as ErrorBody).error?.message === 'string';

/** Any failure as an Error whose message a person can read, in their language. */
export function readableError(e: unknown): Error {
  if (e instanceof ApiError || e instanceof NetworkError) return e;
  if (e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError'))
    return new NetworkError('timeout', tr('net.timeout', 'The server took too long to answer. Please try again.'));
  if (e instanceof TypeError || (typeof navigator !== 'undefined' && navigator.onLine === false))
    return new NetworkError('offline', tr('net.offline', 'No connection to the server. Check the network and try again.'));
  return new Error(tr('net.unexpected', 'Something went wrong. Please try again.'));
}

/** One request to the API, answered with its status, body and headers. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const { body } = options;
  const raw = body instanceof FormData || body instanceof Blob;
  const headers: Record<string, string> = { 'accept-language': acceptLanguage(), ...options.headers };
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = body instanceof Blob ? body.type : 'application/json';
  const csrf = sessionStorage.getItem(CSRF_KEY);
  if (method !== 'GET' && csrf && !options.noCsrf) headers['x-csrf-token'] = csrf;
  const deadline = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal,
      ...(options.cache ? { cache: options.cache } : {}),
      ...(body !== undefined ? { body: raw ? (body as BodyInit) : JSON.stringify(body) } : {}),
    });
  } catch (e) {
    // the caller's own abort (a page left) stays an abort; the deadline and no network read as such
    if (options.signal?.aborted) throw e;
    if (deadline.aborted) throw readableError(new DOMException('timeout', 'TimeoutError'));
    throw readableError(e);
  }
  if (res.status === 204 || res.status === 304) return { status: res.status, data: undefined as T, headers: res.headers };
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok && !options.keep?.includes(res.status)) {
    if (isErrorBody(data)) throw new ApiError(res.status, data.error.code, data.error.message, data.error.field ?? null);
    throw new ApiError(res.status, res.status >= 500 ? 'server_error' : 'http_error', statusMessage(res.status), null);
  }
  return { status: res.status, data: data as T, headers: res.headers };
}

/** A JSON request to the API, answered with the body. */
export async function api<T>(method: Method, path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
  return (await request<T>(method, path, { ...options, ...(body !== undefined ? { body } : {}) })).data;
}

/** An event's API path: `/api/v1/events/<slug><rest>`. */
export const eventPath = (slug: string, rest = '') => `/api/v1/events/${encodeURIComponent(slug)}${rest}`;
