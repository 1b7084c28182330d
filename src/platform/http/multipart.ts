import type { IncomingMessage } from 'node:http';
import type { ZodType } from 'zod';
import { RequestValidationError } from './errors.js';

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
