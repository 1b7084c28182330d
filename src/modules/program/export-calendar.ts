import ical, { ICalEventClass } from 'ical-generator';
import { DateTime, IANAZone } from 'luxon';
import type { ProgrammeSnapshot, SnapshotSession } from './program.schema.js';
import { pickText, visibleSessions, type ScheduleLang } from './export-schedule-json.js';

export interface CalendarExportOptions {
  lang: ScheduleLang;
  /** calendar name; defaults to the event's name */
  name?: string;
  /** keep only these sessions, e.g. a guest's personal agenda */
  sessionIds?: number[];
  boardId?: number;
  /** where the calendar itself can be fetched (subscriptions) */
  url?: string;
  /** only for calendars handed to invitees; public feeds never set it */
  includeClosed?: boolean;
}

const LABELS = {
  zh: { people: '嘉宾', interpretation: '同声传译', channel: '频道' },
  en: { people: 'Speakers', interpretation: 'Interpretation', channel: 'channel' },
} as const;

/**
 * iCalendar of the programme with every time written as wall-clock time under the event's TZID, so that
 * calendar apps show Wuzhen times however the reader's device is set. Luxon DateTimes, not Dates: with a
 * TZID ical-generator prints a Date's UTC fields as if they were local.
 */
export function exportCalendar(snap: ProgrammeSnapshot, opts: CalendarExportOptions): string {
  const { lang } = opts;
  const tz = snap.event.timezone;
  const wanted = opts.sessionIds ? new Set(opts.sessionIds) : undefined;
  const sessions = visibleSessions(snap, opts.includeClosed ?? false).filter(
    (s) => (!wanted || wanted.has(s.id)) && (opts.boardId === undefined || s.boardId === opts.boardId),
  );
  const at = (instant: string): DateTime => DateTime.fromISO(instant, { zone: 'utc' }).setZone(tz);
  const years = sessions.flatMap((s) => [at(s.startsAt).year, at(s.endsAt).year]);
  const fromYear = Math.min(...years, Number(snap.event.startDate.slice(0, 4)));
  const toYear = Math.max(...years, Number(snap.event.endDate.slice(0, 4)));

  const cal = ical({
    name: opts.name ?? pickText(snap.event.name, lang),
    prodId: { company: 'huiwu', product: 'programme', language: lang.toUpperCase() },
    // No calendar-level zone name: with one, ical-generator writes DTSTAMP as local time without a Z.
    // Each event carries the TZID instead, and the generator still emits the VTIMEZONE for it.
    timezone: { name: null, generator: (zone) => vtimezone(zone, fromYear, toYear) },
    x: { 'X-WR-TIMEZONE': tz },
    ...(opts.url ? { url: opts.url } : {}),
  });

  const rooms = new Map(snap.rooms.map((r) => [r.id, pickText(r.name, lang)]));
  const boards = new Map(snap.boards.map((b) => [b.id, pickText(b.title, lang)]));
  const venue = snap.event.venue ? pickText(snap.event.venue.name, lang) : null;
  const stamp = DateTime.fromISO(snap.publishedAt, { zone: 'utc' });

  for (const s of sessions) {
    const board = s.boardId === null ? undefined : boards.get(s.boardId);
    cal.createEvent({
      id: s.guid,
      // Clients replace an event they already hold only when SEQUENCE grows: each publication bumps it.
      sequence: snap.version,
      stamp,
      start: at(s.startsAt),
      end: at(s.endsAt),
      timezone: tz,
      summary: pickText(s.title, lang),
      description: describe(snap, s, lang),
      location: (s.roomId === null ? undefined : rooms.get(s.roomId)) ?? venue,
      categories: [...(board ? [{ name: board }] : []), { name: s.kind }],
      class: s.closed ? ICalEventClass.PRIVATE : ICalEventClass.PUBLIC,
    });
  }
  return cal.toString();
}

function describe(snap: ProgrammeSnapshot, s: SnapshotSession, lang: ScheduleLang): string {
  const label = LABELS[lang];
  const people = new Map(snap.people.map((p) => [p.id, p.name]));
  const names = s.people.flatMap((sp) => people.get(sp.personId) ?? []);
  const lines = [pickText(s.description, lang).trim()];
  if (names.length > 0) lines.push(`${label.people}: ${names.join(', ')}`);
  if (s.interpretation.length > 0) {
    const channels = s.interpretation.map((c) => `${c.channel} ${label.channel} ${c.language}`);
    lines.push(`${label.interpretation}: ${channels.join(' · ')}`);
  }
  return lines.filter((l) => l !== '').join('\n\n');
}

const pad = (n: number): string => String(n).padStart(2, '0');
function offset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/**
 * VTIMEZONE built from the platform's own tz data (through luxon) instead of a bundled copy that ages:
 * one component for the offset in force on 1 January of the first year, then one per transition found
 * up to the end of the last year. Each DTSTART is the wall time just before the change (RFC 5545 3.6.5).
 */
export function vtimezone(tz: string, fromYear: number, toYear: number): string | null {
  if (!IANAZone.isValidZone(tz)) return null;
  const zone = IANAZone.create(tz);
  const off = (ms: number): number => zone.offset(ms);
  const wall = (ms: number, minutes: number): string =>
    DateTime.fromMillis(ms + minutes * 60_000, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss");
  const kind = (ms: number): string => (DateTime.fromMillis(ms, { zone: tz }).isInDST ? 'DAYLIGHT' : 'STANDARD');
  const component = (ms: number, from: number, to: number): string[] => [
    `BEGIN:${kind(ms)}`,
    `DTSTART:${wall(ms, from)}`,
    `TZOFFSETFROM:${offset(from)}`,
    `TZOFFSETTO:${offset(to)}`,
    `END:${kind(ms)}`,
  ];

  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: tz }).toMillis();
  const end = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone: tz }).toMillis();
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`, `X-LIC-LOCATION:${tz}`, ...component(start, off(start), off(start))];
  const DAY = 86_400_000;
  for (let t = start; t < end; t += DAY) {
    if (off(t) === off(t + DAY)) continue;
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (off(mid) === off(lo)) lo = mid;
      else hi = mid;
    }
    lines.push(...component(hi, off(lo), off(hi)));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
