import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { PersonRole, ProgrammeSnapshot } from './program.schema.js';
import { pickText, visibleSessions, type ScheduleLang } from './export-schedule-json.js';

export interface ProgrammeCsvOptions {
  lang: ScheduleLang;
  includeClosed?: boolean;
}

export const PROGRAMME_CSV_COLUMNS = [
  'code',
  'kind',
  'board',
  'title_zh',
  'title_en',
  'day',
  'start',
  'end',
  'room',
  'speakers',
  'languages',
  'interpretation',
  'guid',
] as const;

const ROLE_SUFFIX: Record<ScheduleLang, Record<PersonRole, string>> = {
  zh: { speaker: '', moderator: '(主持)', host: '(主持人)' },
  en: { speaker: '', moderator: ' (moderator)', host: ' (host)' },
};

/**
 * One row per session for the secretariat's spreadsheets. Both titles are kept whatever the language, since
 * the sheet is where translations get checked; day and times are the event's local wall time. The byte-order
 * mark is there because Excel otherwise reads UTF-8 Chinese as mojibake.
 */
export function exportProgrammeCsv(snap: ProgrammeSnapshot, opts: ProgrammeCsvOptions): string {
  const { lang } = opts;
  const tz = snap.event.timezone;
  const local = (instant: string): DateTime => DateTime.fromISO(instant, { zone: 'utc' }).setZone(tz);
  const boards = new Map(snap.boards.map((b) => [b.id, pickText(b.title, lang)]));
  const rooms = new Map(snap.rooms.map((r) => [r.id, pickText(r.name, lang)]));
  const people = new Map(snap.people.map((p) => [p.id, p.name]));

  const rows = visibleSessions(snap, opts.includeClosed ?? false).map((s) => {
    const start = local(s.startsAt);
    return [
      s.code,
      s.kind,
      s.boardId === null ? '' : (boards.get(s.boardId) ?? ''),
      s.title.zh,
      s.title.en,
      start.toISODate() ?? '',
      start.toFormat('HH:mm'),
      local(s.endsAt).toFormat('HH:mm'),
      s.roomId === null ? '' : (rooms.get(s.roomId) ?? ''),
      s.people
        .flatMap((p) => {
          const name = people.get(p.personId);
          return name === undefined ? [] : [`${name}${ROLE_SUFFIX[lang][p.role]}`];
        })
        .join('; '),
      s.languages.join('; '),
      s.interpretation.map((c) => `${c.channel}:${c.language}`).join('; '),
      s.guid,
    ];
  });
  return stringify(rows, { bom: true, header: true, columns: [...PROGRAMME_CSV_COLUMNS] });
}
