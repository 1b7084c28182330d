import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { CLAIMS_LENGTH, encodeClaims, formatCredential, fromBase64Url, parseCredential, SIGNATURE_LENGTH, toBase64Url, type CredentialClaims } from './credential.js';

const claims: CredentialClaims = { eventId: 7, credentialId: 123_456, guestId: 4_000_001, categoryId: 9, issuedAt: 1_512_000_000, expiresAt: 1_512_600_000 };
const secretKey = ed25519.utils.randomSecretKey();
const publicKey = ed25519.getPublicKey(secretKey);
const signed = (c: CredentialClaims = claims) => {
  const message = encodeClaims(c);
  return formatCredential(message, ed25519.sign(message, secretKey));
};

describe('the badge credential', () => {
  it('is 116 characters after its prefix and reads back the claims it was made from', () => {
    const text = signed();
    expect(text).toMatch(/^HW1\.[A-Za-z0-9_-]{116}$/);
    const parsed = parseCredential(text);
    expect(parsed.ok && parsed.claims).toEqual(claims);
    expect(parsed.ok && ed25519.verify(parsed.signature, parsed.message, publicKey)).toBe(true);
  });

  it('keeps the largest ids and times the fields hold', () => {
    const max = { eventId: 2 ** 32 - 1, credentialId: 2 ** 32 - 1, guestId: 2 ** 32 - 1, categoryId: 2 ** 16 - 1, issuedAt: 2 ** 32 - 1, expiresAt: 2 ** 32 - 1 };
    const parsed = parseCredential(signed(max));
    expect(parsed.ok && parsed.claims).toEqual(max);
  });

  it('no longer verifies when any bit of the claims changes', () => {
    const parsed = parseCredential(signed());
    if (!parsed.ok) throw new Error('did not parse');
    for (let byte = 0; byte < CLAIMS_LENGTH; byte++) {
      const forged = parsed.message.slice();
      forged[byte]! ^= 0x01;
      expect(ed25519.verify(parsed.signature, forged, publicKey)).toBe(false);
    }
  });

  it('tells malformed, truncated and unknown-version texts apart', () => {
    const text = signed();
    expect(parseCredential('')).toEqual({ ok: false, code: 'malformed' });
    expect(parseCredential('https://example.org/ticket/1')).toEqual({ ok: false, code: 'malformed' });
    expect(parseCredential('HW1.***')).toEqual({ ok: false, code: 'malformed' });
    expect(parseCredential(text.slice(0, 60))).toEqual({ ok: false, code: 'truncated' });
    expect(parseCredential(`${text}AAAA`)).toEqual({ ok: false, code: 'malformed' });
    expect(parseCredential(text.replace('HW1.', 'HW2.'))).toEqual({ ok: false, code: 'unknown_version' });
    const bytes = fromBase64Url(text.slice(4))!;
    bytes[0] = 2;
    expect(parseCredential(`HW1.${toBase64Url(bytes)}`)).toEqual({ ok: false, code: 'unknown_version' });
  });

  it('ignores the white space a keyboard-wedge scanner adds', () => {
    expect(parseCredential(`  ${signed()}\r\n`).ok).toBe(true);
  });

  it('encodes base64url the way Node does, for every length', () => {
    for (let n = 0; n <= CLAIMS_LENGTH + SIGNATURE_LENGTH; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
  });
});
