import { z } from 'zod';
import { Bilingual, IdParam, Slug } from '../../platform/schema.js';
import { GuestStatus } from '../people/people.schema.js';

/** The badge desk's API: find a guest (by name in any script or by the invitation QR), hand out the badge. */

export const DeskSearchQuery = z.object({ q: z.string().trim().min(1).max(200) }).strict();
/** The invitation QR as scanned: the personal link `…/app/register/<token>` or the bare token. */
export const DeskInvitationQuery = z.object({ code: z.string().trim().min(1).max(2000) }).strict();
export const DeskGuestParams = z.object({ slug: Slug, id: IdParam });

/** The desk staff tick that they compared the person with the photo; without it nothing is handed out. */
export const HandOutInput = z.object({ identityChecked: z.literal(true) }).strict();
export type HandOutInput = z.infer<typeof HandOutInput>;

export const DeskGuest = z.object({
  id: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
  status: GuestStatus,
  category: z.object({ code: z.string(), name: Bilingual(), color: z.string() }).nullable(),
  delegation: z.object({ code: z.string(), name: Bilingual() }).nullable(),
  hasPhoto: z.boolean(),
  /** where the photo is served; answers 404 when the guest has none */
  photoUrl: z.string(),
  /** an unrevoked credential exists: a badge can be handed out (gates judge its validity window) */
  credentialCurrent: z.boolean(),
  /** first pickup; later hand-outs keep it */
  badgeCollectedAt: z.string().nullable(),
});
export type DeskGuest = z.infer<typeof DeskGuest>;

export const DeskSearchResult = z.object({ guests: z.array(DeskGuest), truncated: z.boolean() });
export type DeskSearchResult = z.infer<typeof DeskSearchResult>;

export const HandOutResult = z.object({
  /** `handed_out` the first time, `already_collected` after: the badge went out at `badgeCollectedAt` */
  code: z.enum(['handed_out', 'already_collected']),
  badgeCollectedAt: z.string(),
  guest: DeskGuest,
});
export type HandOutResult = z.infer<typeof HandOutResult>;
