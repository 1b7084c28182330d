import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The one sealing primitive for personal data at rest (face descriptors, identity-document numbers): AES-256-GCM
 * under a key derived from a secret with a label of its own, so each kind of data has its own key and none is the
 * key that seals the event keys. Sealed text is `v1.<iv>.<tag>.<body>`, base64url; a database dump alone gives none
 * of it back.
 */
export function deriveKey(secret: string, label: string): Buffer {
  return createHash('sha256').update(`huiwu:${label}:${secret}`).digest();
}

export function seal(key: Buffer, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function unseal(key: Buffer, sealed: string, what = 'sealed value'): Buffer {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error(`${what}: unknown sealing format`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

export const isSealed = (text: string): boolean => /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text);

/** A keyed hash (HMAC-SHA256, hex) for finding a sealed value by its clear text without storing the text. */
export function keyedHash(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}
