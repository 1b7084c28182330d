import { z } from 'zod';
import { Bilingual, EventDate, Id, LanguageTag, Slug } from '../../platform/schema.js';

// No custom messages: zod words them in the caller's language (zh-CN or en).
export const TimeZone = z.string().min(1).max(64);

export const EventInput = z
  .object({
    slug: Slug,
    name: Bilingual(300),
    timezone: TimeZone,
    startDate: EventDate,
    endDate: EventDate,
    languages: z.array(LanguageTag).min(1).max(20),
    venue: z.object({ name: Bilingual(300), address: Bilingual(500) }).nullable().optional(),
    note: z.string().max(2000).nullable().optional(),
  })
  .strict();
export type EventInput = z.infer<typeof EventInput>;
export const EventPatch = EventInput.partial().strict();
export type EventPatch = z.infer<typeof EventPatch>;

/** An event as the API shows it; the same shape is frozen into every published snapshot. */
export const EventView = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: Bilingual(),
  timezone: z.string(),
  startDate: z.string(), // YYYY-MM-DD, in the event's time zone
  endDate: z.string(),
  languages: z.array(LanguageTag),
  venue: z.object({ name: Bilingual(), address: Bilingual() }).nullable(),
  note: z.string().nullable(),
});
export type EventView = z.infer<typeof EventView>;

export const ZoneInput = z.object({ code: z.string().min(1).max(50), name: Bilingual(200) }).strict();
export const ZoneView = z.object({ id: z.number().int(), code: z.string(), name: Bilingual() });

export const VenueInput = z
  .object({ name: Bilingual(300), address: Bilingual(500), position: z.number().int().min(0).max(10_000).optional() })
  .strict();
export type VenueInput = z.infer<typeof VenueInput>;
export const VenueView = z.object({ id: z.number().int(), name: Bilingual(), address: Bilingual(), position: z.number().int() });
export type VenueView = z.infer<typeof VenueView>;

export const RoomInput = z
  .object({
    name: Bilingual(200),
    venueId: Id.nullable().optional(),
    capacity: z.number().int().positive().max(1_000_000).nullable().optional(),
    floor: z.string().max(50).nullable().optional(),
    zoneId: Id.nullable().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type RoomInput = z.infer<typeof RoomInput>;
export const RoomPatch = RoomInput.partial().strict();
export const RoomView = z.object({
  id: z.number().int(),
  venueId: z.number().int().nullable(),
  name: Bilingual(),
  capacity: z.number().int().nullable(),
  floor: z.string().nullable(),
  zoneId: z.number().int().nullable(),
  position: z.number().int(),
});
export type RoomView = z.infer<typeof RoomView>;

