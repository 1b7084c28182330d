import { randomUUID } from 'node:crypto';
import type { Actor, Deps } from '../../platform/deps.js';
import { emit } from '../../platform/deps.js';
import { nowIso, toJson, type Tx } from '../../platform/db/database.js';
import type { EventRow } from '../events/index.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { ensureZone, eventBySlug, insertEvent, isValidTimeZone, upsertPlace } from '../events/index.js';
import { findConflicts } from './find-conflicts.js';
import type { ProgrammeImport } from './program.schema.js';
import { loadDraft } from './program.store.js';

export interface ImportSummary {
  eventId: number;
  slug: string;
  created: Record<Table, number>;
  updated: Record<Table, number>;
  conflicts: number;
}

type Table = 'venues' | 'rooms' | 'boards' | 'organisations' | 'people' | 'sessions';

/**
 * Inserts or updates one row keyed by (event, external_ref); returns its id and whether it was new.
 * `onInsert` holds what only a new row gets (creation time, first revision); updates bump `revision`.
 */
async function upsert(trx: Tx, table: Exclude<Table, 'venues' | 'rooms'>, eventId: number, key: string, values: Record<string, unknown>, onInsert: Record<string, unknown> = {}) {
  const found = await trx.selectFrom(table).select('id').where('event_id', '=', eventId).where('external_ref', '=', key).executeTakeFirst();
  if (found) {
    if (table === 'sessions') await trx.updateTable('sessions').set((eb) => ({ ...values, revision: eb('revision', '+', 1) })).where('id', '=', found.id).execute();
    else await trx.updateTable(table).set(values).where('id', '=', found.id).execute();
    return { id: found.id, created: false };
  }
  const row = await trx
    .insertInto(table)
    .values({ ...values, ...onInsert, event_id: eventId, external_ref: key } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

async function ensureEvent(trx: Tx, slug: string, p: ProgrammeImport): Promise<Result<EventRow>> {
  const existing = await eventBySlug(trx, slug);
  if (existing) return ok(existing);
  if (!p.event) return refuse('not_found', 'event');
  if (!isValidTimeZone(p.event.timezone)) return refuse('unknown_timezone', 'event.timezone', { value: p.event.timezone });
  const e = p.event;
  const row = await insertEvent(trx, {
    slug,
    name_zh: e.name.zh,
    name_en: e.name.en,
    timezone: e.timezone,
    start_date: e.startDate,
    end_date: e.endDate,
    languages: toJson(e.languages),
    venue_name_zh: e.venue?.name.zh ?? null,
    venue_name_en: e.venue?.name.en ?? null,
    venue_address_zh: e.venue?.address.zh ?? null,
    venue_address_en: e.venue?.address.en ?? null,
    note: e.note ?? null,
    created_at: nowIso(),
    updated_at: nowIso(),
  });
  return ok(row);
}

/**
 * Creates or updates an event's programme from an import (frab, pretalx, the demo), all in one
 * transaction: a failed import changes nothing. Re-importing the same source updates in place.
 */
export async function importProgramme(deps: Deps, actor: Actor, slug: string, p: ProgrammeImport): Promise<Result<ImportSummary>> {
  const zero = () => ({ venues: 0, rooms: 0, boards: 0, organisations: 0, people: 0, sessions: 0 });
  const created = zero();
  const updated = zero();
  const count = (t: Table, isNew: boolean) => (isNew ? created[t]++ : updated[t]++);
  const result = await deps.db.transaction().execute(async (trx): Promise<Result<EventRow>> => {
    const ev = await ensureEvent(trx, slug, p);
    if (!ev.ok) return ev;
    const eventId = ev.value.id;
    const zoneIds = new Map<string, number>();
    for (const z of p.zones) {
      zoneIds.set(z.code, await ensureZone(trx, eventId, z.code, z.name));
    }
    const venues = new Map<string, number>();
    for (const [position, v] of p.venues.entries()) {
      const u = await upsertPlace(trx, 'venues', eventId, v.key, { name_zh: v.name.zh, name_en: v.name.en, address_zh: v.address.zh, address_en: v.address.en, position });
      venues.set(v.key, u.id);
      count('venues', u.created);
    }
    const rooms = new Map<string, number>();
    for (const [position, r] of p.rooms.entries()) {
      const zoneId = r.zoneCode ? (zoneIds.get(r.zoneCode) ?? null) : null;
      const venueId = r.venueKey ? (venues.get(r.venueKey) ?? null) : null;
      const u = await upsertPlace(trx, 'rooms', eventId, r.key, { venue_id: venueId, name_zh: r.name.zh, name_en: r.name.en, capacity: r.capacity ?? null, floor: r.floor ?? null, zone_id: zoneId, position });
      rooms.set(r.key, u.id);
      count('rooms', u.created);
    }
    const boards = new Map<string, number>();
    for (const [position, b] of p.boards.entries()) {
      const code = b.key.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 50) || `board-${position + 1}`;
      const u = await upsert(trx, 'boards', eventId, b.key, { code, title_zh: b.title.zh, title_en: b.title.en, color: b.color ?? null, position });
      boards.set(b.key, u.id);
      count('boards', u.created);
    }
    const orgs = new Map<string, number>();
    for (const o of p.organisations) {
      const u = await upsert(trx, 'organisations', eventId, o.key, { name_zh: o.name.zh, name_en: o.name.en, kind: o.kind, country: o.country ?? null });
      orgs.set(o.key, u.id);
      count('organisations', u.created);
    }
    const people = new Map<string, number>();
    for (const person of p.people) {
      const latin = person.nameLatin ?? latinName(person.name);
      const u = await upsert(trx, 'people', eventId, person.key, {
        name: person.name,
        name_latin: latin,
        sort_key: sortKey(latin),
        organisation: person.organisation ?? null,
        title_zh: person.title?.zh ?? null,
        title_en: person.title?.en ?? null,
        bio_zh: person.bio?.zh ?? null,
        bio_en: person.bio?.en ?? null,
        photo_url: person.photoUrl ?? null,
        updated_at: nowIso(),
      }, { email: null, user_id: null, created_at: nowIso() });
      people.set(person.key, u.id);
      count('people', u.created);
    }
    const codes = new Set((await trx.selectFrom('sessions').select(['code', 'external_ref']).where('event_id', '=', eventId).execute()).filter((s) => !p.sessions.some((x) => x.key === s.external_ref)).map((s) => s.code));
    for (const s of p.sessions) {
      const existing = await trx.selectFrom('sessions').select(['guid']).where('event_id', '=', eventId).where('external_ref', '=', s.key).executeTakeFirst();
      let code = (s.code ?? s.key).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 50);
      for (let n = 2; codes.has(code); n++) code = `${(s.code ?? s.key).slice(0, 45)}-${n}`;
      codes.add(code);
      const u = await upsert(trx, 'sessions', eventId, s.key, {
        guid: existing?.guid ?? s.guid ?? randomUUID(),
        code,
        kind: s.kind,
        board_id: s.boardKey ? (boards.get(s.boardKey) ?? null) : null,
        title_zh: s.title.zh,
        title_en: s.title.en,
        description_zh: s.description?.zh ?? '',
        description_en: s.description?.en ?? '',
        languages: toJson(s.languages),
        interpretation: toJson(s.interpretation),
        room_id: s.roomKey ? (rooms.get(s.roomKey) ?? null) : null,
        starts_at: new Date(s.startsAt).toISOString(),
        ends_at: new Date(s.endsAt).toISOString(),
        expected_audience: s.expectedAudience ?? null,
        updated_at: nowIso(),
      }, { revision: 1, created_at: nowIso() });
      count('sessions', u.created);
      await trx.deleteFrom('session_people').where('session_id', '=', u.id).execute();
      await trx.deleteFrom('session_hosts').where('session_id', '=', u.id).execute();
      const links = s.people.filter((l) => people.has(l.personKey));
      const unique = [...new Map(links.map((l) => [`${l.personKey}:${l.role}`, l])).values()];
      if (unique.length) {
        await trx.insertInto('session_people').values(unique.map((l, position) => ({ session_id: u.id, person_id: people.get(l.personKey)!, role: l.role, position }))).execute();
      }
      const hosts = [...new Set(s.hostKeys.map((k) => orgs.get(k)).filter((x): x is number => x !== undefined))];
      if (hosts.length) await trx.insertInto('session_hosts').values(hosts.map((o) => ({ session_id: u.id, organisation_id: o }))).execute();
    }
    return ok(ev.value);
  });
  if (!result.ok) return result;
  const draft = await loadDraft(deps.db, result.value);
  const conflicts = findConflicts({ event: draft.event, rooms: draft.rooms, sessions: draft.sessions }).length;
  await emit(deps, actor, result.value.id, { type: 'programme.imported', payload: { created, updated, conflicts } });
  return ok({ eventId: result.value.id, slug, created, updated, conflicts });
}
