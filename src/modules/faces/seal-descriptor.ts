import { deriveKey, seal, unseal } from '../../platform/privacy/seal.js';

/**
 * Face descriptors at rest: AES-256-GCM (the platform's sealing primitive) under a key derived from the
 * installation secret (a label of its own, so the key is not the one that seals the event keys). A database dump
 * alone gives no face template.
 */
const sealingKey = (secret: string): Buffer => deriveKey(secret, 'face-descriptor');

export function sealDescriptor(secret: string, descriptor: Float32Array): string {
  return seal(sealingKey(secret), Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength));
}

export function unsealDescriptor(secret: string, sealed: string): Float32Array {
  const plain = unseal(sealingKey(secret), sealed, 'face descriptor');
  return new Float32Array(plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.byteLength));
}
