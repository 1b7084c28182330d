import { z } from 'zod';
import { Id } from '../../platform/schema.js';
import { GuestLanguage } from './people.schema.js';

/** The columns an invitee file may carry, by their canonical (English) names. */
export const INVITEE_FIELDS = [
  'name',
  'name_latin',
  'organisation',
  'country',
  'delegation',
  /** 'yes' when the guest heads their delegation (and may register its members) */
  'delegation_head',
  'category',
  'language',
  'email',
  'phone',
  'title',
] as const;
export type InviteeField = (typeof INVITEE_FIELDS)[number];
/** Columns a file must have; a cell of `email` may stay empty when `phone` is given. */
export const REQUIRED_COLUMNS = ['name', 'organisation', 'category', 'email'] as const satisfies readonly InviteeField[];

/** The most rows one file or import may carry: the whole WIC guest list fits three times. */
export const MAX_INVITEE_ROWS = 5000;
/** The largest invitee file read, in bytes. */
export const MAX_INVITEE_FILE_BYTES = 10 * 1024 * 1024;

const Cell = z.string().max(500);
/** One invitee as the organiser fixed it: every value a string, empty when not known. */
export const InviteeValues = z
  .object({
    name: Cell,
    name_latin: Cell,
    organisation: Cell,
    country: Cell,
    delegation: Cell,
    delegation_head: Cell,
    category: Cell,
    language: Cell,
    email: Cell,
    phone: Cell,
    title: Cell,
  })
  .partial()
  .strict();
export type InviteeValues = z.infer<typeof InviteeValues>;
export type NormalisedInvitee = Record<InviteeField, string>;

/** What is wrong with one cell; `message` is in the caller's language. */
export const RowError = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type RowError = z.infer<typeof RowError>;

export const InviteeRow = z.object({
  /** the line of the file (the header is line 1), or the position in the import counted the same way */
  line: z.number().int(),
  values: z.object(Object.fromEntries(INVITEE_FIELDS.map((f) => [f, z.string()])) as Record<InviteeField, z.ZodString>),
  errors: z.array(RowError),
});
export type InviteeRow = z.infer<typeof InviteeRow>;

export const ParseResult = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** how the CSV text was decoded; null for XLSX */
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']).nullable(),
  /** the file's header for each recognised column */
  columns: z.record(z.string(), z.string()),
  /** headers that match no column, ignored */
  ignoredColumns: z.array(z.string()),
  rows: z.array(InviteeRow),
  valid: z.number().int(),
  invalid: z.number().int(),
});
export type ParseResult = z.infer<typeof ParseResult>;

export const ParseForm = z.object({ file: z.any().meta({ type: 'string', format: 'binary', description: 'the CSV or XLSX file' }) });

export const ImportMode = z.enum(['all_or_nothing', 'valid_rows']);
export type ImportMode = z.infer<typeof ImportMode>;
export const ImportInput = z
  .object({
    rows: z
      .array(InviteeValues.extend({ line: z.number().int().min(1).max(1_000_000).optional() }).strict())
      .min(1)
      .max(MAX_INVITEE_ROWS),
    mode: ImportMode,
  })
  .strict();
export type ImportInput = z.infer<typeof ImportInput>;

export const ImportReport = z.object({
  mode: ImportMode,
  imported: z.number().int(),
  guestIds: z.array(z.number().int()),
  delegationsCreated: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  /** the rows left out, with what is wrong with them */
  rejected: z.array(InviteeRow),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** The refusal of an all-or-nothing import: the usual error, plus every bad row. */
export const ImportRefusal = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().nullable() }),
  rows: z.array(InviteeRow),
});

export const TEMPLATE_KINDS = ['invitation'] as const;
export const TemplateKind = z.enum(TEMPLATE_KINDS);
export type TemplateKind = z.infer<typeof TemplateKind>;
export const PLACEHOLDERS = ['name', 'event', 'link', 'deadline'] as const;

export const TemplateView = z.object({
  kind: TemplateKind,
  language: GuestLanguage,
  subject: z.string(),
  body: z.string(),
  /** true while the organiser has not written their own */
  isDefault: z.boolean(),
});
export type TemplateView = z.infer<typeof TemplateView>;

export const TemplateInput = z
  .object({
    kind: TemplateKind,
    language: GuestLanguage,
    subject: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(10_000),
  })
  .strict();
export const TemplatesInput = z
  .object({
    templates: z
      .array(TemplateInput)
      .min(1)
      .max(TEMPLATE_KINDS.length * 2),
  })
  .strict();
export type TemplatesInput = z.infer<typeof TemplatesInput>;

const GuestId = Id;
export const SendInput = z
  .object({
    /** left out: every invited guest not sent an invitation yet */
    guestIds: z.array(GuestId).min(1).max(MAX_INVITEE_ROWS).optional(),
    /** the registration deadline the message names; left out: the day before the event starts */
    deadline: z.iso.date().optional(),
  })
  .strict();
export type SendInput = z.infer<typeof SendInput>;

export const OUTBOX_STATUSES = ['queued', 'sent', 'written', 'failed'] as const;
export const OutboxStatus = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const SendOutcome = z.object({
  guestId: z.number().int(),
  /** the outbox row, or null when the guest was refused */
  outboxId: z.number().int().nullable(),
  status: OutboxStatus.nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
});
export const SendReport = z.object({
  /** sent by SMTP, or written to the local outbox when no SMTP server is configured */
  delivery: z.enum(['smtp', 'outbox']),
  sent: z.number().int(),
  written: z.number().int(),
  failed: z.number().int(),
  refused: z.number().int(),
  /** still going out after the answer: a large batch is delivered in the background */
  queued: z.number().int(),
  /** failed messages of earlier sends delivered again on this one */
  retried: z.number().int(),
  results: z.array(SendOutcome),
});
export type SendReport = z.infer<typeof SendReport>;

export const RetryInput = z.object({ ids: z.array(GuestId).min(1).max(MAX_INVITEE_ROWS).optional() }).strict();
export type RetryInput = z.infer<typeof RetryInput>;
export const RetryReport = z.object({
  sent: z.number().int(),
  failed: z.number().int(),
  /** messages still going out after the answer (large batches) */
  pending: z.number().int(),
});
export type RetryReport = z.infer<typeof RetryReport>;

export const OutboxQuery = z
  .object({
    status: OutboxStatus.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type OutboxQuery = z.infer<typeof OutboxQuery>;

export const OutboxItem = z.object({
  id: z.number().int(),
  guestId: z.number().int().nullable(),
  guestName: z.string().nullable(),
  kind: z.string(),
  channel: z.string(),
  recipient: z.string(),
  language: z.string(),
  subject: z.string(),
  status: OutboxStatus,
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;
export const OutboxMessage = OutboxItem.extend({ body: z.string() });
export type OutboxMessage = z.infer<typeof OutboxMessage>;
export const OutboxPage = z.object({
  items: z.array(OutboxItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** where messages go now: SMTP when configured, else the local outbox */
  delivery: z.enum(['smtp', 'outbox']),
});
export type OutboxPage = z.infer<typeof OutboxPage>;
