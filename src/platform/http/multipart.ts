import type { IncomingMessage } from 'node:http';
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { errorBody, RequestValidationError, statusOf } from './errors.js';
import type { App } from './types.js';

/** How long a file part may go on once the whole body has arrived; the rest is only buffers being flushed. */
const GRACE_AFTER_BODY_MS = 1000;

/**
 * Aborts when the request body has ended (or the connection closed) but the file part has not: busboy never
 * ends a part whose closing boundary is missing, and without this the upload would wait forever.
 */
export function stallGuard(raw: IncomingMessage): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer ??= setTimeout(() => controller.abort(new Error('the body ended inside a file part')), GRACE_AFTER_BODY_MS);
  };
  if (raw.readableEnded || raw.destroyed) arm();
  raw.once('end', arm);
  raw.once('close', arm);
  return {
    signal: controller.signal,
    stop: () => {
      clearTimeout(timer);
      raw.off('end', arm);
      raw.off('close', arm);
    },
  };
}

/**
 * The validator of a multipart route: its body schema only documents the form in OpenAPI (the parts are checked
 * as they stream in, there is no body object), while params and query are validated as everywhere else.
 */
export const multipartValidator =
  ({ schema, httpPart }: { schema: unknown; httpPart?: string }) =>
  (data: unknown) => {
    if (httpPart === 'body') return { value: data };
    const result = (schema as ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(schema as ZodType, data, httpPart ?? 'body') };
  };

/** A multipart part held a U+0000 (in its name, its file name or its text): `field` names the part. */
export class MultipartNulError extends Error {
  constructor(readonly field: string) {
    super(`the multipart part ${field} contains U+0000`);
    this.name = 'MultipartNulError';
  }
}

/** The part that holds a U+0000, named as findNul names a key (a NUL in the name itself shown as `\0`), or null. */
export function nulInPart(part: Multipart): string | null {
  if (part.fieldname.includes('\u0000')) return part.fieldname.replaceAll('\u0000', '\\0');
  if (part.type === 'file') return part.filename.includes('\u0000') ? part.fieldname : null;
  return typeof part.value === 'string' && part.value.includes('\u0000') ? part.fieldname : null;
}

/** Requests whose multipart body held a NUL, with the part that held it: their answer is that refusal. */
const nulParts = new WeakMap<FastifyRequest, string>();

async function* checkedParts(request: FastifyRequest, parts: AsyncIterableIterator<Multipart>): AsyncGenerator<Multipart> {
  for await (const part of parts) {
    const field = nulInPart(part);
    if (field !== null) {
      // the route stops reading here; a file part it will never read is drained so the body can end
      if (part.type === 'file') part.file.resume();
      nulParts.set(request, field);
      throw new MultipartNulError(field);
    }
    yield part;
  }
}

/**
 * PostgreSQL's text cannot hold U+0000, and a multipart body's texts (field values, part and file names) are read
 * by the route as they stream in, after every hook: the JSON bodies' check (edges.ts) never sees them. So every
 * request's `parts()` (the iterator @fastify/multipart gives the routes that register it) is wrapped to refuse a
 * part holding a NUL as it arrives, before the route sees it: the route's loop ends with a MultipartNulError, the
 * route answers a refusal of its own (so nothing it staged is kept), and that answer is replaced by
 * `nul_character` naming the part, the same 400 a NUL anywhere else gets.
 */
export function refuseNulInMultipart(app: App): void {
  app.addHook('preHandler', async (request) => {
    const parts = (request as Partial<Pick<FastifyRequest, 'parts'>>).parts;
    if (typeof parts !== 'function' || !request.isMultipart()) return;
    request.parts = (options) => checkedParts(request, parts.call(request, options));
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const field = nulParts.get(request);
    if (field === undefined) return payload;
    const refusal = { code: 'nul_character', field } as const;
    reply.code(statusOf(refusal.code)).type('application/json; charset=utf-8');
    return JSON.stringify(errorBody(request.locale, refusal));
  });
}
