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
