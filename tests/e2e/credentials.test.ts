import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, parseCredential } from '../../src/engines/gate/credential.js';
import { checkCredential, eventKey, issueCredential, revokeCredential } from '../../src/modules/accreditation/index.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { databases, startTestApp, type TestApp } from '../support/harness.js';
import { loadDemoEvent, type DemoIds } from '../support/fixtures.js';

/** The event's signing key and the credentials it signs: what a gate trusts when the network is gone. */
describe.each(databases())('badge credentials on %s', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let categoryId: number;

  const guest = async (status: string, category: number | null = categoryId) => {
    const now = new Date().toISOString();
    const row = await app.deps.db
      .insertInto('guests')
      .values({ event_id: demo.eventId, name: '王小明', name_latin: 'Wang Xiaoming', sort_key: 'wang xiaoming', language: 'zh', status, category_id: category, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    demo = await loadDemoEvent(app);
    categoryId = (await app.deps.db.selectFrom('categories').select('id').where('event_id', '=', demo.eventId).where('code', '=', 'guest').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('keeps the private key sealed in the database and the same pair for every later use', async () => {
    const key = await eventKey(app.deps, demo.eventId);
    const row = await app.deps.db.selectFrom('event_keys').selectAll().where('event_id', '=', demo.eventId).executeTakeFirstOrThrow();
    expect(row.public_key).toBe(key.publicKey);
    expect(fromBase64Url(row.public_key)).toHaveLength(32);
    expect(row.private_key).toMatch(/^v1\./);
    const pkcs8 = key.privateKeyObject.export({ format: 'der', type: 'pkcs8' });
    expect(row.private_key).not.toContain(pkcs8.toString('base64url'));
    expect(row.private_key).not.toContain(pkcs8.subarray(-32).toString('base64url'));
    // another installation secret cannot open it
    await expect(eventKey({ db: app.deps.db, secret: 'another secret that is long enough!!' }, demo.eventId)).resolves.toBe(key);
    const fresh = { db: app.deps.db.withoutPlugins(), secret: 'another secret that is long enough!!' };
    await expect(eventKey(fresh, demo.eventId)).rejects.toThrow();
  });

  it('issues a credential that the browser library verifies with the published public key', async () => {
    const id = await guest('approved');
    const issued = await issueCredential(app.deps, SYSTEM, demo.eventId, id);
    if (!issued.ok) throw new Error(issued.code);
    const parsed = parseCredential(issued.value.payload);
    if (!parsed.ok) throw new Error(parsed.code);
    expect(parsed.claims).toMatchObject({ eventId: demo.eventId, credentialId: issued.value.credentialId, guestId: id, categoryId });
    // valid until the day after the event's last day ends in Wuzhen: 2017-12-07 00:00 +08:00
    expect(new Date(parsed.claims.expiresAt * 1000).toISOString()).toBe('2017-12-06T16:00:00.000Z');
    const key = await eventKey(app.deps, demo.eventId);
    expect(ed25519.verify(parsed.signature, parsed.message, fromBase64Url(key.publicKey)!)).toBe(true);
    expect(await checkCredential(app.deps, demo.eventId, issued.value.payload)).toEqual({ ok: true, claims: parsed.claims });
  });

  it('refuses a forged signature and a credential of another event', async () => {
    const issued = await issueCredential(app.deps, SYSTEM, demo.eventId, await guest('approved'));
    if (!issued.ok) throw new Error(issued.code);
    const text = issued.value.payload;
    const flipped = text.slice(0, -2) + (text.at(-2) === 'A' ? 'B' : 'A') + text.at(-1);
    expect(await checkCredential(app.deps, demo.eventId, flipped)).toEqual({ ok: false, code: 'bad_signature' });
    expect(await checkCredential(app.deps, demo.eventId + 1, text)).toEqual({ ok: false, code: 'wrong_event' });
    expect(await checkCredential(app.deps, demo.eventId, text.slice(0, 50))).toEqual({ ok: false, code: 'truncated' });
  });

  it('revokes the old credential when a badge is reprinted, in the same step', async () => {
    const id = await guest('approved');
    const first = await issueCredential(app.deps, SYSTEM, demo.eventId, id);
    const second = await issueCredential(app.deps, SYSTEM, demo.eventId, id, 'lost badge');
    if (!first.ok || !second.ok) throw new Error('not issued');
    expect(second.value.replaced).toBe(first.value.credentialId);
    const rows = await app.deps.db.selectFrom('credentials').select(['id', 'revoked_at', 'revoke_reason']).where('guest_id', '=', id).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.revoked_at !== null, r.revoke_reason])).toEqual([
      [first.value.credentialId, true, 'lost badge'],
      [second.value.credentialId, false, null],
    ]);
    const revoked = await revokeCredential(app.deps, SYSTEM, demo.eventId, second.value.credentialId, 'withdrawn');
    expect(revoked.ok).toBe(true);
    expect(await revokeCredential(app.deps, SYSTEM, demo.eventId, second.value.credentialId, 'again')).toMatchObject({ ok: false, code: 'credential_already_revoked' });
  });

  it('accredits only approved guests with a category', async () => {
    expect(await issueCredential(app.deps, SYSTEM, demo.eventId, await guest('registered'))).toMatchObject({ ok: false, code: 'guest_not_approved', params: { status: 'registered' } });
    expect(await issueCredential(app.deps, SYSTEM, demo.eventId, await guest('approved', null))).toMatchObject({ ok: false, code: 'guest_without_category' });
    expect(await issueCredential(app.deps, SYSTEM, demo.eventId, 999_999)).toMatchObject({ ok: false, code: 'not_found', field: 'guestId' });
  });
});
