import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Identity-document numbers encrypted at rest: each guest's registration JSON keeps `identity.numberSealed`
 * (AES-256-GCM, `v1.<iv>.<tag>.<body>` base64url, key sha256("huiwu:identity-document:" + installation secret))
 * and `identity.numberHash` (HMAC-SHA256 of the number without spaces in upper case, key
 * sha256("huiwu:identity-document-hash:" + secret)) instead of `identity.number`. The installation secret is
 * HUIWU_SECRET, else the one kept in settings (created here as the platform would, if rows need it first). This
 * file repeats the sealing format on purpose: a migration never imports app code.
 */
const key = (secret: string, label: string) => createHash('sha256').update(`huiwu:${label}:${secret}`).digest();

async function installationSecret(db: Kysely<unknown>): Promise<string> {
  const configured = process.env['HUIWU_SECRET'];
  if (configured) return configured;
  const read = async () => (await sql<{ value: string }>`select value from settings where key = 'secret'`.execute(db)).rows[0]?.value;
  const stored = await read();
  if (stored) return stored;
  await sql`insert into settings (key, value) values ('secret', ${randomBytes(32).toString('base64url')}) on conflict (key) do nothing`.execute(db);
  return (await read())!;
}

interface Row {
  id: number;
  registration: string;
}
type Identity = Record<string, unknown>;

async function rewrite(db: Kysely<unknown>, change: (identity: Identity, secret: string) => Identity | null): Promise<void> {
  const { rows } = await sql<Row>`select id, registration from guests where registration is not null`.execute(db);
  let secret: string | undefined;
  for (const row of rows) {
    const details = JSON.parse(row.registration) as { identity?: Identity } | null;
    if (!details?.identity) continue;
    secret ??= await installationSecret(db);
    const identity = change(details.identity, secret);
    if (!identity) continue;
    await sql`update guests set registration = ${JSON.stringify({ ...details, identity })} where id = ${row.id}`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await rewrite(db, (identity, secret) => {
    const { number, ...rest } = identity;
    if (typeof number !== 'string') return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key(secret, 'identity-document'), iv);
    const body = Buffer.concat([cipher.update(Buffer.from(number, 'utf8')), cipher.final()]);
    const numberSealed = ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    const numberHash = createHmac('sha256', key(secret, 'identity-document-hash')).update(number.replace(/\s+/g, '').toUpperCase()).digest('hex');
    return { ...rest, numberSealed, numberHash };
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rewrite(db, (identity, secret) => {
    const { numberSealed, numberHash: _hash, ...rest } = identity;
    if (typeof numberSealed !== 'string') return null;
    const [, iv, tag, body] = numberSealed.split('.');
    const decipher = createDecipheriv('aes-256-gcm', key(secret, 'identity-document'), Buffer.from(iv!, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
    return { ...rest, number: Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8') };
  });
}
