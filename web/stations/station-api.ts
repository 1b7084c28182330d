import { ApiError, rememberCsrf, request } from '../shared/api.js';

/**
 * How a station talks to the server: either a staff session (cookie + CSRF, from signing in) or a device token
 * (Authorization: Bearer, pasted once on a scanner), which survives reloads and needs no CSRF. Every request has
 * a deadline, so a stopped server reads as "offline" within seconds instead of hanging the gate.
 */
const TOKEN_KEY = 'huiwu.station.token';
const TIMEOUT_MS = 5000;
const IMAGE_TIMEOUT_MS = 20_000;

export const deviceToken = (): string | null => localStorage.getItem(TOKEN_KEY);
export function setDeviceToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}
export { rememberCsrf };

export interface StationResponse<T> {
  status: number;
  data: T;
  etag: string | null;
}

/** The device token as an Authorization header, when the station has one. */
function bearer(): Record<string, string> {
  const token = deviceToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * One API call through the web's one client; throws ApiError for a coded refusal and NetworkError (offline,
 * timeout, in the station's language) when the server is unreachable.
 */
export async function stationFetch<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<StationResponse<T>> {
  const auth = bearer();
  const res = await request<T>(method, path, {
    ...(body !== undefined ? { body } : {}),
    headers: { ...extra, ...auth },
    // a device token authorises by itself: no session, no CSRF
    noCsrf: !!auth.authorization,
    cache: 'no-store',
    // an image is checked by the face engine, whose first use on a fresh server loads its models
    timeoutMs: body instanceof Blob ? IMAGE_TIMEOUT_MS : TIMEOUT_MS,
  });
  return { status: res.status, data: res.data, etag: res.headers.get('etag') };
}

/**
 * A protected image (a guest's photo) as an object URL: an <img src> cannot carry a device token, so the
 * station fetches it with its credentials. Revoke the URL when done; null when there is none or it failed.
 */
export async function stationImage(path: string): Promise<string | null> {
  try {
    const res = await fetch(path, { headers: bearer(), credentials: 'same-origin', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return res.ok ? URL.createObjectURL(await res.blob()) : null;
  } catch {
    return null;
  }
}

export const stationGet = async <T>(path: string): Promise<T> => (await stationFetch<T>('GET', path)).data;
export const stationPost = async <T>(path: string, body: unknown): Promise<T> => (await stationFetch<T>('POST', path, body)).data;

/** True when the error means "no answer" (offline, server down, timeout) rather than a refusal. */
export const unreachable = (err: unknown): boolean => !(err instanceof ApiError) || err.status >= 500 || err.status === 0;
