import { z } from 'zod';
import { Id } from '../../platform/schema.js';

/** Both languages are required and non-empty: a notice reaches guests in either. */
const Text = (max: number) => z.object({ zh: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

export const URGENCIES = ['info', 'important', 'urgent'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

/** Who a notice reaches; the people are fixed when it is published. */
export const Audience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('everyone') }).strict(),
  /** guests whose registration category (`profile.category`) is this one, e.g. vip or media */
  z.object({ kind: z.literal('category'), category: z.string().regex(/^[a-z0-9_-]{1,50}$/) }).strict(),
  /** guests who starred a session of this board */
  z.object({ kind: z.literal('board'), boardId: Id }).strict(),
  /** guests who starred this session */
  z.object({ kind: z.literal('session'), sessionId: Id }).strict(),
  z.object({ kind: z.literal('volunteers') }).strict(),
  z.object({ kind: z.literal('drivers') }).strict(),
  z.object({ kind: z.literal('exhibitors') }).strict(),
]);
export type Audience = z.infer<typeof Audience>;
export type AudienceKind = Audience['kind'];

export const NoticeInput = z
  .object({
    title: Text(200),
    body: Text(5000),
    urgency: Urgency.default('info'),
    audience: Audience,
    /** when to publish; left out means now */
    publishAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type NoticeInput = z.infer<typeof NoticeInput>;

export const NOTICE_STATUSES = ['scheduled', 'published', 'withdrawn'] as const;
export const NoticeStatus = z.enum(NOTICE_STATUSES);
export type NoticeStatus = z.infer<typeof NoticeStatus>;

const Bilingual = z.object({ zh: z.string(), en: z.string() });
export const NoticeView = z.object({
  id: z.number().int(),
  title: Bilingual,
  body: Bilingual,
  urgency: Urgency,
  audience: Audience,
  status: NoticeStatus,
  publishAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type NoticeView = z.infer<typeof NoticeView>;

/** What organisers see: how many people a notice reached and how many of them have read it. */
export const OrganiserNoticeView = NoticeView.extend({
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  withdrawnAt: z.string().nullable(),
  recipients: z.number().int(),
  read: z.number().int(),
});
export type OrganiserNoticeView = z.infer<typeof OrganiserNoticeView>;

/** A notice as its reader sees it; `deliveryId` is the SSE event id, the position to resume from. */
export const MyNotice = NoticeView.omit({ status: true, publishAt: true }).extend({
  deliveryId: z.number().int(),
  publishedAt: z.string(),
  read: z.boolean(),
});
export type MyNotice = z.infer<typeof MyNotice>;

export const MyNotices = z.object({ unread: z.number().int(), items: z.array(MyNotice) });
export type MyNotices = z.infer<typeof MyNotices>;

export const ReadReceipt = z.object({ noticeId: z.number().int(), readAt: z.string(), unread: z.number().int() });
export type ReadReceipt = z.infer<typeof ReadReceipt>;
