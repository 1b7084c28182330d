import { deriveKey, isSealed, keyedHash, seal, unseal } from '../../platform/privacy/seal.js';
import type { IdentityDocument, RegistrationDetails } from './registration.schema.js';

/**
 * Identity-document numbers at rest: in the registration JSON the identity carries `numberSealed` (AES-256-GCM
 * under a key derived from the installation secret, label `identity-document`) and `numberHash` (HMAC-SHA256
 * under a key of its own, to find a guest by number without the number), never `number`. Migration 0010 sealed
 * the numbers stored before. Reads that show the number (the desk, the console, the guest's own form) open it.
 */
export interface StoredIdentity extends Omit<IdentityDocument, 'number'> {
  numberSealed?: string;
  numberHash?: string;
  /** only in rows written before migration 0010 */
  number?: string;
}

const sealKey = (secret: string) => deriveKey(secret, 'identity-document');
const hashKey = (secret: string) => deriveKey(secret, 'identity-document-hash');

/** The keyed hash a lookup by number compares with `identity.numberHash` (case and spaces folded). */
export const identityNumberHash = (secret: string, number: string): string => keyedHash(hashKey(secret), number.replace(/\s+/g, '').toUpperCase());

export function sealIdentity(secret: string, identity: IdentityDocument): StoredIdentity {
  const { number, ...rest } = identity;
  return { ...rest, numberSealed: seal(sealKey(secret), Buffer.from(number, 'utf8')), numberHash: identityNumberHash(secret, number) };
}

export function openIdentity(secret: string, stored: StoredIdentity): IdentityDocument {
  const { numberSealed, numberHash: _hash, number, ...rest } = stored;
  const clear = numberSealed && isSealed(numberSealed) ? unseal(sealKey(secret), numberSealed, 'identity-document number').toString('utf8') : (number ?? '');
  return { ...rest, number: clear };
}

/** The registration JSON as stored: the number sealed, the vehicle left to its own column. */
export function storedRegistrationJson(secret: string, details: RegistrationDetails): string {
  return JSON.stringify({ ...details, identity: sealIdentity(secret, details.identity), vehicle: undefined });
}

/** The stored registration with its number opened (a legacy row with a clear number reads as it is). */
export function openRegistration(secret: string, details: (Omit<RegistrationDetails, 'identity'> & { identity: StoredIdentity }) | null): RegistrationDetails | null {
  return details && { ...details, identity: openIdentity(secret, details.identity) };
}

/** Any registration-shaped object (the demo's) as stored: its identity's number sealed. */
export function sealedRegistrationJson(secret: string, registration: { identity: IdentityDocument }): string {
  return JSON.stringify({ ...registration, identity: sealIdentity(secret, registration.identity) });
}
