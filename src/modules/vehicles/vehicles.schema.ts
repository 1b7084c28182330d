import { z } from 'zod';
import { Bilingual, Id, IdParams, Instant, Slug } from '../../platform/schema.js';

export const VEHICLE_TYPES = ['car', 'van', 'bus', 'truck', 'motorcycle', 'other'] as const;
export const DECISIONS = ['allow', 'deny', 'officer', 'unread', 'unreadable'] as const;
export const Decision = z.enum(DECISIONS);
export type Decision = z.infer<typeof Decision>;

const Code = z.string().regex(/^[A-Za-z0-9_-]{1,24}$/);
const PlateText = z.string().trim().min(1).max(20);

export const PermitInput = z
  .object({
    plate: PlateText,
    type: z.enum(VEHICLE_TYPES).default('car'),
    guestId: Id.optional(),
    delegationId: Id.optional(),
    owner: z.string().trim().min(1).max(200).optional(),
    /** the event's zone codes the vehicle may enter (car park, VIP drop-off …) */
    zones: z.array(Code).min(1).max(50),
    validFrom: Instant.nullable().default(null),
    validTo: Instant.nullable().default(null),
  })
  .strict();
export type PermitInput = z.output<typeof PermitInput>;

export const PermitPatch = z.object({ revoked: z.literal(true), reason: z.string().trim().min(1).max(500).optional() }).strict();

export const PermitView = z.object({
  id: z.number(),
  plate: z.string().describe('normalised: what matching compares'),
  plateText: z.string(),
  chinesePlate: z.boolean().describe('whether the plate follows the mainland grammar'),
  type: z.string(),
  guestId: z.number().nullable(),
  delegationId: z.number().nullable(),
  owner: z.string().nullable(),
  zones: z.array(z.string()),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type PermitView = z.infer<typeof PermitView>;

export const PermitImport = z.object({ csv: z.string().min(1).max(1_000_000) }).strict();
export const ImportResult = z.object({ imported: z.number() });
export const ImportRowError = z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string() });

/** Permits for the vehicles approved guests gave on their registration form. */
export const PermitsFromRegistrations = z
  .object({
    zones: z.array(Code).min(1).max(50),
    validFrom: Instant.nullable().default(null),
    validTo: Instant.nullable().default(null),
  })
  .strict();
export type PermitsFromRegistrations = z.output<typeof PermitsFromRegistrations>;
export const RegistrationImportResult = z.object({
  imported: z.number(),
  /** plates that already had an unrevoked permit in the event */
  skipped: z.number(),
  /** plates the permit checks refused (refusal code), left out while the others were imported */
  invalid: z.array(z.object({ guestId: z.number(), plate: z.string(), code: z.string() })),
});
export type RegistrationImportResult = z.infer<typeof RegistrationImportResult>;

export const PermitParams = IdParams;

export const CameraInput = z
  .object({
    code: Code,
    name: Bilingual(200),
    /** the zone code the entrance leads into */
    zone: Code,
    direction: z.enum(['entry', 'exit']).default('entry'),
    kind: z.enum(['hikvision', 'dahua', 'json']),
    /** the device account that posts for this camera; any device account of the event when left out */
    device: z.email().max(200).optional(),
  })
  .strict();
export type CameraInput = z.output<typeof CameraInput>;

export const CameraView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  zone: z.string(),
  direction: z.string(),
  kind: z.string(),
  device: z.string().nullable(),
  ingestPath: z.string(),
});
export type CameraView = z.infer<typeof CameraView>;

export const CameraParams = z.object({ slug: Slug, camera: Code });

export const PassageImageParams = IdParams.extend({ n: z.coerce.number().int().min(0).max(7) });

export const PassageQuery = z
  .object({
    camera: Code.optional(),
    decision: Decision.optional(),
    /** passages first seen or seen again after this instant: poll with the newest lastSeenAt */
    since: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const PassageView = z.object({
  id: z.number(),
  camera: z.string(),
  plateRead: z.string().nullable(),
  plate: z.string().nullable(),
  confidence: z.number().nullable(),
  decision: Decision,
  reason: z.string(),
  permitId: z.number().nullable(),
  payloadKind: z.string(),
  payloadSha256: z.string(),
  images: z.array(z.string()),
  cameraTime: z.string().nullable(),
  seenAt: z.string(),
  lastSeenAt: z.string(),
  reports: z.number(),
});
export type PassageView = z.infer<typeof PassageView>;

export const AnprAnswer = z.object({
  recorded: Decision,
  reason: z.string(),
  passage: z.number(),
  plate: z.string().nullable(),
  /** true when the same plate was reported by this camera within 30 s: the earlier passage was updated */
  duplicate: z.boolean(),
});
export type AnprAnswer = z.infer<typeof AnprAnswer>;
