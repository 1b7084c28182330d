import { z } from 'zod';
import { Instant } from '../../platform/schema.js';

/** Live occupancy and the arrival reports: what the console's overview and reports pages read. */

const Bi = z.object({ zh: z.string(), en: z.string() });

/** Entries are counted in buckets of this many minutes, aligned to the clock (…:00, :05, :10). */
export const BUCKET_MINUTES = 5;
/** the default window of the entries chart */
export const DEFAULT_HOURS = 3;
/** the longest window one request may ask for, so that an answer stays small */
export const MAX_HOURS = 24;

export const OccupancyQuery = z.object({
  /** start of the entries window; defaults to three hours before `to` */
  from: Instant.optional(),
  /** end of the entries window and the moment whose session is shown; defaults to now */
  to: Instant.optional(),
  lang: z.enum(['zh', 'en']).optional(),
});
export type OccupancyQuery = z.infer<typeof OccupancyQuery>;

export const OccupancyStreamQuery = z.object({
  /** how many hours of entries each push carries */
  hours: z.coerce.number().int().min(1).max(MAX_HOURS).optional(),
  lang: z.enum(['zh', 'en']).optional(),
});

export const ZoneOccupancy = z.object({ zoneId: z.number().int(), code: z.string(), name: Bi, inside: z.number().int() });
export const RoomOccupancy = z.object({
  roomId: z.number().int(),
  name: Bi,
  capacity: z.number().int().nullable(),
  /** people who entered through one of the room's gates and have not left */
  inside: z.number().int(),
  session: z.object({ id: z.number().int(), code: z.string(), title: Bi, startsAt: z.string(), endsAt: z.string() }).nullable(),
});
export const EntryBucket = z.object({ at: z.string(), entries: z.number().int() });

export const Occupancy = z.object({
  at: z.string(),
  from: z.string(),
  to: z.string(),
  bucketMinutes: z.number().int(),
  zones: z.array(ZoneOccupancy),
  rooms: z.array(RoomOccupancy),
  /** admitted entries per bucket, oldest first, every bucket present (zero when nobody came) */
  entries: z.array(EntryBucket),
});
export type Occupancy = z.infer<typeof Occupancy>;

/** Cancelled guests count nowhere. */
export const ArrivalCounts = z.object({
  /** every guest on the list */
  invited: z.number().int(),
  /** past the invitation: registered, asked for changes, approved or rejected */
  registered: z.number().int(),
  approved: z.number().int(),
  /** handed their badge at the desk (`badge_collected_at`) */
  badgeCollected: z.number().int(),
  /** admitted inwards by a gate at least once */
  arrived: z.number().int(),
});
export type ArrivalCounts = z.infer<typeof ArrivalCounts>;

export const ArrivalGroup = ArrivalCounts.extend({
  /** null: guests without a category, or without a delegation */
  id: z.number().int().nullable(),
  code: z.string().nullable(),
  name: Bi.nullable(),
});
export type ArrivalGroup = z.infer<typeof ArrivalGroup>;

export const Arrivals = z.object({
  total: ArrivalCounts,
  byCategory: z.array(ArrivalGroup),
  byDelegation: z.array(ArrivalGroup),
});
export type Arrivals = z.infer<typeof Arrivals>;

export const NoShow = z.object({
  guestId: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  category: z.object({ code: z.string(), name: Bi }).nullable(),
  delegation: z.object({ code: z.string(), name: Bi }).nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  badgeCollectedAt: z.string().nullable(),
});
export type NoShow = z.infer<typeof NoShow>;

export const ReportQuery = z.object({ lang: z.enum(['zh', 'en']).optional() });
