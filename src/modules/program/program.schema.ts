import { z } from 'zod';
import { EventView } from '../events/events.schema.js';
import { Bilingual, EventDate, EventInstant, Id, LanguageTag, Slug } from '../../platform/schema.js';

export const SESSION_KINDS = ['ceremony', 'plenary', 'forum', 'release', 'side_event', 'closed_door'] as const;
export const SessionKind = z.enum(SESSION_KINDS);
export type SessionKind = z.infer<typeof SessionKind>;

export const PERSON_ROLES = ['speaker', 'moderator', 'host'] as const;
export const PersonRole = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof PersonRole>;

export const InterpretationChannel = z.object({
  channel: z.number().int().min(0).max(99),
  language: LanguageTag,
});
export type InterpretationChannel = z.infer<typeof InterpretationChannel>;

// ---------------------------------------------------------------------------
// Published programme snapshot: what "publish" freezes, what every export reads.
// ---------------------------------------------------------------------------
/** The event as a snapshot freezes it: the events module's view of it. */
export const SnapshotEvent = EventView;
export const SnapshotBoard = z.object({
  id: z.number().int(),
  code: z.string(),
  title: Bilingual(),
  color: z.string().nullable(),
  position: z.number().int(),
});
export const SnapshotVenue = z.object({
  id: z.number().int(),
  name: Bilingual(),
  address: Bilingual(),
});
export const SnapshotRoom = z.object({
  id: z.number().int(),
  venueId: z.number().int().nullable(),
  name: Bilingual(),
  capacity: z.number().int().nullable(),
  floor: z.string().nullable(),
  zone: z.string().nullable(),
  position: z.number().int(),
});
export const SnapshotOrganisation = z.object({
  id: z.number().int(),
  name: Bilingual(),
  kind: z.enum(['organiser', 'co_organiser', 'host']),
  country: z.string().nullable(),
});
export const SnapshotPerson = z.object({
  id: z.number().int(),
  /** the person's own name, order and script */
  name: z.string(),
  /** Latin transliteration for sorting and search */
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  title: Bilingual().nullable(),
  bio: Bilingual(5000).nullable(),
  photoUrl: z.string().nullable(),
});
export const SnapshotSession = z.object({
  id: z.number().int(),
  guid: z.uuid(),
  code: z.string(),
  kind: SessionKind,
  boardId: z.number().int().nullable(),
  title: Bilingual(),
  description: Bilingual(5000),
  languages: z.array(LanguageTag),
  interpretation: z.array(InterpretationChannel),
  roomId: z.number().int().nullable(),
  startsAt: z.string(), // ISO UTC
  endsAt: z.string(),
  expectedAudience: z.number().int().nullable(),
  /** closed-door: visible only to its invitation list */
  closed: z.boolean(),
  people: z.array(z.object({ personId: z.number().int(), role: PersonRole })),
  hostOrganisationIds: z.array(z.number().int()),
});
export const ProgrammeSnapshot = z.object({
  event: SnapshotEvent,
  version: z.number().int(),
  publishedAt: z.string(),
  boards: z.array(SnapshotBoard),
  venues: z.array(SnapshotVenue),
  rooms: z.array(SnapshotRoom),
  organisations: z.array(SnapshotOrganisation),
  people: z.array(SnapshotPerson),
  sessions: z.array(SnapshotSession),
});
export type ProgrammeSnapshot = z.infer<typeof ProgrammeSnapshot>;
/** The published programme with its bilingual fields flattened to one language (`?lang=`). */
export const LocalisedProgramme = ProgrammeSnapshot.extend({
  language: z.enum(['zh', 'en']),
  event: SnapshotEvent.extend({ name: z.string(), venue: z.object({ name: z.string(), address: z.string() }).nullable() }),
  boards: z.array(SnapshotBoard.extend({ title: z.string() })),
  venues: z.array(SnapshotVenue.extend({ name: z.string(), address: z.string() })),
  rooms: z.array(SnapshotRoom.extend({ name: z.string() })),
  organisations: z.array(SnapshotOrganisation.extend({ name: z.string() })),
  people: z.array(SnapshotPerson.extend({ title: z.string().nullable(), bio: z.string().nullable() })),
  sessions: z.array(SnapshotSession.extend({ title: z.string(), description: z.string() })),
});
export type SnapshotSession = z.infer<typeof SnapshotSession>;
export type SnapshotPerson = z.infer<typeof SnapshotPerson>;
export type SnapshotRoom = z.infer<typeof SnapshotRoom>;
export type SnapshotBoard = z.infer<typeof SnapshotBoard>;

