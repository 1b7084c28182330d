import type { FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { AREA_STATUS, type Locale, type MessageKey, translate } from '../i18n/messages.js';
import type { Refusal, RefusalCode, Result } from '../result.js';

/** The one error shape of the API: `{ error: { code, message, field } }`, message in the caller's language. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().nullable() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

const STATUS: Partial<Record<RefusalCode, number>> = {
  unauthenticated: 401,
  bad_credentials: 401,
  forbidden: 403,
  csrf: 403,
  board_scope: 403,
  not_found: 404,
  route_not_found: 404,
  not_published: 404,
  slug_taken: 409,
  email_taken: 409,
  code_taken: 409,
  taken: 409,
  method_not_allowed: 405,
  uri_too_long: 414,
  headers_too_large: 431,
  in_use: 409,
  notice_not_scheduled: 409,
  body_too_large: 413,
  file_too_large: 413,
  file_gone: 410,
  multipart_required: 415,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};
export const statusOf = (code: RefusalCode): number => STATUS[code] ?? AREA_STATUS[code] ?? 400;

export function errorBody(locale: Locale, refusal: Omit<Refusal, 'ok'>): ErrorBody {
  const params = { field: refusal.field ?? '', ...refusal.params };
  return {
    error: {
      code: refusal.code,
      message: translate(locale, `error.${refusal.code}` as MessageKey, params),
      field: refusal.field ?? null,
    },
  };
}

export function sendRefusal(request: FastifyRequest, reply: FastifyReply, refusal: Omit<Refusal, 'ok'>) {
  return reply.code(statusOf(refusal.code)).send(errorBody(request.locale, refusal));
}

/** Answers a use case's result: the value with `status`, or the refusal as a coded error. */
export function answer<T>(request: FastifyRequest, reply: FastifyReply, result: Result<T>, status = 200) {
  if (!result.ok) return sendRefusal(request, reply, result);
  return reply.code(status).send(result.value);
}

/** Carries a failed zod parse from the validator to the error handler, which knows the caller's language. */
export class RequestValidationError extends Error {
  statusCode = 400;
  constructor(
    readonly schema: ZodType,
    readonly data: unknown,
    readonly part: string,
  ) {
    super('request validation failed');
  }
}

const zodLocales = { zh: z.locales.zhCN(), en: z.locales.en() };

export function describeValidation(err: RequestValidationError, locale: Locale): { field: string; detail: string } {
  const parsed = err.schema.safeParse(err.data, { error: zodLocales[locale].localeError });
  const first: z.core.$ZodIssue | undefined = parsed.error?.issues[0];
  if (!first) return { field: err.part, detail: '' };
  let issue: z.core.$ZodIssue = first;
  const prefix: PropertyKey[] = [];
  // A body that may be one thing or a list of them (a scan or a queue of scans): name the field inside the
  // alternative the caller meant, the one that failed deeper than its type, not the whole body.
  while (issue.code === 'invalid_union') {
    const branches: z.core.$ZodIssue[][] = (issue as z.core.$ZodIssueInvalidUnion).errors;
    const meant: z.core.$ZodIssue | undefined = branches.map((b) => b[0]).find((b) => b !== undefined && !(b.code === 'invalid_type' && b.path.length === 0));
    if (!meant) break;
    prefix.push(...issue.path);
    issue = meant;
  }
  const path = [...prefix, ...issue.path].map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  const field = path.length > 0 ? path.join('.') : err.part;
  return { field, detail: issue.message };
}

/** The first string holding U+0000 in a parsed request part, as a dotted path (`name.en`, `people.0.role`). */
export function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\0')].join('.');
    const found = findNul(inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** A unique index refused a write: which table and columns (both drivers' errors read alike). */
export interface UniqueViolation {
  table: string | null;
  columns: string[];
  values: string[];
}

/** SQLite: `SQLITE_CONSTRAINT_UNIQUE` "UNIQUE constraint failed: gates.event_id, gates.code"; pg: 23505 with its detail. */
export function uniqueViolation(err: unknown): UniqueViolation | null {
  if (err === null || typeof err !== 'object') return null;
  const e = err as { code?: unknown; message?: unknown; detail?: unknown; table?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /^UNIQUE constraint failed: /.test(message)) {
    const cols = message.replace(/^.*UNIQUE constraint failed: /, '').split(',').map((c) => c.trim());
    const table = cols[0]?.split('.')[0] ?? null;
    return { table, columns: cols.map((c) => c.split('.').pop() ?? c), values: [] };
  }
  if (e.code === '23505') {
    const detail = typeof e.detail === 'string' ? e.detail : '';
    const m = /^Key \((.+)\)=\((.*)\) already exists/.exec(detail);
    return {
      table: typeof e.table === 'string' ? e.table : null,
      columns: m?.[1]?.split(',').map((c) => c.trim()) ?? [],
      values: m?.[2]?.split(',').map((v) => v.trim()) ?? [],
    };
  }
  return null;
}

/** Refusal codes of the columns organisers recognise; any other unique column answers the generic `taken`. */
const TAKEN_BY_COLUMN: Record<string, RefusalCode> = { slug: 'slug_taken', email: 'email_taken', code: 'code_taken' };
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A create that lost a race to an identical one (two POSTs of one slug or code at once): 409 `<thing>_taken`
 * naming the field, the same answer the route gives when it sees the duplicate itself.
 */
export function takenRefusal(v: UniqueViolation, body: unknown): Omit<Refusal, 'ok'> {
  const columns = v.columns.filter((c) => c !== 'event_id');
  const column = columns[columns.length - 1] ?? v.columns[v.columns.length - 1] ?? '';
  const field = camel(column);
  const given = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  const value = typeof given === 'string' || typeof given === 'number' ? String(given) : (v.values[v.columns.indexOf(column)] ?? '');
  const code = TAKEN_BY_COLUMN[column] ?? 'taken';
  return { code, field: field || 'body', params: { [column]: value, value } };
}

/**
 * A foreign key refused a write: a delete of a row still referenced (409 `in_use`), or a row naming one that
 * is not there (404 `not_found`). SQLite names no column; PostgreSQL's detail does.
 */
export function foreignKeyRefusal(err: unknown, method: string): Omit<Refusal, 'ok'> | null {
  if (err === null || typeof err !== 'object') return null;
  const e = err as { code?: unknown; message?: unknown; detail?: unknown };
  const sqlite = e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (typeof e.message === 'string' && e.message.includes('FOREIGN KEY constraint failed'));
  if (!sqlite && e.code !== '23503') return null;
  const detail = typeof e.detail === 'string' ? e.detail : '';
  const column = /^Key \(([^)]+)\)=/.exec(detail)?.[1]?.split(',').pop()?.trim();
  const field = column ? camel(column) : method === 'DELETE' ? 'id' : 'body';
  return method === 'DELETE' || detail.includes('still referenced') ? { code: 'in_use', field } : { code: 'not_found', field };
}

/** PostgreSQL's data exceptions (class 22: out of range, NUL in text, bad datetime): the caller's value, never our fault. */
export const isDataException = (err: unknown): boolean =>
  err !== null && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string' && /^22[0-9A-Z]{3}$/.test((err as { code: string }).code);

/** Thrown by a route's rate limiter; the error handler answers 429 `rate_limited` with when to retry. */
export class RateLimitedError extends Error {
  statusCode = 429;
  constructor(readonly after: string) {
    super('rate limited');
  }
}
