import { IANAZone } from 'luxon';
import type { Deps } from '../../platform/deps.js';
import { fromJson } from '../../platform/db/database.js';
import { TtlCache } from '../../platform/ttl-cache.js';
import type { EventRow } from './events.tables.js';
import type { EventInput, EventView } from './events.schema.js';

export function toEventView(row: EventRow): EventView {
  return {
    id: row.id,
    slug: row.slug,
    name: { zh: row.name_zh, en: row.name_en },
    timezone: row.timezone,
    startDate: row.start_date,
    endDate: row.end_date,
    languages: fromJson<string[]>(row.languages, []),
    venue:
      row.venue_name_zh !== null || row.venue_name_en !== null
        ? {
            name: { zh: row.venue_name_zh ?? '', en: row.venue_name_en ?? '' },
            address: { zh: row.venue_address_zh ?? '', en: row.venue_address_en ?? '' },
          }
        : null,
    note: row.note,
  };
}

export function eventColumns(input: Partial<EventInput>) {
  return {
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.name !== undefined && { name_zh: input.name.zh, name_en: input.name.en }),
    ...(input.timezone !== undefined && { timezone: input.timezone }),
    ...(input.startDate !== undefined && { start_date: input.startDate }),
    ...(input.endDate !== undefined && { end_date: input.endDate }),
    ...(input.languages !== undefined && { languages: JSON.stringify(input.languages) }),
    ...(input.venue !== undefined && {
      venue_name_zh: input.venue?.name.zh ?? null,
      venue_name_en: input.venue?.name.en ?? null,
      venue_address_zh: input.venue?.address.zh ?? null,
      venue_address_en: input.venue?.address.en ?? null,
    }),
    ...(input.note !== undefined && { note: input.note }),
  };
}

export const isValidTimeZone = (tz: string): boolean => IANAZone.isValidZone(tz);

/**
 * Event rows by slug for every request under /events/{slug}: cached per instance for two seconds and
 * dropped at once when any instance reports a change to an event.
 */
export function cachedEventResolver(deps: Pick<Deps, 'db' | 'bus'>): (slug: string) => Promise<EventRow | null> {
  const cache = new TtlCache<string, EventRow | null>(2000);
  deps.bus.onCluster((e) => {
    if (e.type.startsWith('event.')) cache.clear();
  });
  return (slug) => cache.get(slug, async () => (await deps.db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst()) ?? null);
}
