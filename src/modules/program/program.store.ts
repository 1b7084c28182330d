import type { Selectable } from 'kysely';
import { fromJson, type Db, type Queryable } from '../../platform/db/database.js';
import { eventRooms, eventVenues, toEventView } from '../events/index.js';
import type { EventRow } from '../events/index.js';
import type { PeopleTable, SessionRow } from './program.tables.js';
import type { InterpretationChannel, PersonRole, ProgrammeSnapshot, SessionKind, SnapshotPerson, SnapshotSession } from './program.schema.js';

type Links = Map<number, SnapshotSession['people']>;

export function toSnapshotSession(row: SessionRow, people: Links, hosts: Map<number, number[]>): SnapshotSession {
  return {
    id: row.id,
    guid: row.guid,
    code: row.code,
    kind: row.kind as SessionKind,
    boardId: row.board_id,
    title: { zh: row.title_zh, en: row.title_en },
    description: { zh: row.description_zh, en: row.description_en },
    languages: fromJson<string[]>(row.languages, []),
    interpretation: fromJson<InterpretationChannel[]>(row.interpretation, []),
    roomId: row.room_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    expectedAudience: row.expected_audience,
    closed: row.kind === 'closed_door',
    people: people.get(row.id) ?? [],
    hostOrganisationIds: hosts.get(row.id) ?? [],
  };
}

export function toSnapshotPerson(p: Selectable<PeopleTable>): SnapshotPerson {
  return {
    id: p.id,
    name: p.name,
    nameLatin: p.name_latin,
    organisation: p.organisation,
    title: p.title_zh !== null || p.title_en !== null ? { zh: p.title_zh ?? '', en: p.title_en ?? '' } : null,
    bio: p.bio_zh !== null || p.bio_en !== null ? { zh: p.bio_zh ?? '', en: p.bio_en ?? '' } : null,
    photoUrl: p.photo_url,
  };
}

/** Links of sessions to people and host organisations, for a set of session ids (or a whole event). */
export async function loadLinks(db: Db, eventId: number, sessionIds?: number[]) {
  let peopleQ = db
    .selectFrom('session_people')
    .innerJoin('sessions', 'sessions.id', 'session_people.session_id')
    .select(['session_people.session_id', 'session_people.person_id', 'session_people.role'])
    .where('sessions.event_id', '=', eventId)
    .orderBy('session_people.session_id')
    .orderBy('session_people.position');
  let hostsQ = db
    .selectFrom('session_hosts')
    .innerJoin('sessions', 'sessions.id', 'session_hosts.session_id')
    .select(['session_hosts.session_id', 'session_hosts.organisation_id'])
    .where('sessions.event_id', '=', eventId);
  if (sessionIds) {
    if (sessionIds.length === 0) return { people: new Map() as Links, hosts: new Map<number, number[]>() };
    peopleQ = peopleQ.where('session_people.session_id', 'in', sessionIds);
    hostsQ = hostsQ.where('session_hosts.session_id', 'in', sessionIds);
  }
  const people: Links = new Map();
  for (const r of await peopleQ.execute()) {
    people.set(r.session_id, [...(people.get(r.session_id) ?? []), { personId: r.person_id, role: r.role as PersonRole }]);
  }
  const hosts = new Map<number, number[]>();
  for (const r of await hostsQ.execute()) hosts.set(r.session_id, [...(hosts.get(r.session_id) ?? []), r.organisation_id]);
  return { people, hosts };
}

/** The draft programme as it stands, in the shape of a published snapshot (version 0). */
export async function loadDraft(db: Db, event: EventRow): Promise<ProgrammeSnapshot> {
  const [venues, boards, rooms, organisations, people, sessions, links] = await Promise.all([
    eventVenues(db, event.id),
    db.selectFrom('boards').selectAll().where('event_id', '=', event.id).orderBy('position').orderBy('id').execute(),
    eventRooms(db, event.id),
    db.selectFrom('organisations').selectAll().where('event_id', '=', event.id).orderBy('id').execute(),
    db.selectFrom('people').selectAll().where('event_id', '=', event.id).orderBy('sort_key').orderBy('id').execute(),
    db.selectFrom('sessions').selectAll().where('event_id', '=', event.id).orderBy('starts_at').orderBy('id').execute(),
    loadLinks(db, event.id),
  ]);
  return {
    event: toEventView(event),
    version: 0,
    publishedAt: '',
    boards: boards.map((b) => ({ id: b.id, code: b.code, title: { zh: b.title_zh, en: b.title_en }, color: b.color, position: b.position })),
    venues: venues.map((v) => ({ id: v.id, name: { zh: v.name_zh, en: v.name_en }, address: { zh: v.address_zh, en: v.address_en } })),
    rooms: rooms.map((r) => ({ id: r.id, venueId: r.venue_id, name: { zh: r.name_zh, en: r.name_en }, capacity: r.capacity, floor: r.floor, zone: r.zone_code, position: r.position })),
    organisations: organisations.map((o) => ({ id: o.id, name: { zh: o.name_zh, en: o.name_en }, kind: o.kind as 'host', country: o.country })),
    people: people.map(toSnapshotPerson),
    sessions: sessions.map((s) => toSnapshotSession(s, links.people, links.hosts)),
  };
}

/** The event a board belongs to, or null when there is no such board (a board chair's grant names one). */
export async function boardEvent(db: Db, boardId: number): Promise<number | null> {
  return (await db.selectFrom('boards').select('event_id').where('id', '=', boardId).executeTakeFirst())?.event_id ?? null;
}

/** The ids of the event's sessions in a board (the draft's: what agenda stars refer to). */
export async function sessionIdsOfBoard(q: Queryable, eventId: number, boardId: number): Promise<number[]> {
  return (await q.selectFrom('sessions').select('id').where('event_id', '=', eventId).where('board_id', '=', boardId).execute()).map((r) => r.id);
}

/** Whether any of the event's sessions is held in the room (events asks through its port before deleting a room). */
export async function roomHasSessions(q: Queryable, eventId: number, roomId: number): Promise<boolean> {
  return (await q.selectFrom('sessions').select('id').where('room_id', '=', roomId).where('event_id', '=', eventId).executeTakeFirst()) !== undefined;
}

/** The event a session belongs to, or null when there is no such session (a notice may address its starrers). */
export async function sessionEvent(q: Queryable, sessionId: number): Promise<number | null> {
  return (await q.selectFrom('sessions').select('event_id').where('id', '=', sessionId).executeTakeFirst())?.event_id ?? null;
}
