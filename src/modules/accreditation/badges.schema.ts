import { z } from 'zod';
import { Slug } from '../../platform/schema.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });
const CategoryCode = z.string().regex(/^[a-z0-9_-]{1,40}$/);

/** Which badges a batch prints: one category or all, and all current badges or only those not printed yet. */
export const BadgeBatchInput = z.strictObject({
  category: CategoryCode.optional(),
  status: z.enum(['all', 'unprinted', 'printed']).default('all'),
});
export type BadgeBatchInput = z.infer<typeof BadgeBatchInput>;

export const BadgeBatchView = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
});
export type BadgeBatchView = z.infer<typeof BadgeBatchView>;

export const BatchParams = z.object({ slug: Slug, id: z.string().regex(/^[A-Za-z0-9_-]{12}$/) });

export const IssuedCredentialView = z.object({
  credentialId: z.number().int(),
  guestId: z.number().int(),
  payload: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  replaced: z.number().int().nullable(),
});
export type IssuedCredentialView = z.infer<typeof IssuedCredentialView>;

export const IssueMissingResult = z.object({ issued: z.number().int(), guestIds: z.array(z.number().int()) });
export type IssueMissingResult = z.infer<typeof IssueMissingResult>;

export const BadgeCounts = z.object({
  /** approved guests with a category: those who should hold a badge */
  approved: z.number().int(),
  withBadge: z.number().int(),
  printed: z.number().int(),
  collected: z.number().int(),
});
export type BadgeCounts = z.infer<typeof BadgeCounts>;

export const BadgeRow = z.object({
  guestId: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  category: z.object({ code: z.string(), name: Bilingual, color: z.string() }),
  credentialId: z.number().int().nullable(),
  printedAt: z.string().nullable(),
  collectedAt: z.string().nullable(),
});
export type BadgeRow = z.infer<typeof BadgeRow>;

export const BadgeOverview = z.object({ counts: BadgeCounts, guests: z.array(BadgeRow) });
export type BadgeOverview = z.infer<typeof BadgeOverview>;

/** The guest's own badge, as the attendee app shows it (and keeps for offline use). */
export const MyBadge = z.object({
  payload: z.string(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  category: z.object({ code: z.string(), name: Bilingual, color: z.string() }),
  zones: z.array(z.string()),
  expiresAt: z.string(),
  event: z.object({ slug: z.string(), name: Bilingual }),
});
export type MyBadge = z.infer<typeof MyBadge>;
