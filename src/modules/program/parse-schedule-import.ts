import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LanguageTag } from '../../platform/schema.js';
import { DateTime, IANAZone } from 'luxon';
import { ProgrammeImport, SESSION_KINDS, type ProgrammeImportInput, type SessionKind } from './program.schema.js';
import { asciiSlug, stableUuid } from './export-schedule-json.js';
import { cut, field, HAN, LATIN_NAME, readJson, readXml, text, UUID, type RawSchedule } from './read-schedule-file.js';

/**
 * Lenient import of frab/pretalx `schedule.xml` and `schedule.json`. Most real exports fail the strict
 * schemas (non-UUID guids, string ids, misplaced keys), so anything we can still understand is imported and
 * every guess is reported as a warning; only text that is not a schedule at all is refused.
 */
export type ScheduleImportResult =
  | { ok: true; programme: ProgrammeImport; warnings: string[] }
  | { ok: false; code: 'unreadable' | 'not_a_schedule'; message: string };


export function detectScheduleFormat(filename: string, content: string): 'xml' | 'json' | null {
  const first = content.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '<') return 'xml';
  if (first === '{') return 'json';
  const ext = /\.(xml|json)$/i.exec(filename)?.[1]?.toLowerCase();
  return ext === 'xml' || ext === 'json' ? ext : null;
}

export function parseScheduleImport(input: string, format: 'xml' | 'json'): ScheduleImportResult {
  const body = input.replace(/^\uFEFF/, '');
  let raw: RawSchedule | undefined;
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (e) {
      return {
        ok: false,
        code: 'unreadable',
        message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    raw = readJson(doc);
  } else {
    const valid = body.trim() === '' ? false : XMLValidator.validate(body);
    if (valid !== true) {
      const why = valid === false ? 'empty document' : `${valid.err.msg} (line ${valid.err.line})`;
      return { ok: false, code: 'unreadable', message: `not well-formed XML: ${why}` };
    }
    // htmlEntities also decodes character references (`&#38;`, `&#x2014;`), which frab files use; `&amp;` is decoded
    // last, so a typed `&amp;mdash;` stays the text `&mdash;` and nothing is decoded twice.
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, htmlEntities: true });
    raw = readXml(parser.parse(body) as unknown);
  }
  if (!raw) return { ok: false, code: 'not_a_schedule', message: 'no schedule with a conference in it' };
  const programme = ProgrammeImport.safeParse(toProgramme(raw));
  if (!programme.success) {
    const issue = programme.error.issues[0];
    return { ok: false, code: 'not_a_schedule', message: `${issue?.path.join('.')}: ${issue?.message}` };
  }
  return { ok: true, programme: programme.data, warnings: raw.warnings };
}


const TYPES_BY_KIND: Record<SessionKind, string[]> = {
  ceremony: ['ceremony', 'opening', 'closing'],
  plenary: ['plenary', 'keynote'],
  forum: [
    'forum',
    'talk',
    'lecture',
    'panel',
    'discussion',
    'workshop',
    'meeting',
    'podium',
    'hands-on',
    'lightning talk',
  ],
  release: ['release', 'launch'],
  side_event: ['side_event', 'side event', 'social', 'concert'],
  closed_door: ['closed_door'],
};
const KIND_BY_TYPE = new Map(SESSION_KINDS.flatMap((kind) => TYPES_BY_KIND[kind].map((type) => [type, kind] as const)));

function splitTitle(title: string, subtitle: string | undefined): { zh: string; en: string } {
  // Our own exports put the other language in the subtitle; elsewhere the language is unknown, so both get it.
  if (HAN.test(title)) return { zh: title, en: subtitle && !HAN.test(subtitle) ? subtitle : title };
  return { zh: subtitle && HAN.test(subtitle) ? subtitle : title, en: title };
}

