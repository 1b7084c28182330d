/**
 * The badge credential: a compact, signed QR text a gate verifies offline with the event's public key.
 *
 *   HW1.<base64url( claims (23 bytes) ‖ Ed25519 signature (64 bytes) )>
 *
 * claims = version u8 (1) · eventId u32 · credentialId u32 · guestId u32 · categoryId u16 · issuedAt u32 ·
 * expiresAt u32 (big-endian; times in epoch seconds). 87 bytes make 116 base64url characters, a version-7 QR at
 * level M. Names and zone rules are not inside: the gate bundle carries them, so a change of access needs no
 * reprint, while the signature proves the badge is ours and whose it is. Pure and browser-safe: the server and
 * the gate station run this same file.
 */

export const CREDENTIAL_PREFIX = 'HW1.';
export const CLAIMS_LENGTH = 23;
export const SIGNATURE_LENGTH = 64;
const VERSION = 1;

export interface CredentialClaims {
  eventId: number;
  credentialId: number;
  guestId: number;
  categoryId: number;
  /** epoch seconds */
  issuedAt: number;
  /** epoch seconds */
  expiresAt: number;
}

export type ParsedCredential =
  | { ok: true; claims: CredentialClaims; message: Uint8Array; signature: Uint8Array }
  | { ok: false; code: 'malformed' | 'truncated' | 'unknown_version' };

export function encodeClaims(c: CredentialClaims): Uint8Array {
  const bytes = new Uint8Array(CLAIMS_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  view.setUint32(1, c.eventId);
  view.setUint32(5, c.credentialId);
  view.setUint32(9, c.guestId);
  view.setUint16(13, c.categoryId);
  view.setUint32(15, c.issuedAt);
  view.setUint32(19, c.expiresAt);
  return bytes;
}

export function formatCredential(message: Uint8Array, signature: Uint8Array): string {
  const all = new Uint8Array(message.length + signature.length);
  all.set(message, 0);
  all.set(signature, message.length);
  return CREDENTIAL_PREFIX + toBase64Url(all);
}

/** Splits a scanned text into claims and signature; says why when it cannot (it does not check the signature). */
export function parseCredential(text: string): ParsedCredential {
  const trimmed = text.trim();
  if (!trimmed.startsWith(CREDENTIAL_PREFIX)) {
    return { ok: false, code: /^HW\d+\./.test(trimmed) ? 'unknown_version' : 'malformed' };
  }
  const bytes = fromBase64Url(trimmed.slice(CREDENTIAL_PREFIX.length));
  if (!bytes) return { ok: false, code: 'malformed' };
  if (bytes.length < CLAIMS_LENGTH + SIGNATURE_LENGTH) return { ok: false, code: 'truncated' };
  if (bytes.length > CLAIMS_LENGTH + SIGNATURE_LENGTH) return { ok: false, code: 'malformed' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== VERSION) return { ok: false, code: 'unknown_version' };
  return {
    ok: true,
    claims: {
      eventId: view.getUint32(1),
      credentialId: view.getUint32(5),
      guestId: view.getUint32(9),
      categoryId: view.getUint16(13),
      issuedAt: view.getUint32(15),
      expiresAt: view.getUint32(19),
    },
    message: bytes.slice(0, CLAIMS_LENGTH),
    signature: bytes.slice(CLAIMS_LENGTH),
  };
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** null when the text is not base64url */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