// ---------------------------------------------------------------------------
// Programme import: what frab/pretalx import and the demo seed both produce.
// Keys are the source's own identifiers; re-importing the same keys updates.
// ---------------------------------------------------------------------------
export const ImportVenue = z.object({
  key: z.string().min(1).max(200),
  name: Bilingual(300),
  address: Bilingual(500),
});
export const ImportRoom = z.object({
  key: z.string().min(1).max(200),
  name: Bilingual(200),
  venueKey: z.string().max(200).nullable().optional(),
  capacity: z.number().int().positive().max(1_000_000).nullable().optional(),
  floor: z.string().max(50).nullable().optional(),
  zoneCode: z.string().max(50).nullable().optional(),
});
export const ImportBoard = z.object({
  key: z.string().min(1).max(200),
  title: Bilingual(300),
  color: z.string().max(20).nullable().optional(),
});
export const ImportOrganisation = z.object({
  key: z.string().min(1).max(200),
  name: Bilingual(300),
  kind: z.enum(['organiser', 'co_organiser', 'host']),
  country: z.string().max(100).nullable().optional(),
});
export const ImportPerson = z.object({
  key: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  nameLatin: z.string().max(200).optional(),
  organisation: z.string().max(300).nullable().optional(),
  title: Bilingual(300).nullable().optional(),
  bio: Bilingual(5000).nullable().optional(),
  photoUrl: z.string().max(1000).nullable().optional(),
});
export const ImportSession = z.object({
  key: z.string().min(1).max(200),
  guid: z.uuid().optional(),
  code: z.string().max(50).optional(),
  kind: SessionKind,
  boardKey: z.string().nullable().optional(),
  title: Bilingual(500),
  description: Bilingual(5000).optional(),
  languages: z.array(LanguageTag).default([]),
  interpretation: z.array(InterpretationChannel).default([]),
  roomKey: z.string().nullable().optional(),
  startsAt: EventInstant,
  endsAt: EventInstant,
  expectedAudience: z.number().int().nonnegative().max(1_000_000).nullable().optional(),
  people: z.array(z.object({ personKey: z.string(), role: PersonRole })).default([]),
  hostKeys: z.array(z.string()).default([]),
});
export const ImportEvent = z.object({
  slug: Slug,
  name: Bilingual(300),
  timezone: z.string(),
  startDate: EventDate,
  endDate: EventDate,
  languages: z.array(LanguageTag).min(1),
  venue: z.object({ name: Bilingual(300), address: Bilingual(500) }).nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});
export const ProgrammeImport = z.object({
  event: ImportEvent.optional(),
  zones: z.array(z.object({ code: z.string().min(1).max(50), name: Bilingual(200) })).default([]),
  venues: z.array(ImportVenue).default([]),
  rooms: z.array(ImportRoom).default([]),
  boards: z.array(ImportBoard).default([]),
  organisations: z.array(ImportOrganisation).default([]),
  people: z.array(ImportPerson).default([]),
  sessions: z.array(ImportSession).default([]),
});
export type ProgrammeImport = z.infer<typeof ProgrammeImport>;
export type ProgrammeImportInput = z.input<typeof ProgrammeImport>;

// ---------------------------------------------------------------------------
// Editing the draft programme (console and API).
// ---------------------------------------------------------------------------
export const SessionInput = z
  .object({
    code: z.string().min(1).max(50).regex(/^[A-Za-z0-9._-]+$/),
    kind: SessionKind,
    boardId: Id.nullable().optional(),
    title: Bilingual(500),
    description: Bilingual(5000).optional(),
    languages: z.array(LanguageTag).max(10).default([]),
    interpretation: z.array(InterpretationChannel).max(20).default([]),
    roomId: Id.nullable().optional(),
    startsAt: EventInstant,
    endsAt: EventInstant,
    expectedAudience: z.number().int().nonnegative().max(1_000_000).nullable().optional(),
    people: z.array(z.object({ personId: Id, role: PersonRole })).max(100).default([]),
    hostOrganisationIds: z.array(Id).max(50).default([]),
    /** closed-door sessions: the accounts that may see (and later enter) it */
    invitedUserIds: z.array(Id).max(5000).default([]),
  })
  .strict();
export type SessionInput = z.infer<typeof SessionInput>;
export const SessionPatch = z
  .object({
    code: SessionInput.shape.code,
    kind: SessionKind,
    boardId: Id.nullable(),
    title: Bilingual(500),
    description: Bilingual(5000),
    languages: z.array(LanguageTag).max(10),
    interpretation: z.array(InterpretationChannel).max(20),
    roomId: Id.nullable(),
    startsAt: EventInstant,
    endsAt: EventInstant,
    expectedAudience: z.number().int().nonnegative().max(1_000_000).nullable(),
    people: z.array(z.object({ personId: Id, role: PersonRole })).max(100),
    hostOrganisationIds: z.array(Id).max(50),
    invitedUserIds: z.array(Id).max(5000),
  })
  .partial()
  .strict();
export type SessionPatch = z.infer<typeof SessionPatch>;

export const CONFLICT_KINDS = ['room_double_booked', 'person_double_booked', 'outside_event', 'over_capacity'] as const;
export const Conflict = z.object({
  kind: z.enum(CONFLICT_KINDS),
  sessionIds: z.array(z.number().int()),
  roomId: z.number().int().nullable(),
  personId: z.number().int().nullable(),
});
export type Conflict = z.infer<typeof Conflict>;

export const SessionView = SnapshotSession.extend({
  revision: z.number().int(),
  updatedAt: z.string(),
  invitedUserIds: z.array(z.number().int()),
  conflicts: z.array(Conflict),
});
export type SessionView = z.infer<typeof SessionView>;

export const BoardInput = z
  .object({ code: z.string().min(1).max(50), title: Bilingual(300), color: z.string().max(20).nullable().optional(), position: z.number().int().min(0).max(1000).optional() })
  .strict();
export const OrganisationInput = z
  .object({ name: Bilingual(300), kind: z.enum(['organiser', 'co_organiser', 'host']), country: z.string().max(100).nullable().optional() })
  .strict();
export const PersonInput = z
  .object({
    name: z.string().min(1).max(200),
    nameLatin: z.string().max(200).optional(),
    organisation: z.string().max(300).nullable().optional(),
    title: Bilingual(300).nullable().optional(),
    bio: Bilingual(5000).nullable().optional(),
    photoUrl: z.url().max(1000).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
  })
  .strict();
export type PersonInput = z.infer<typeof PersonInput>;

export const ChangeEntry = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  sessionId: z.number().int(),
  code: z.string(),
  title: Bilingual(),
  fields: z.array(z.string()),
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;
export const PublicationView = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.number().int().nullable(),
  changes: z.array(ChangeEntry),
});
