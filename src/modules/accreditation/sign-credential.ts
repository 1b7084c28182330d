import { sign, verify } from 'node:crypto';
import { encodeClaims, formatCredential, parseCredential, type CredentialClaims } from '../../engines/gate/credential.js';
import type { Deps } from '../../platform/deps.js';
import { eventKey } from './event-keys.js';

/** Signs claims with the event's private key into the QR text. */
export async function signCredential(deps: Pick<Deps, 'db' | 'secret'>, claims: CredentialClaims): Promise<string> {
  const key = await eventKey(deps, claims.eventId);
  const message = encodeClaims(claims);
  return formatCredential(message, new Uint8Array(sign(null, message, key.privateKeyObject)));
}

export type CheckedCredential =
  | { ok: true; claims: CredentialClaims }
  | { ok: false; code: 'malformed' | 'truncated' | 'unknown_version' | 'wrong_event' | 'bad_signature' };

/** Parses and verifies a scanned text against the event's public key (node:crypto; the station uses noble). */
export async function checkCredential(deps: Pick<Deps, 'db' | 'secret'>, eventId: number, text: string): Promise<CheckedCredential> {
  const parsed = parseCredential(text);
  if (!parsed.ok) return parsed;
  if (parsed.claims.eventId !== eventId) return { ok: false, code: 'wrong_event' };
  const key = await eventKey(deps, eventId);
  const good = verify(null, parsed.message, key.publicKeyObject, parsed.signature);
  return good ? { ok: true, claims: parsed.claims } : { ok: false, code: 'bad_signature' };
}
