import type { PersonRole, SessionKind } from '../../src/modules/program/program.schema.js';

// The schemas' value lists, restated so the console loads no zod at run time; a Record over each type makes
// a kind added on the server a type error here until it is listed.
export const keys = <K extends string>(record: Record<K, null>) => Object.keys(record) as K[];

export const SESSION_KINDS = keys<SessionKind>({ ceremony: null, plenary: null, forum: null, release: null, side_event: null, closed_door: null });
export const PERSON_ROLES = keys<PersonRole>({ speaker: null, moderator: null, host: null });
