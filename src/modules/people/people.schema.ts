import { z } from 'zod';
import { Id } from '../../platform/schema.js';

/** Where a guest stands between invitation and badge. */
export const GUEST_STATUSES = ['invited', 'registered', 'changes_requested', 'approved', 'rejected', 'cancelled'] as const;
export const GuestStatus = z.enum(GUEST_STATUSES);
export type GuestStatus = z.infer<typeof GuestStatus>;

/** The language a guest's messages are written in. */
export const GuestLanguage = z.enum(['zh', 'en']);
export type GuestLanguage = z.infer<typeof GuestLanguage>;

const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Ref = z.object({ id: z.number().int(), code: z.string(), name: Bilingual });

/** A guest as the organisers' list shows it. */
export const GuestSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string(),
  status: GuestStatus,
  category: Ref.nullable(),
  delegation: Ref.nullable(),
  delegationHead: z.boolean(),
  hasPhoto: z.boolean(),
  registeredAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type GuestSummary = z.infer<typeof GuestSummary>;

export const GuestListQuery = z
  .object({
    status: GuestStatus.optional(),
    /** category code */
    category: z.string().max(50).optional(),
    /** delegation code */
    delegation: z.string().max(50).optional(),
    /** any part of the name (own script or Latin), organisation or email */
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type GuestListQuery = z.infer<typeof GuestListQuery>;

export const GuestList = z.object({
  total: z.number().int(),
  /** guests per status under the same filters, the status filter left aside */
  counts: z.record(z.string(), z.number().int()),
  items: z.array(GuestSummary),
});
export type GuestList = z.infer<typeof GuestList>;

/** Everything about one guest, for the organisers' review. */
export const GuestDetail = GuestSummary.extend({
  userId: z.number().int().nullable(),
  invitedAt: z.string().nullable(),
  registration: z.unknown().nullable(),
  consents: z.unknown().nullable(),
  reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.number().int().nullable(),
  badgeCollectedAt: z.string().nullable(),
  /** the current (unrevoked) credential */
  credential: z.object({ id: z.number().int(), issuedAt: z.string(), expiresAt: z.string() }).nullable(),
});
export type GuestDetail = z.infer<typeof GuestDetail>;

const Optional = (max: number) => z.string().trim().max(max).nullable().optional();

export const GuestPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    nameLatin: z.string().trim().min(1).max(200).optional(),
    organisation: Optional(300),
    title: Optional(200),
    country: Optional(100),
    email: z.string().trim().toLowerCase().pipe(z.email().max(254)).nullable().optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,30}$/).nullable().optional(),
    language: GuestLanguage.optional(),
    categoryId: Id.nullable().optional(),
    delegationId: Id.nullable().optional(),
    delegationHead: z.boolean().optional(),
  })
  .strict();
export type GuestPatch = z.infer<typeof GuestPatch>;

export const REVIEW_ACTIONS = ['approve', 'reject', 'request_changes'] as const;
export const ReviewInput = z
  .object({
    action: z.enum(REVIEW_ACTIONS),
    /** required to reject or to ask for changes: the guest reads it */
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
export type ReviewInput = z.infer<typeof ReviewInput>;

/** One audited change: what happened to the guest, who did it and what changed. */
export const HistoryEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.object({ userId: z.number().int(), name: z.string() }).nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
