import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { createFileStore, type StagedFile } from '../../platform/files/file-store.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import { multipartValidator, stallGuard } from '../../platform/http/multipart.js';
import { ErrorBody, RequestValidationError, answer } from '../../platform/http/errors.js';
import type { App } from '../../platform/http/types.js';
import { refuse, type Refusal, type Result } from '../../platform/result.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { DocumentPatch, DocumentView, UploadFields, UploadForm } from './documents.schema.js';
import type { DocumentsDeps } from './documents.store.js';
import { contentDisposition, downloadDocument } from './download-document.js';
import { deleteDocument, updateDocument } from './edit-document.js';
import { getDocument, listDocuments } from './list-documents.js';
import { tooLarge, type Upload, uploadDocument } from './upload-document.js';

const tags = ['documents'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const BASE = '/api/v1/events/:slug/documents';

const UPLOAD_DESCRIPTION = [
  'Uploads a PDF as `multipart/form-data`: the text fields `title_zh`, `title_en`, `kind` and `audience`,',
  'optionally `description_zh`, `description_en` and `embargoUntil` (ISO-8601), and the file as the part named `file`.',
  'The type is checked by content (`%PDF-`); an empty file is refused, and one over `HUIWU_MAX_UPLOAD_MB` gets 413.',
].join(' ');

/** Temporary files older than this are leftovers of a process that died mid-upload, not uploads in progress. */
const STALE_UPLOAD_MS = 24 * 3_600_000;

/**
 * Reads the multipart body: text fields into a record, the one `file` part streamed into the store's temporary
 * folder. Whatever it staged is handed back even on a refusal, so the caller can discard it.
 */
async function receive(
  req: FastifyRequest,
  deps: DocumentsDeps,
): Promise<{ fields: Record<string, string>; file: Omit<Upload, 'fields'> | null; refusal: Refusal | null }> {
  const fields: Record<string, string> = {};
  let file: Omit<Upload, 'fields'> | null = null;
  let refusal: Refusal | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      const guard = stallGuard(req.raw);
      try {
        if (part.fieldname === 'file') {
          const staged: StagedFile = await deps.files.stage(part.file, guard.signal);
          file = { staged, fileName: part.filename, truncated: part.file.truncated };
        } else {
          // a file under another name is not the document: without a `file` part the answer is file_missing
          await pipeline(part.file, new Writable({ write: (_chunk, _encoding, done) => done() }), { signal: guard.signal });
        }
      } finally {
        guard.stop();
      }
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' && file) file.truncated = true;
    else if (code === 'FST_FILES_LIMIT') refusal ??= refuse('file_count', 'file');
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') refusal ??= refuse('body_too_large', 'body');
    // busboy's complaints (no boundary, a broken part header, a forbidden field name); a disk error has a syscall
    else if (!(err as NodeJS.ErrnoException).syscall) refusal ??= refuse('multipart_malformed', 'body');
    else {
      if (file) await deps.files.discard(file.staged);
      throw err;
    }
  }
  return { fields, file, refusal };
}

async function upload(req: FastifyRequest, reply: FastifyReply, deps: DocumentsDeps) {
  if (!req.isMultipart()) return answer(req, reply, refuse('multipart_required', 'content-type'));
  const { fields, file, refusal } = await receive(req, deps);
  let result: Result<DocumentView>;
  try {
    result = await decide(req, deps, fields, file, refusal);
  } finally {
    // Before answering, so a client that got a refusal finds nothing left behind; a no-op after a commit.
    if (file) await deps.files.discard(file.staged);
  }
  return answer(req, reply, result, 201);
}

async function decide(
  req: FastifyRequest,
  deps: DocumentsDeps,
  fields: Record<string, string>,
  file: Omit<Upload, 'fields'> | null,
  refusal: Refusal | null,
): Promise<Result<DocumentView>> {
  if (refusal) return refusal;
  // before the fields: a cut-off file is refused as too large whatever else is wrong
  if (file?.truncated) return tooLarge(deps.config.maxUploadBytes);
  const parsed = UploadFields.safeParse(fields);
  if (!parsed.success) throw new RequestValidationError(UploadFields, fields, 'body');
  if (!file) return refuse('file_missing', 'file');
  return uploadDocument(deps, actorOf(req), eventOf(req), { ...file, fields: parsed.data });
}

export function documentsRoutes(app: App, platformDeps: Deps) {
  const deps: DocumentsDeps = { ...platformDeps, files: createFileStore(platformDeps.config.filesDir) };

  // Multipart parsing is registered for the upload route only: every JSON route keeps refusing other bodies.
  app.register(async (scope) => {
    const swept = await deps.files.sweep(STALE_UPLOAD_MS);
    if (swept > 0) scope.log.warn({ swept, dir: deps.files.dir }, 'removed unfinished uploads left by an earlier process');
    await scope.register(multipart, {
      limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21 },
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      BASE,
      {
        config: { permission: 'documents.manage' },
        schema: {
          tags,
          description: UPLOAD_DESCRIPTION,
          consumes: ['multipart/form-data'],
          params: SlugParams,
          body: UploadForm,
          response: { 201: DocumentView, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
        validatorCompiler: multipartValidator,
      },
      (req, reply) => upload(req, reply, deps),
    );
  });

  app.get(
    BASE,
    {
      config: { permission: 'public' },
      schema: {
        tags,
        description: 'The documents the caller may see: released ones of their audiences; organisers see all, with download counts.',
        params: SlugParams,
        response: { 200: z.array(DocumentView), 404: ErrorBody },
      },
    },
    async (req) => listDocuments(deps, actorOf(req), eventOf(req).id),
  );
  app.get(
    `${BASE}/:id`,
    { config: { permission: 'public' }, schema: { tags, params: IdParams, response: { 200: DocumentView, ...errors } } },
    async (req, reply) => answer(req, reply, await getDocument(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );
  app.get(
    `${BASE}/:id/file`,
    {
      config: { permission: 'public' },
      schema: {
        tags,
        description: "Downloads the PDF and counts one download. Not found while embargoed or outside the caller's audience; 410 `file_gone` when the document's file is missing from the file store.",
        params: IdParams,
        response: { 404: ErrorBody, 410: ErrorBody },
      },
    },
    async (req, reply) => {
      // Fastify answers HEAD with this handler too; only a GET is a download.
      const res = await downloadDocument(deps, actorOf(req), eventOf(req).id, req.params.id, { count: req.method === 'GET', log: req.log });
      if (!res.ok) return answer(req, reply, res);
      const { document, file } = res.value;
      // a stream, not JSON: the zod serializer has no say here
      return (reply as FastifyReply)
        .header('content-type', document.media_type)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(document.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .header('etag', `"${document.file_sha256}"`)
        .send(file.stream);
    },
  );
  app.patch(
    `${BASE}/:id`,
    {
      config: { permission: 'documents.manage' },
      schema: { tags, params: IdParams, body: DocumentPatch, response: { 200: DocumentView, ...errors } },
    },
    async (req, reply) => answer(req, reply, await updateDocument(deps, actorOf(req), eventOf(req).id, req.params.id, req.body)),
  );
  app.delete(
    `${BASE}/:id`,
    {
      config: { permission: 'documents.manage' },
      schema: { tags, params: IdParams, response: { 200: z.object({ id: z.number().int() }), ...errors } },
    },
    async (req, reply) => answer(req, reply, await deleteDocument(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );
}