function minutesOf(duration: string | undefined): number | undefined {
  const m = duration ? /^(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(duration) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function toProgramme(raw: RawSchedule): ProgrammeImportInput {
  const { conf, warnings } = raw;
  const zoneName = text(conf.time_zone_name);
  const tz = zoneName && IANAZone.isValidZone(zoneName) ? zoneName : 'UTC';
  if (zoneName !== tz) {
    warnings.push(
      zoneName
        ? `unknown time zone "${zoneName}": times without an offset read as UTC`
        : 'no time_zone_name: times without an offset read as UTC',
    );
  }
  const scope = text(conf.acronym) ?? text(conf.title) ?? '';

  const rooms = new Map<string, NonNullable<ProgrammeImportInput['rooms']>[number]>();
  const addRoom = (name: string | undefined, guid?: string, capacity?: string): string | undefined => {
    const key = name ?? guid;
    if (!key || rooms.has(key)) return key;
    const cap = Number(capacity);
    const label = cut(key, 200);
    rooms.set(key, {
      key: label,
      name: { zh: label, en: label },
      ...(Number.isInteger(cap) && cap > 0 ? { capacity: cap } : {}),
    });
    return key;
  };
  for (const r of raw.rooms) addRoom(r.name, r.guid, r.capacity);

  const boards = new Map<string, { key: string; title: { zh: string; en: string }; color?: string }>();
  const addBoard = (name: string | undefined, color?: string): void => {
    if (!name || boards.has(name)) return;
    const t = cut(name, 300);
    boards.set(name, {
      key: cut(name, 200),
      title: { zh: t, en: t },
      ...(color && /^#[0-9a-f]{3,8}$/i.test(color) ? { color } : {}),
    });
  };
  for (const t of raw.tracks) addBoard(t.name, t.color);

  const people = new Map<string, NonNullable<ProgrammeImportInput['people']>[number]>();
  const sessions: NonNullable<ProgrammeImportInput['sessions']> = [];
  const languages = new Set<string>();
  const unknownTypes = new Map<string, number>();
  const badLanguages = new Set<string>();
  const localDates: string[] = [];

  for (const { fields: e, room, day, persons } of raw.events) {
    const eventTitle = text(e.title) ?? '';
    const baseKey = field(e, 'guid') ?? field(e, 'id') ?? text(e.slug);
    const name = `event "${eventTitle || '(untitled)'}"${baseKey ? ` (${baseKey})` : ''}`;
    if (!baseKey) {
      warnings.push(`${name} has no guid or id: skipped`);
      continue;
    }
    let key = cut(baseKey, 200);
    for (let n = 2; sessions.some((s) => s.key === key); n++) key = cut(`${baseKey}#${n}`, 200);
    if (key !== baseKey) warnings.push(`${name} repeats a guid or id: imported under key "${key}"`);

    const date = text(e.date);
    let start = date?.includes('T') ? DateTime.fromISO(date, { zone: tz, setZone: true }) : undefined;
    const hhmm = text(e.start);
    if (!start?.isValid && (day ?? date) && hhmm)
      start = DateTime.fromISO(`${(day ?? date ?? '').slice(0, 10)}T${hhmm}`, { zone: tz });
    if (!start?.isValid) {
      warnings.push(`${name} has no readable start date/time: skipped`);
      continue;
    }
    let minutes = minutesOf(text(e.duration));
    const endText = text(e.end);
    const end = endText ? DateTime.fromISO(endText, { zone: tz, setZone: true }) : undefined;
    if (minutes === undefined && end?.isValid) minutes = end.diff(start, 'minutes').minutes;
    if (minutes === undefined || minutes < 0) {
      warnings.push(`${name} has no readable duration: assumed 1 hour`);
      minutes = 60;
    }
    localDates.push(start.setZone(tz).toISODate() ?? '');

    const guidText = field(e, 'guid');
    let guid = guidText && UUID.test(guidText) ? guidText.toLowerCase() : undefined;
    if (guidText && !guid) {
      guid = stableUuid(`schedule:${scope}:${guidText}`);
      warnings.push(`${name} has a guid that is not a UUID: derived ${guid}`);
    }
    const type = text(e.type) ?? 'forum';
    const kind = KIND_BY_TYPE.get(type.toLowerCase());
    if (!kind) unknownTypes.set(type, (unknownTypes.get(type) ?? 0) + 1);

    const langs: string[] = [];
    for (const tag of (text(e.language) ?? '').split(/[\s,;/]+/).filter(Boolean)) {
      if (LanguageTag.safeParse(tag).success) langs.push(tag);
      else badLanguages.add(tag);
    }
    langs.forEach((l) => languages.add(l));

    // pretalx sometimes ships HTML line breaks inside otherwise plain text
    const plain = (v: unknown): string => (text(v) ?? '').replace(/<br\s*\/?>/gi, '\n').trim();
    const abstract = plain(e.abstract);
    const body = plain(e.description);
    const description = cut(
      !abstract || body.startsWith(abstract) ? body : body ? `${abstract}\n\n${body}` : abstract,
      5000,
    );
    const track = text(e.track);
    addBoard(track);
    const roomKey = addRoom(text(e.room) ?? room);

    const sessionPeople: { personKey: string; role: 'speaker' }[] = [];
    for (const p of persons) {
      const pKey = p.id ?? p.guid ?? p.name;
      if (!pKey || !p.name) {
        warnings.push(`${name} lists a person without a name: left out`);
        continue;
      }
      const personKey = cut(pKey, 200);
      if (!people.has(personKey)) {
        const bio = p.biography ? cut(p.biography, 5000) : undefined;
        people.set(personKey, {
          key: personKey,
          name: cut(p.name, 200),
          ...(LATIN_NAME.test(p.name) ? { nameLatin: cut(p.name, 200) } : {}),
          ...(bio ? { bio: { zh: bio, en: bio } } : {}),
        });
      }
      if (!sessionPeople.some((sp) => sp.personKey === personKey)) sessionPeople.push({ personKey, role: 'speaker' });
    }

    const code = field(e, 'code');
    const subtitle = text(e.subtitle);
    const titles = splitTitle(cut(eventTitle, 500), subtitle && cut(subtitle, 500));
    sessions.push({
      key,
      ...(guid ? { guid } : {}),
      ...(code && /^[A-Za-z0-9_-]{1,50}$/.test(code) ? { code } : {}),
      kind: kind ?? 'forum',
      boardKey: track ?? null,
      title: titles,
      ...(description ? { description: { zh: description, en: description } } : {}),
      languages: langs,
      roomKey: roomKey ?? null,
      startsAt: start.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
      endsAt: start.plus({ minutes }).toUTC().toISO({ suppressMilliseconds: true }) ?? '',
      people: sessionPeople,
    });
  }
  for (const [type, n] of unknownTypes)
    warnings.push(`unknown session type "${type}" (${n} session${n === 1 ? '' : 's'}): imported as forum`);
  for (const tag of badLanguages) warnings.push(`"${tag}" is not a language tag: ignored`);

  return {
    ...eventOf(raw, tz, [...languages], localDates),
    rooms: [...rooms.values()],
    boards: [...boards.values()],
    people: [...people.values()],
    sessions,
  };
}

function eventOf(
  raw: RawSchedule,
  tz: string,
  languages: string[],
  localDates: string[],
): Pick<ProgrammeImportInput, 'event'> {
  const { conf, warnings } = raw;
  const dateOf = (v: unknown): string | undefined => {
    const d = DateTime.fromISO(text(v) ?? '', { zone: tz });
    return d.isValid ? (d.setZone(tz).toISODate() ?? undefined) : undefined;
  };
  const known = [...raw.days.map(dateOf), ...localDates].filter((d): d is string => !!d).sort();
  const startDate = dateOf(conf.start) ?? known[0];
  let endDate = dateOf(conf.end) ?? known[known.length - 1];
  if (!startDate || !endDate) {
    warnings.push('the conference has no dates: event details not imported');
    return {};
  }
  if (endDate < startDate) {
    warnings.push(`the conference ends (${endDate}) before it starts (${startDate}): end set to the start`);
    endDate = startDate;
  }
  const title = text(conf.title);
  let slug = asciiSlug(text(conf.acronym) ?? '');
  if (slug.length < 2) slug = asciiSlug(title ?? '');
  if (slug.length < 2) {
    slug = 'imported-schedule';
    warnings.push('the conference has no usable acronym: slug set to "imported-schedule"');
  }
  if (languages.length === 0) warnings.push('no session states its language: event language set to "en"');
  const name = cut(title ?? slug, 300);
  const eventLanguages = languages.length > 0 ? languages : ['en'];
  return { event: { slug, name: { zh: name, en: name }, timezone: tz, startDate, endDate, languages: eventLanguages } };
}
