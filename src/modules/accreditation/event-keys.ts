import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Deps } from '../../platform/deps.js';

/** The event's Ed25519 pair as the process holds it: the raw public key for gates and both KeyObjects. */
export interface EventKey {
  /** base64url of the raw 32-byte public key, as gates receive it */
  publicKey: string;
  publicKeyObject: KeyObject;
  privateKeyObject: KeyObject;
}

/** per database handle, so two apps in one process (tests, a CLI beside a server) never share a key */
const caches = new WeakMap<object, Map<number, EventKey>>();

/**
 * The private key is sealed with AES-256-GCM under a key derived from the installation secret, so a database
 * dump alone cannot mint badges. The pair is made on first use; concurrent first uses agree on one row.
 */
export async function eventKey(deps: Pick<Deps, 'db' | 'secret'>, eventId: number): Promise<EventKey> {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  const cached = cache.get(eventId);
  if (cached) return cached;
  let row = await deps.db.selectFrom('event_keys').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  if (!row) {
    const pair = generateKeyPairSync('ed25519');
    await deps.db
      .insertInto('event_keys')
      .values({
        event_id: eventId,
        public_key: rawPublicKey(pair.publicKey),
        private_key: seal(deps.secret, pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    row = await deps.db.selectFrom('event_keys').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
  }
  const privateKeyObject = createPrivateKey({ key: unseal(deps.secret, row.private_key), format: 'der', type: 'pkcs8' });
  const key: EventKey = { publicKey: row.public_key, publicKeyObject: createPublicKey(privateKeyObject), privateKeyObject };
  cache.set(eventId, key);
  return key;
}


function rawPublicKey(key: KeyObject): string {
  // the SPKI DER of an Ed25519 key is a fixed 12-byte header followed by the 32 raw bytes
  return key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url');
}

function sealingKey(secret: string): Buffer {
  return createHash('sha256').update(`huiwu:event-key:${secret}`).digest();
}

function seal(secret: string, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function unseal(secret: string, sealed: string): Buffer {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('event key: unknown sealing format');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}
