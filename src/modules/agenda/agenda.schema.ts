import { z } from 'zod';
import { IdParam, Slug } from '../../platform/schema.js';

export const AgendaParams = z.object({ slug: Slug, sessionId: IdParam });
export const AgendaItem = z.object({
  sessionId: z.number().int(),
  code: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  roomId: z.number().int().nullable(),
  /** starred sessions that overlap this one */
  overlapsWith: z.array(z.number().int()),
});
export type AgendaItem = z.infer<typeof AgendaItem>;
export const AgendaView = z.object({ items: z.array(AgendaItem), overlaps: z.number().int(), starsVersion: z.number().int() });
export type AgendaView = z.infer<typeof AgendaView>;
export const FeedView = z.object({ url: z.string() });
export const SessionStars = z.object({
  sessionId: z.number().int(),
  code: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  /** guests who starred the session in their agenda */
  stars: z.number().int().nonnegative(),
});
export type SessionStars = z.infer<typeof SessionStars>;
export const StarsView = z.array(SessionStars);
