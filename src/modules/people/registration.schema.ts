import { z } from 'zod';
import { VEHICLE_TYPES } from '../vehicles/vehicles.schema.js';
import { GuestStatus } from './people.schema.js';

const Text = (max: number) => z.string().trim().max(max);
const Day = z.iso.date();
const Instant = z.iso.datetime({ offset: true });

export const IdentityDocument = z
  .object({
    type: z.enum(['passport', 'id_card', 'other']),
    number: z.string().trim().min(3).max(40),
    /** ISO 3166-1 alpha-2 or alpha-3 of the issuing country */
    country: z.string().trim().regex(/^[A-Za-z]{2,3}$/),
    expiry: Day,
  })
  .strict();
export type IdentityDocument = z.infer<typeof IdentityDocument>;

export const Journey = z
  .object({
    mode: z.enum(['flight', 'train', 'car', 'other']),
    /** flight or train number, e.g. CA1701 or G7375 */
    number: Text(20).optional(),
    at: Instant,
    /** airport, station or address */
    place: Text(200).optional(),
  })
  .strict();
export type Journey = z.infer<typeof Journey>;

export const Hotel = z
  .object({
    needed: z.boolean(),
    checkIn: Day.optional(),
    checkOut: Day.optional(),
    roomType: z.enum(['single', 'double', 'shared']).optional(),
    note: Text(500).optional(),
  })
  .strict();
export type Hotel = z.infer<typeof Hotel>;

export const Dietary = z
  .object({
    kind: z.enum(['none', 'vegetarian', 'vegan', 'halal', 'kosher', 'other']),
    allergies: Text(500).optional(),
  })
  .strict();

/** The guest's own vehicle: the organisers import a parking permit from it (issue 6). */
export const GuestVehicle = z
  .object({
    plate: z.string().trim().min(1).max(20),
    type: z.enum(VEHICLE_TYPES),
  })
  .strict();
export type GuestVehicle = z.infer<typeof GuestVehicle>;

/** A BCP 47 language tag such as zh, en, fr or pt-BR. */
const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/);

/** What the invitee gives: everything but consents, the account and the names. */
export const RegistrationDetails = z
  .object({
    identity: IdentityDocument,
    arrival: Journey.nullable().optional(),
    departure: Journey.nullable().optional(),
    hotel: Hotel,
    dietary: Dietary,
    accessibility: Text(1000).optional(),
    languages: z.array(LanguageTag).max(10).default([]),
    vehicle: GuestVehicle.nullable().optional(),
  })
  .strict();
export type RegistrationDetails = z.infer<typeof RegistrationDetails>;

/**
 * Separate consents. Data processing is required to register at all; face recognition at gates and being
 * photographed are each the guest's free choice.
 */
export const ConsentsInput = z
  .object({
    dataProcessing: z.literal(true),
    faceRecognition: z.boolean(),
    photography: z.boolean(),
  })
  .strict();
export type ConsentsInput = z.infer<typeof ConsentsInput>;

const Name = z.string().trim().min(1).max(200);

/** The registration form (PUT): the whole registration each time, optionally corrected names. */
export const RegistrationInput = RegistrationDetails.extend({
  name: Name.optional(),
  nameLatin: Name.optional(),
  consents: ConsentsInput,
  /** given once, creates the guest's account for the attendee app (or links the existing one with that email) */
  password: z.string().min(10).max(200).optional(),
}).strict();
export type RegistrationInput = z.infer<typeof RegistrationInput>;

/** A delegation head registers a member: the same form without an account for the member. */
export const MemberRegistrationInput = RegistrationInput.omit({ password: true }).strict();
export type MemberRegistrationInput = z.infer<typeof MemberRegistrationInput>;

/** Each consent with the time it was given or withdrawn, and who recorded it (null: the guest by link). */
export const Consent = z.object({ given: z.boolean(), at: z.string(), by: z.number().int().nullable() });
export const Consents = z.object({ dataProcessing: Consent, faceRecognition: Consent, photography: Consent });
export type Consents = z.infer<typeof Consents>;

/** Changing these after approval sends the registration back to review; the rest are follow-up fields. */
export const REVIEWED_FIELDS = ['name', 'nameLatin', 'identity'] as const;
export const FOLLOW_UP_FIELDS = ['arrival', 'departure', 'hotel', 'dietary', 'accessibility', 'languages', 'vehicle', 'consents'] as const;
export const REGISTRATION_FIELDS = [...REVIEWED_FIELDS, ...FOLLOW_UP_FIELDS] as const;
export const RegistrationField = z.enum(REGISTRATION_FIELDS);

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** What the invitee (or the signed-in guest) sees of their own registration. */
export const InvitationView = z.object({
  event: z.object({ slug: z.string(), name: Bilingual, startDate: z.string(), endDate: z.string(), timezone: z.string() }),
  guestId: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  language: z.string(),
  email: z.string().nullable(),
  status: GuestStatus,
  delegation: z.object({ name: Bilingual, head: z.boolean() }).nullable(),
  category: Bilingual.nullable(),
  registration: RegistrationDetails.nullable(),
  consents: Consents.nullable(),
  hasPhoto: z.boolean(),
  /** the organisers' reason, when they asked for changes or rejected */
  reviewNote: z.string().nullable(),
  registeredAt: z.string().nullable(),
  /** fields that may be changed now (none once rejected or cancelled) */
  editable: z.array(RegistrationField),
  /** of those, the ones whose change sends an approved registration back to review */
  needsReview: z.array(RegistrationField),
  /** whether an attendee-app account is linked */
  hasAccount: z.boolean(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const PhotoView = z.object({
  guestId: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** false until a face detector (issue 6) is plugged in: then the face's size is checked too */
  faceChecked: z.boolean(),
});
export type PhotoView = z.infer<typeof PhotoView>;

export const TokenParams = z.object({ token: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/) });

/** A member of a delegation as its head sees it: enough to fill in their form again. */
export const DelegationMember = z.object({
  id: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  status: GuestStatus,
  head: z.boolean(),
  registration: RegistrationDetails.nullable(),
  consents: Consents.nullable(),
  hasPhoto: z.boolean(),
  reviewNote: z.string().nullable(),
});
export const DelegationView = z.object({
  delegation: z.object({ id: z.number().int(), code: z.string(), name: Bilingual }),
  members: z.array(DelegationMember),
});
export type DelegationView = z.infer<typeof DelegationView>;
