/** Reading frab `schedule.xml` and frab/pretalx `schedule.json` documents into one raw shape. */
export type Obj = Record<string, unknown>;
export type RawPerson = { id?: string; guid?: string; name?: string; biography?: string };
export type RawEvent = { fields: Obj; room: string | undefined; day: string | undefined; persons: RawPerson[] };
/** Both formats read into one shape, so the mapping below is written once. */
export type RawSchedule = {
  conf: Obj;
  tracks: { name?: string; color?: string }[];
  rooms: { name?: string; guid?: string; capacity?: string }[];
  days: string[];
  events: RawEvent[];
  warnings: string[];
};

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
/** Text of a JSON value or an XML element (whose text sits in `#text` once it has attributes). */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return isObj(v) ? text(v['#text']) : undefined;
}
/** JSON keeps identifiers as properties, frab XML as attributes. */
export const field = (o: Obj, key: string): string | undefined => text(o[key]) ?? text(o[`@_${key}`]);
export const cut = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

export const UUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
export const HAN = /\p{Script=Han}/u;
export const LATIN_NAME = /^[\p{Script=Latin}\p{M}\p{N}\s.,'’()&-]+$/u;

export function readPersons(v: unknown): RawPerson[] {
  // JSON: an array of objects; XML: <persons><person id="…">Name</person></persons>
  const items = Array.isArray(v) ? v : isObj(v) ? list(v.person) : [];
  return items.map((p) =>
    isObj(p)
      ? {
          id: field(p, 'id') ?? field(p, 'code'),
          guid: field(p, 'guid'),
          name: text(p.public_name) ?? text(p.name) ?? text(p['#text']),
          biography: text(p.biography),
        }
      : { name: text(p) },
  );
}

export function readJson(doc: unknown): RawSchedule | undefined {
  const sched = isObj(doc) && isObj(doc.schedule) ? doc.schedule : undefined;
  if (!sched || !isObj(sched.conference)) return undefined;
  const conf = sched.conference;
  const warnings: string[] = [];
  const readRoom = (r: Obj) => ({ name: text(r.name), guid: text(r.guid), capacity: text(r.capacity) });
  const rooms = list(conf.rooms).filter(isObj).map(readRoom);
  if (Array.isArray(sched.rooms)) {
    warnings.push('rooms are listed beside the conference instead of inside it: read them anyway');
    rooms.push(...sched.rooms.filter(isObj).map(readRoom));
  }
  const days: string[] = [];
  const events: RawEvent[] = [];
  for (const day of list(conf.days).filter(isObj)) {
    const date = text(day.date);
    if (date) days.push(date);
    for (const [room, items] of Object.entries(isObj(day.rooms) ? day.rooms : {})) {
      for (const e of list(items).filter(isObj)) {
        events.push({ fields: e, room, day: date, persons: readPersons(e.persons) });
      }
    }
  }
  const tracks = list(conf.tracks)
    .filter(isObj)
    .map((t) => ({ name: text(t.name), color: text(t.color) }));
  return { conf, tracks, rooms, days, events, warnings };
}

export function readXml(doc: unknown): RawSchedule | undefined {
  const sched = isObj(doc) && isObj(doc.schedule) ? doc.schedule : undefined;
  if (!sched || !isObj(sched.conference)) return undefined;
  const rooms: RawSchedule['rooms'] = [];
  const days: string[] = [];
  const events: RawEvent[] = [];
  for (const day of list(sched.day).filter(isObj)) {
    const date = field(day, 'date');
    if (date) days.push(date);
    for (const room of list(day.room).filter(isObj)) {
      const name = field(room, 'name');
      rooms.push({ name, guid: field(room, 'guid') });
      for (const e of list(room.event).filter(isObj)) {
        events.push({ fields: e, room: name, day: date, persons: readPersons(e.persons) });
      }
    }
  }
  const tracks = list(sched.conference.track).map((t) =>
    isObj(t) ? { name: field(t, 'name') ?? text(t), color: field(t, 'color') } : { name: text(t) },
  );
  return { conf: sched.conference, tracks, rooms, days, events, warnings: [] };
}
