import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { ProgrammeSnapshot } from './program.schema.js';
import { buildScheduleModel, type ScheduleEvent, type ScheduleExportOptions } from './export-schedule-json.js';

export const SCHEDULE_XML_MEDIA_TYPE = 'application/vnd.c3voc.schedule+xml';

/**
 * xmlbuilder2 leaves an `&` that starts something entity-shaped (`&mdash;`, `&amp;`, `&#38;`) as it is, so an abstract
 * holding `&mdash;` came out as an undefined entity (not well-formed) and a typed `&amp;` came back as `&`. Escaping
 * every `&` first hands the writer `&amp;` only, which it keeps: each `&` of the text is escaped exactly once.
 */
const amp = (text: string): string => text.replaceAll('&', '&amp;');
const amps = (attributes: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, amp(v)]));

/**
 * frab-compatible `schedule.xml`, valid against voc/schedule's current `schedule.xml.xsd`. Content comes from
 * the same model as the JSON export; only the shape differs.
 */
export function exportScheduleXml(snap: ProgrammeSnapshot, opts: ScheduleExportOptions): string {
  const m = buildScheduleModel(snap, opts);
  // Control characters pasted into a description would make the document unreadable; drop them.
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const root = doc.ele('schedule');
  root.ele('generator', { name: 'huiwu', version: '0.1.0' });
  if (m.baseUrl) root.ele('url').txt(amp(`${m.baseUrl}/api/v1/events/${snap.event.slug}/schedule.xml`));
  root.ele('version').txt(amp(m.version));

  const conf = root.ele('conference');
  conf.ele('acronym').txt(amp(m.acronym));
  conf.ele('title').txt(amp(m.title));
  conf.ele('start').txt(amp(m.start));
  conf.ele('end').txt(amp(m.end));
  conf.ele('days').txt(String(m.days.length));
  conf.ele('timeslot_duration').txt('00:15');
  if (m.baseUrl) conf.ele('base_url').txt(amp(`${m.baseUrl}/`));
  conf.ele('time_zone_name').txt(amp(m.timeZone));
  for (const t of m.tracks) {
    conf.ele('track', amps({ name: t.name, slug: t.slug, ...(t.color ? { color: t.color } : {}) })).txt(amp(t.name));
  }

  for (const day of m.days) {
    const d = root.ele('day', { index: String(day.index), date: day.date, start: day.start, end: day.end });
    for (const room of day.rooms) {
      const r = d.ele('room', amps({ name: room.name, guid: room.guid }));
      for (const e of room.events) writeEvent(r, e, m.baseUrl !== undefined);
    }
  }
  return doc.end({ prettyPrint: true });
}

function writeEvent(parent: XMLBuilder, e: ScheduleEvent, hasHttpUrl: boolean): void {
  const ev = parent.ele('event', { guid: e.guid, id: String(e.id) });
  // The XSD's `code` is pretalx's six-character code; ours only fit when they happen to look like one.
  if (e.code && /^[0-9A-Z]{6}$/.test(e.code)) ev.att('code', e.code);
  ev.ele('date').txt(amp(e.date));
  ev.ele('start').txt(amp(e.start));
  ev.ele('duration').txt(amp(e.duration));
  ev.ele('room').txt(amp(e.room));
  ev.ele('slug').txt(amp(e.slug));
  if (hasHttpUrl) ev.ele('url').txt(amp(e.url));
  ev.ele('title').txt(amp(e.title));
  ev.ele('subtitle').txt(amp(e.subtitle));
  ev.ele('track').txt(amp(e.track ?? ''));
  ev.ele('type').txt(amp(e.type));
  if (e.language) ev.ele('language').txt(amp(e.language));
  ev.ele('abstract').txt(amp(e.abstract));
  ev.ele('description').txt(amp(e.description));
  const persons = ev.ele('persons');
  for (const p of e.persons) persons.ele('person', { id: String(p.id) }).txt(amp(p.name));
  ev.ele('links');
}
