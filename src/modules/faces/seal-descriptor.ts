import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Face descriptors at rest: AES-256-GCM under a key derived from the installation secret (a label of its own,
 * so the key is not the one that seals the event keys). A database dump alone gives no face template.
 */
function sealingKey(secret: string): Buffer {
  return createHash('sha256').update(`huiwu:face-descriptor:${secret}`).digest();
}

export function sealDescriptor(secret: string, descriptor: Float32Array): string {
  const plain = Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function unsealDescriptor(secret: string, sealed: string): Float32Array {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('face descriptor: unknown sealing format');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  return new Float32Array(plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.byteLength));
}
