import { z } from 'zod';
import { Bilingual } from '../../platform/schema.js';

/**
 * The station API: what a gate downloads to decide offline (the bundle) and what it uploads (scans). Documented
 * and stable for third-party scanners; the gate station web app uses exactly these shapes.
 */

export const Direction = z.enum(['entry', 'exit']);
export type Direction = z.infer<typeof Direction>;

/** Why a gate refused (or `admitted`). Stable codes: stations translate them, scanners may switch on them. */
export const VERDICT_CODES = [
  'admitted',
  'malformed',
  'truncated',
  'unknown_version',
  'wrong_event',
  'bad_signature',
  'expired',
  'not_yet_valid',
  'revoked',
  'unknown_gate',
  'not_accredited',
  'banned',
  'wrong_zone',
  'outside_window',
  'not_invited',
  'already_inside',
  'not_inside',
  'session_full',
] as const;
export const VerdictCode = z.enum(VERDICT_CODES);
export type VerdictCode = z.infer<typeof VerdictCode>;

const Iso = z.string().max(40);
/** A window of access; null bounds are open (the whole event). */
export const Window = z.object({ startsAt: Iso.nullable(), endsAt: Iso.nullable() });

export const BundleZone = z.object({ id: z.number().int(), code: z.string(), name: Bilingual() });
export const BundleGate = z.object({
  id: z.number().int(),
  code: z.string(),
  name: Bilingual(),
  zoneId: z.number().int(),
  roomId: z.number().int().nullable(),
  antiPassback: z.boolean(),
});
export const BundleCategory = z.object({
  id: z.number().int(),
  code: z.string(),
  name: Bilingual(),
  color: z.string(),
  zones: z.array(Window.extend({ zoneId: z.number().int() })),
});
export const BundlePerson = z.object({
  guestId: z.number().int(),
  /** the current credential; older ones are in `revoked` */
  credentialId: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  categoryId: z.number().int(),
  delegation: z.string().nullable(),
  /** individual grants and bans on top of the category */
  overrides: z.array(Window.extend({ zoneId: z.number().int(), kind: z.enum(['grant', 'ban']) })),
});
export const BundleSession = z.object({
  id: z.number().int(),
  code: z.string(),
  title: Bilingual(),
  roomId: z.number().int(),
  startsAt: Iso,
  endsAt: Iso,
  /** the room's capacity: a gate of the room refuses entries beyond it (`session_full`) */
  capacity: z.number().int().nullable(),
  /** closed-door: only the guests listed may enter its room while it runs */
  invitationOnly: z.boolean(),
  invited: z.array(z.number().int()),
});

export const GateBundle = z.object({
  /** startDate/endDate: the event's first and last day (YYYY-MM-DD, in its time zone) */
  event: z.object({
    id: z.number().int(),
    slug: z.string(),
    timezone: z.string(),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  /** base64url of the raw Ed25519 public key that signs the badges */
  publicKey: z.string(),
  generatedAt: Iso,
  /** changes whenever anything in the bundle does; send it back as If-None-Match */
  version: z.string(),
  zones: z.array(BundleZone),
  gates: z.array(BundleGate),
  categories: z.array(BundleCategory),
  people: z.array(BundlePerson),
  /** credential ids that must be refused */
  revoked: z.array(z.number().int()),
  sessions: z.array(BundleSession),
  /** who is inside which zone at `generatedAt` (anti-passback continues offline from here) */
  inside: z.array(z.object({ guestId: z.number().int(), zoneId: z.number().int() })),
});
export type GateBundle = z.infer<typeof GateBundle>;

export const ScanInput = z
  .object({
    /** the QR text as scanned */
    credential: z.string().min(1).max(2000),
    /** the gate's code */
    gate: z.string().min(1).max(50),
    direction: Direction,
    /** unique per scan, made by the station; the server applies each nonce once */
    nonce: z.string().min(8).max(100),
    /** when it was scanned (the station's clock; queued scans keep their original time) */
    scannedAt: z.string().datetime({ offset: true }),
    /** the verdict the station gave offline, if it decided without the server */
    offlineVerdict: z.enum(['admit', 'refuse']).optional(),
  })
  .strict();
export type ScanInput = z.infer<typeof ScanInput>;
export const ScanBody = z.union([ScanInput, z.array(ScanInput).min(1).max(5000)]);

export const ScanPerson = z.object({
  guestId: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  category: z.object({ code: z.string(), name: Bilingual(), color: z.string() }).nullable(),
  delegation: z.string().nullable(),
  photoUrl: z.string().nullable(),
});
export type ScanPerson = z.infer<typeof ScanPerson>;

export const ScanResult = z.object({
  nonce: z.string(),
  verdict: z.enum(['admit', 'refuse']),
  code: VerdictCode,
  person: ScanPerson.nullable(),
  /** true when this nonce had been applied before: the answer is the original one */
  duplicate: z.boolean(),
  /** set when the server disagrees with an offline verdict (e.g. `entered_elsewhere`) */
  conflict: z.string().nullable(),
});
export type ScanResult = z.infer<typeof ScanResult>;
