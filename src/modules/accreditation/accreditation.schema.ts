import { z } from 'zod';
import { Id, IdParam, IdParams, Instant, Slug } from '../../platform/schema.js';

/**
 * Accreditation rules: categories granting zones in time windows, gates, and a guest's individual grants and
 * bans. One schema for the routes and the console's forms.
 */

/** Both languages are required: a category's name is printed on badges and shown at gates in either. */
const Name = (max: number) => z.object({ zh: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();
const Bound = Instant.nullable();

export const CategoryCode = z.string().regex(/^[a-z0-9_-]{1,50}$/);
export const GateCode = z.string().regex(/^[A-Za-z0-9_-]{1,50}$/);
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** One zone a category opens, in a window; null bounds mean from the event's start or until its end. */
export const ZoneWindow = z.object({ zoneId: Id, startsAt: Bound.default(null), endsAt: Bound.default(null) }).strict();
export type ZoneWindow = z.infer<typeof ZoneWindow>;

export const CategoryInput = z
  .object({
    code: CategoryCode,
    name: Name(200),
    color: Color,
    position: z.number().int().min(0).max(10_000).optional(),
    /** replaced as a whole on every save */
    zones: z.array(ZoneWindow).max(200).default([]),
  })
  .strict();
export type CategoryInput = z.infer<typeof CategoryInput>;
export const CategoryPatch = z
  .object({ code: CategoryCode, name: Name(200), color: Color, position: z.number().int().min(0).max(10_000), zones: z.array(ZoneWindow).max(200) })
  .partial()
  .strict();
export type CategoryPatch = z.infer<typeof CategoryPatch>;

const Bi = z.object({ zh: z.string(), en: z.string() });
const Window = { startsAt: z.string().nullable(), endsAt: z.string().nullable() };

export const CategoryView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: Bi,
  color: z.string(),
  position: z.number().int(),
  zones: z.array(z.object({ zoneId: z.number().int(), ...Window })),
  /** guests holding the category: a category in use cannot be deleted */
  guests: z.number().int(),
});
export type CategoryView = z.infer<typeof CategoryView>;

export const GateInput = z
  .object({
    code: GateCode,
    name: Name(200),
    zoneId: Id,
    /** the room whose sessions the gate guards (capacity, invitation list); null for an open area */
    roomId: Id.nullable().default(null),
    /** refuse a second entry of someone already inside, and an exit of someone not inside */
    antiPassback: z.boolean().default(true),
  })
  .strict();
export type GateInput = z.infer<typeof GateInput>;
export const GatePatch = z
  .object({ code: GateCode, name: Name(200), zoneId: Id, roomId: Id.nullable(), antiPassback: z.boolean() })
  .partial()
  .strict();
export type GatePatch = z.infer<typeof GatePatch>;

export const GateView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: Bi,
  zoneId: z.number().int(),
  roomId: z.number().int().nullable(),
  antiPassback: z.boolean(),
});
export type GateView = z.infer<typeof GateView>;

export const OVERRIDE_KINDS = ['grant', 'ban'] as const;
export const OverrideKind = z.enum(OVERRIDE_KINDS);

export const OverrideInput = z
  .object({
    zoneId: Id,
    kind: OverrideKind,
    startsAt: Bound.optional(),
    endsAt: Bound.optional(),
    /** why: kept with the rule and in the audit log */
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type OverrideInput = z.infer<typeof OverrideInput>;

export const OverrideView = z.object({
  id: z.number().int(),
  guestId: z.number().int(),
  zoneId: z.number().int(),
  kind: OverrideKind,
  ...Window,
  reason: z.string().nullable(),
});
export type OverrideView = z.infer<typeof OverrideView>;

export const OverrideParams = IdParams.extend({ overrideId: IdParam });
export const Deleted = z.object({ id: z.number().int() });
export { IdParams, Slug };
