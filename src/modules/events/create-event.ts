import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { MAX_EVENT_DAYS } from '../../platform/schema.js';
import type { EventInput, EventPatch, EventView } from './events.schema.js';
import { eventColumns, isValidTimeZone, toEventView } from './events.store.js';

const DAY_MS = 86_400_000;

function checkDates(input: EventPatch, current?: { startDate: string; endDate: string; timezone: string }) {
  const tz = input.timezone ?? current?.timezone;
  if (tz !== undefined && !isValidTimeZone(tz)) return refuse('unknown_timezone', 'timezone', { value: tz });
  const start = input.startDate ?? current?.startDate;
  const end = input.endDate ?? current?.endDate;
  if (start && end && end < start) return refuse('ends_before_start', 'endDate');
  // a mistyped end decades ahead would have every export emit a day element per calendar day
  if (start && end && (Date.parse(end) - Date.parse(start)) / DAY_MS + 1 > MAX_EVENT_DAYS) {
    return refuse('event_too_long', input.endDate !== undefined || input.startDate === undefined ? 'endDate' : 'startDate', { max: MAX_EVENT_DAYS });
  }
  return null;
}

export async function createEvent(deps: Deps, actor: Actor, input: EventInput): Promise<Result<EventView>> {
  const bad = checkDates(input);
  if (bad) return bad;
  const taken = await deps.db.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst();
  if (taken) return refuse('slug_taken', 'slug', { slug: input.slug });
  const now = nowIso();
  const row = await deps.db
    .insertInto('events')
    .values({
      slug: input.slug,
      name_zh: input.name.zh,
      name_en: input.name.en,
      timezone: input.timezone,
      start_date: input.startDate,
      end_date: input.endDate,
      languages: JSON.stringify(input.languages),
      venue_name_zh: input.venue?.name.zh ?? null,
      venue_name_en: input.venue?.name.en ?? null,
      venue_address_zh: input.venue?.address.zh ?? null,
      venue_address_en: input.venue?.address.en ?? null,
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, row.id, { type: 'event.created', payload: { slug: row.slug } });
  return ok(toEventView(row));
}

export async function updateEvent(deps: Deps, actor: Actor, eventId: number, patch: EventPatch): Promise<Result<EventView>> {
  const current = await deps.db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!current) return refuse('not_found', 'slug');
  const view = toEventView(current);
  const bad = checkDates(patch, view);
  if (bad) return bad;
  if (patch.slug && patch.slug !== current.slug) {
    const taken = await deps.db.selectFrom('events').select('id').where('slug', '=', patch.slug).executeTakeFirst();
    if (taken) return refuse('slug_taken', 'slug', { slug: patch.slug });
  }
  const row = await deps.db
    .updateTable('events')
    .set({ ...eventColumns(patch), updated_at: nowIso() })
    .where('id', '=', eventId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, eventId, { type: 'event.updated', payload: { fields: Object.keys(patch) } });
  return ok(toEventView(row));
}
