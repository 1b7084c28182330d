import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { multipartValidator } from '../../platform/http/multipart.js';
import { actorOf, baseUrlOf, eventOf } from '../../platform/http/actor.js';
import { ErrorBody, answer, errorBody } from '../../platform/http/errors.js';
import type { App } from '../../platform/http/types.js';
import { refuse, type Result } from '../../platform/result.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { handleOutboxDelivery, retryOutbox } from './deliver-outbox.js';
import { importInvitations } from './import-invitations.js';
import {
  ImportInput,
  ImportRefusal,
  ImportReport,
  MAX_INVITEE_FILE_BYTES,
  OutboxMessage,
  OutboxPage,
  OutboxQuery,
  ParseForm,
  ParseResult,
  RetryInput,
  RetryReport,
  SendInput,
  SendReport,
  TemplatesInput,
  TemplateView,
} from './invitations.schema.js';
import { getOutboxMessage, listOutbox } from './list-outbox.js';
import { listTemplates, saveTemplates } from './message-templates.js';
import { parseInviteeFile } from './parse-invitee-file.js';
import { sendInvitations } from './send-invitations.js';

const tags = ['invitations'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const EV = '/api/v1/events/:slug';
const MB = 1024 * 1024;

const PARSE_DESCRIPTION = [
  'Reads an invitee list sent as `multipart/form-data` with the file as the part named `file`: XLSX (recognised by',
  'its zip content) or CSV in UTF-8, UTF-8 with BOM or GBK/GB18030. Headers may be Chinese or English',
  '(姓名/name, 拉丁姓名/name_latin, 单位/organisation, 国家/country, 代表团/delegation, 团长/delegation_head, 类别/category, 语言/language,',
  '邮箱/email, 电话/phone, 职务/title); name, organisation, category and email columns are required. Answers every',
  'row normalised, with its errors per field. Writes nothing.',
].join(' ');

/** The one `file` part, read into memory (invitee lists are small); other parts are drained and ignored. */
async function receiveFile(req: FastifyRequest): Promise<Result<Buffer>> {
  let file: Buffer | null = null;
  let truncated = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') continue;
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') {
        if (file) return refuse('file_count', 'file');
        file = bytes;
        truncated = part.file.truncated;
      }
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') truncated = true;
    else if (code === 'FST_FILES_LIMIT') return refuse('file_count', 'file');
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return refuse('body_too_large', 'body');
    else if (!(err as NodeJS.ErrnoException).syscall) return refuse('multipart_malformed', 'body');
    else throw err;
  }
  if (truncated) return refuse('file_too_large', 'file', { max: MAX_INVITEE_FILE_BYTES / MB });
  if (!file) return refuse('invitee_file_missing', 'file');
  return { ok: true, value: file };
}

async function parse(req: FastifyRequest, reply: FastifyReply, deps: Deps) {
  if (!req.isMultipart()) return answer(req, reply, refuse('multipart_required', 'content-type'));
  const file = await receiveFile(req);
  if (!file.ok) return answer(req, reply, file);
  return answer(req, reply, await parseInviteeFile(deps, eventOf(req).id, file.value, req.locale));
}

