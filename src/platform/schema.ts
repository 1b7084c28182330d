import { z } from 'zod';

/**
 * The kernel's zod primitives, shared by every module's schema (DESIGN conventions §3). No custom messages:
 * zod words them in the caller's language (zh-CN or en).
 */

/** PostgreSQL's `integer` (int4): every id column holds at most this; a bigger id cannot name a row. */
export const MAX_ID = 2_147_483_647;
/** The largest other integer an `integer` column takes (counts, positions, capacities given in a body). */
export const MAX_INT = MAX_ID;

/** A row id in a JSON body: a positive integer within PostgreSQL's `integer`. */
export const Id = z.number().int().positive().max(MAX_ID);
/** A row id in a path or query string ("42"), coerced to a number, with the same bounds. */
export const IdParam = z.coerce.number().int().positive().max(MAX_ID);
/** A bounded integer for any integer column given in a body. */
export const Int = z.number().int().min(-MAX_INT - 1).max(MAX_INT);

const noNul = (s: string) => !s.includes('\u0000');
/**
 * Text without U+0000: PostgreSQL's text cannot hold it. The HTTP layer refuses a NUL in any string of any
 * request before validation (http/server.ts); this refinement keeps the same rule for the CLI and imports.
 */
export const Text = (max = 2000) => z.string().max(max).refine(noNul);
/** Text that must say something: trimmed, then at least one character. */
export const NonBlankText = (max = 2000) => z.string().trim().min(1).max(max).refine(noNul);

/** Bilingual text is one type everywhere: `{ zh, en }`. */
export const Bilingual = (max = 500) => z.object({ zh: Text(max), en: Text(max) });
export type Bilingual = { zh: string; en: string };

/** ISO-8601 instant with offset or Z; stored and exchanged in UTC. */
export const Instant = z.iso.datetime({ offset: true });

/** Years a real event can fall in: a date or time outside them is a typo (`0001`, `9999`), refused by the schema. */
const IN_EVENT_YEARS = /^(20\d\d|2100)-/;
/** A calendar day of an event (YYYY-MM-DD, years 2000–2100). */
export const EventDate = z.iso.date().regex(IN_EVENT_YEARS);
/** An instant of an event's programme (a session's start or end), years 2000–2100. */
export const EventInstant = Instant.regex(IN_EVENT_YEARS);
/**
 * The longest event, in days from its first to its last: a summit lasts days, an expo season months (a world expo
 * runs six); longer is a mistyped end date, and a year of days is what an export may ever have to emit.
 */
export const MAX_EVENT_DAYS = 366;

/** BCP-47-ish language tag such as "zh", "en", "fr", "zh-CN". */
export const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/);

/** An event's slug: lower-case letters, digits and hyphens, 2–63 characters. */
export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);

/** The path parameters of routes under an event, and of an event's row by id. */
export const SlugParams = z.object({ slug: Slug });
export const IdParams = z.object({ slug: Slug, id: IdParam });
