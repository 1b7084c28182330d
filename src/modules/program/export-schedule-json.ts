import { createHash } from 'node:crypto';
import type { Bilingual } from '../../platform/schema.js';
import { DateTime } from 'luxon';
import type { ProgrammeSnapshot, SnapshotSession } from './program.schema.js';

/**
 * frab/pretalx `schedule.json` (validated against voc/schedule's draft-06 schema). The day → room → event
 * model built here is shared with the XML export so both formats carry exactly the same content.
 */
export type ScheduleLang = 'zh' | 'en';
export interface ScheduleExportOptions {
  lang: ScheduleLang;
  baseUrl: string;
}

export interface ScheduleEvent {
  guid: string;
  id: number;
  code: string | undefined;
  date: string;
  end: string;
  start: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string;
  track: string | null;
  type: string;
  language: string | null;
  abstract: string;
  description: string;
  persons: { id: number; name: string; biography: string | null }[];
}
export interface ScheduleRoom {
  name: string;
  guid: string;
  capacity: number | null;
}
export interface ScheduleDay {
  index: number;
  date: string;
  start: string;
  end: string;
  rooms: (ScheduleRoom & { events: ScheduleEvent[] })[];
}
export interface ScheduleModel {
  acronym: string;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  /** undefined unless the base URL is http(s), which both schemas demand */
  baseUrl: string | undefined;
  version: string;
  tracks: { name: string; slug: string; color: string | undefined }[];
  rooms: ScheduleRoom[];
  days: ScheduleDay[];
}

export function pickText(text: Bilingual, lang: ScheduleLang): string {
  const other = lang === 'zh' ? 'en' : 'zh';
  return text[lang].trim() !== '' ? text[lang] : text[other];
}

/** Public exports leave closed-door sessions out: they are visible only to their invitation list. */
export function visibleSessions(snap: ProgrammeSnapshot, includeClosed = false): SnapshotSession[] {
  const roomPos = new Map(snap.rooms.map((r) => [r.id, r.position]));
  return snap.sessions
    .filter((s) => includeClosed || !s.closed)
    .sort(
      (a, b) =>
        Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
        (roomPos.get(a.roomId ?? -1) ?? Infinity) - (roomPos.get(b.roomId ?? -1) ?? Infinity) ||
        a.id - b.id,
    );
}