export function invitationsRoutes(app: App, deps: Deps): void {
  // every instance delivers large sends, so every instance's worker takes them
  handleOutboxDelivery(deps);
  // Multipart parsing only for the upload: every JSON route keeps refusing other bodies.
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_INVITEE_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 11 } });
    scope.withTypeProvider<ZodTypeProvider>().post(
      `${EV}/invitations/parse`,
      {
        config: { permission: 'guests.manage' },
        schema: {
          tags,
          description: PARSE_DESCRIPTION,
          consumes: ['multipart/form-data'],
          params: SlugParams,
          body: ParseForm,
          response: { 200: ParseResult, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
        validatorCompiler: multipartValidator,
      },
      (req, reply) => parse(req, reply, deps),
    );
  });

  app.post(
    `${EV}/invitations/import`,
    {
      config: { permission: 'guests.manage' },
      bodyLimit: 8 * MB,
      schema: {
        tags,
        description:
          'Imports invitees (the rows of a parse, possibly fixed) as guests with status invited, creating delegations by name. ' +
          'Rows are checked again: `all_or_nothing` refuses with 422 and every bad row when any is wrong, writing nothing; ' +
          '`valid_rows` imports the good rows in one transaction and reports the rest.',
        params: SlugParams,
        body: ImportInput,
        response: { 201: ImportReport, 422: ImportRefusal, ...errors, 413: ErrorBody },
      },
    },
    async (req, reply) => {
      const result = await importInvitations(deps, actorOf(req), eventOf(req).id, req.body, req.locale);
      if (!result.ok) return answer(req, reply, result);
      const outcome = result.value;
      if (!outcome.refused) return reply.code(201).send(outcome.report);
      const { error } = errorBody(req.locale, { code: 'invitee_rows_invalid', field: 'rows', params: { count: outcome.count } });
      return reply.code(422).send({ error, rows: outcome.rows });
    },
  );

  app.get(
    `${EV}/message-templates`,
    { config: { permission: 'guests.manage' }, schema: { tags, params: SlugParams, response: { 200: z.array(TemplateView), ...errors } } },
    async (req, reply) => answer(req, reply, await listTemplates(deps, eventOf(req).id)),
  );
  app.put(
    `${EV}/message-templates`,
    {
      config: { permission: 'guests.manage' },
      schema: {
        tags,
        description:
          'Saves message templates per kind and language. Placeholders: {name} {event} {link} {deadline}; the body must contain {link}.',
        params: SlugParams,
        body: TemplatesInput,
        response: { 200: z.array(TemplateView), ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await saveTemplates(deps, actorOf(req), eventOf(req).id, req.body)),
  );

  app.post(
    `${EV}/invitations/send`,
    {
      config: { permission: 'guests.manage' },
      schema: {
        tags,
        description:
          'Sends personal invitation links (a fresh token per guest; the old link stops working) to the given guests, or to every ' +
          'invited guest not sent one yet. By SMTP when HUIWU_SMTP_URL is set, otherwise written to the local outbox. ' +
          'A guest without email, or rejected or cancelled, gets a coded refusal in the results.',
        params: SlugParams,
        body: SendInput.nullish(),
        response: { 200: SendReport, ...errors },
      },
    },
    async (req, reply) => {
      const event = eventOf(req);
      const baseUrl = baseUrlOf(deps.config.publicUrl, req);
      return answer(req, reply, await sendInvitations(deps, actorOf(req), event, req.body ?? {}, baseUrl, req.locale));
    },
  );

  app.get(
    `${EV}/outbox`,
    {
      config: { permission: 'guests.manage' },
      schema: { tags, params: SlugParams, querystring: OutboxQuery, response: { 200: OutboxPage, ...errors } },
    },
    async (req, reply) => answer(req, reply, await listOutbox(deps, eventOf(req).id, req.query)),
  );
  app.get(
    `${EV}/outbox/:id`,
    { config: { permission: 'guests.manage' }, schema: { tags, params: IdParams, response: { 200: OutboxMessage, ...errors } } },
    async (req, reply) => answer(req, reply, await getOutboxMessage(deps, eventOf(req).id, req.params.id)),
  );
  app.post(
    `${EV}/outbox/retry`,
    {
      config: { permission: 'guests.manage' },
      schema: {
        tags,
        description: 'Sends failed (or still queued) messages again by SMTP: the given outbox ids, or all of them. 409 without SMTP.',
        params: SlugParams,
        body: RetryInput.nullish(),
        response: { 200: RetryReport, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => answer(req, reply, await retryOutbox(deps, eventOf(req).id, req.body?.ids)),
  );
}