const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** RFC 4122 version-5 UUID (SHA-1, URL namespace): the same name always yields the same UUID. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(URL_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  h.writeUInt8((h.readUInt8(6) & 0x0f) | 0x50, 6);
  h.writeUInt8((h.readUInt8(8) & 0x3f) | 0x80, 8);
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Satisfies both the XSD (`[a-z0-9_-]{4,}`) and the JSON schema, which allows no inner hyphen. */
export function scheduleAcronym(slug: string): string {
  const a = slug.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return a.padEnd(4, '_');
}

/** Lowercase ASCII words joined by hyphens; empty for text with no Latin letters or digits (e.g. Chinese). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

function hhmm(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const iso = (d: DateTime): string => d.set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '';

export function buildScheduleModel(snap: ProgrammeSnapshot, opts: ScheduleExportOptions): ScheduleModel {
  const { lang } = opts;
  const tz = snap.event.timezone;
  const acronym = scheduleAcronym(snap.event.slug);
  const base = /^https?:\/\/\S+$/.test(opts.baseUrl) ? opts.baseUrl.replace(/\/+$/, '') : undefined;
  const sessions = visibleSessions(snap);
  const local = (instant: string): DateTime => DateTime.fromISO(instant, { zone: 'utc' }).setZone(tz);

  const boards = new Map(snap.boards.map((b) => [b.id, b]));
  const people = new Map(snap.people.map((p) => [p.id, p]));
  const rooms: ScheduleRoom[] = [...snap.rooms]
    .sort((a, b) => a.position - b.position)
    .map((r) => ({ name: pickText(r.name, lang), guid: stableUuid(`${acronym}:room:${r.id}`), capacity: r.capacity }));
  const roomById = new Map(snap.rooms.map((r) => [r.id, pickText(r.name, lang)]));
  const placeholder: ScheduleRoom = {
    name: snap.event.venue ? pickText(snap.event.venue.name, lang) : 'TBA',
    guid: stableUuid(`${acronym}:room:placeholder`),
    capacity: null,
  };

  const toEvent = (s: SnapshotSession): ScheduleEvent => {
    const start = local(s.startsAt);
    const end = local(s.endsAt);
    const title = pickText(s.title, lang);
    const otherTitle = pickText(s.title, lang === 'zh' ? 'en' : 'zh');
    const description = pickText(s.description, lang);
    const board = s.boardId === null ? undefined : boards.get(s.boardId);
    const tail = asciiSlug(s.title.en) || asciiSlug(s.code) || 'session';
    return {
      guid: s.guid,
      id: s.id,
      code: /^[A-Z0-9]+$/.test(s.code) ? s.code : undefined,
      date: iso(start),
      end: iso(end),
      start: start.toFormat('HH:mm'),
      duration: hhmm(end.diff(start, 'minutes').minutes),
      room: (s.roomId === null ? undefined : roomById.get(s.roomId)) ?? placeholder.name,
      slug: `${acronym}-${s.id}-${tail}`,
      url: base ? `${base}/sessions/${s.guid}` : `urn:uuid:${s.guid}`,
      title,
      subtitle: otherTitle !== title ? otherTitle : '',
      track: board ? pickText(board.title, lang) : null,
      type: s.kind,
      language: s.languages[0] ?? snap.event.languages[0] ?? null,
      abstract: description.split(/\n\s*\n/)[0] ?? '',
      description,
      persons: s.people.flatMap(({ personId }) => {
        const p = people.get(personId);
        return p ? [{ id: p.id, name: p.name, biography: p.bio ? pickText(p.bio, lang) : null }] : [];
      }),
    };
  };

  const byDate = new Map<string, ScheduleEvent[]>();
  for (const s of sessions) {
    const e = toEvent(s);
    const date = local(s.startsAt).toISODate() ?? '';
    byDate.set(date, [...(byDate.get(date) ?? []), e]);
  }
  // The event's own dates, widened if a session falls outside them, so no public session is lost.
  const dates = [...byDate.keys(), snap.event.startDate, snap.event.endDate].sort();
  const first = DateTime.fromISO(dates[0] ?? snap.event.startDate, { zone: tz });
  const last = DateTime.fromISO(dates[dates.length - 1] ?? snap.event.endDate, { zone: tz });

  const days: ScheduleDay[] = [];
  for (let d = first, index = 1; d <= last; d = d.plus({ days: 1 }), index++) {
    const date = d.toISODate() ?? '';
    const events = byDate.get(date) ?? [];
    const dayRooms = rooms.map((r) => ({ ...r, events: events.filter((e) => e.room === r.name) }));
    const homeless = events.filter((e) => !rooms.some((r) => r.name === e.room));
    if (homeless.length > 0) dayRooms.push({ ...placeholder, events: homeless });
    days.push({ index, date, start: iso(d.startOf('day')), end: iso(d.endOf('day')), rooms: dayRooms });
  }

  return {
    acronym,
    title: pickText(snap.event.name, lang),
    start: first.toISODate() ?? snap.event.startDate,
    end: last.toISODate() ?? snap.event.endDate,
    timeZone: tz,
    baseUrl: base,
    version: String(snap.version),
    tracks: [...snap.boards]
      .sort((a, b) => a.position - b.position)
      .map((b) => ({
        name: pickText(b.title, lang),
        slug: `t-${asciiSlug(b.code) || b.id}`,
        color: b.color && /^#[0-9a-fA-F]{6}$/.test(b.color) ? b.color : undefined,
      })),
    rooms: days.some((d) => d.rooms.some((r) => r.guid === placeholder.guid)) ? [...rooms, placeholder] : rooms,
    days,
  };
}

/** The schema's time-zone pattern; a zone it rejects is left out and importers fall back on the offsets. */
const TZ_PATTERN = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/;

export function exportScheduleJson(snap: ProgrammeSnapshot, opts: ScheduleExportOptions): object {
  const m = buildScheduleModel(snap, opts);
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'huiwu', version: '0.1.0' },
    schedule: {
      version: m.version,
      ...(m.baseUrl ? { base_url: `${m.baseUrl}/` } : {}),
      conference: {
        acronym: m.acronym,
        title: m.title,
        start: m.start,
        end: m.end,
        daysCount: m.days.length,
        timeslot_duration: '00:15',
        ...(TZ_PATTERN.test(m.timeZone) ? { time_zone_name: m.timeZone } : {}),
        ...(m.baseUrl ? { url: m.baseUrl } : {}),
        tracks: m.tracks.map((t) => ({ name: t.name, slug: t.slug, ...(t.color ? { color: t.color } : {}) })),
        rooms: m.rooms.map((r) => ({ name: r.name, guid: r.guid, capacity: r.capacity })),
        days: m.days.map((d) => ({
          index: d.index,
          date: d.date,
          day_start: d.start,
          day_end: d.end,
          rooms: Object.fromEntries(d.rooms.map((r) => [r.name, r.events.map(jsonEvent)])),
        })),
      },
    },
  };
}

function jsonEvent(e: ScheduleEvent): object {
  return {
    guid: e.guid,
    id: e.id,
    ...(e.code ? { code: e.code } : {}),
    date: e.date,
    start: e.start,
    end: e.end,
    duration: e.duration,
    room: e.room,
    slug: e.slug,
    url: e.url,
    title: e.title,
    subtitle: e.subtitle,
    track: e.track,
    type: e.type,
    language: e.language,
    abstract: e.abstract,
    description: e.description,
    // id + public_name makes each a FrabPerson; adding `name` would also match PretalxPerson and fail oneOf.
    persons: e.persons.map((p) => ({ id: p.id, public_name: p.name, biography: p.biography })),
    links: [],
  };
}
