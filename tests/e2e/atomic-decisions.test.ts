import { spawn } from 'node:child_process';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accreditPerson } from '../../src/commands/index.js';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { faceConsentGiven } from '../../src/modules/faces/index.js';
import type { Db } from '../../src/platform/db/database.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { ROOT } from '../support/cli.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent, snapshotDb } from '../support/fixtures.js';
import { registrationForm, seedGuest } from '../support/registration-fixture.js';

const EV = '/api/v1/events/wic2017';
const token = (name: string) => `tok-atomic-${name}-`.padEnd(43, 'x');
type Write = 'insert' | 'update';

/** The table a write names (insert into T / update T), or null for reads and anything else. */
function writeOf(node: RootOperationNode): { write: Write; table: string } | null {
  const nameOf = (t: unknown): string | undefined => (t as { table?: { identifier?: { name?: string } } } | undefined)?.table?.identifier?.name;
  if (node.kind === 'InsertQueryNode') return { write: 'insert', table: nameOf(node.into) ?? '' };
  if (node.kind === 'UpdateQueryNode') return { write: 'update', table: nameOf(node.table) ?? '' };
  return null;
}

/**
 * A failing store: the database refuses the n-th write of a kind to a table (as a full disk or a dropped
 * connection would), counting how often it was reached so a test can tell that the decision got that far.
 */
class FailingWrite implements KyselyPlugin {
  reached = 0;
  constructor(
    private readonly write: Write,
    private readonly table: string,
    private readonly nth = 1,
  ) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const w = writeOf(args.node);
    if (w?.write === this.write && w.table === this.table && ++this.reached === this.nth) throw new Error(`injected failure: ${this.write} ${this.table}`);
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** Fails the first write of any kind that comes after a delete from `table` passed (the withdrawal done, the decision not yet committed). */
class FailingAfterDelete implements KyselyPlugin {
  deleted = false;
  constructor(private readonly table: string) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'DeleteQueryNode') {
      const from = (node.from.froms[0] as { table?: { identifier?: { name?: string } } } | undefined)?.table?.identifier?.name;
      if (from === this.table) this.deleted = true;
    } else if (this.deleted && writeOf(node)) throw new Error(`injected failure after the delete from ${this.table}`);
    return node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe.each(databases())('cross-module decisions are atomic (%s)', (kind) => {
  let app: TestApp;
  let eventId: number;
  let organiser: Session;
  let plain: Db;
  let speaker: number;
  const review = (id: number, body: object) => call(app, organiser, 'POST', `${EV}/guests/${id}/review`, body);
  const patch = (id: number, body: object) => call(app, organiser, 'PATCH', `${EV}/guests/${id}`, body);
  const standing = (id: number) => app.deps.db.selectFrom('guests').select(['status', 'category_id', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
  const current = (id: number) => app.deps.db.selectFrom('credentials').select('id').where('guest_id', '=', id).where('revoked_at', 'is', null).orderBy('id').execute();
  /** Guests whose status and credential disagree: anyone not approved holding a current one, or approved with a category lacking one. */
  const violations = async () => {
    const rows = await app.deps.db
      .selectFrom('guests as g')
      .leftJoin('credentials as c', (j) => j.onRef('c.guest_id', '=', 'g.id').on('c.revoked_at', 'is', null))
      .select(['g.id', 'g.status', 'g.category_id', 'c.id as credential'])
      .where('g.event_id', '=', eventId)
      .execute();
    return rows.filter((r) => (r.status !== 'approved' && r.credential !== null) || (r.status === 'approved' && r.category_id !== null && r.credential === null)).map((r) => r.id);
  };
  /** Everything but the sessions table (a signed-in call touches its own session's last use). */
  const written = async () => {
    const { hashes } = await snapshotDb(app);
    delete hashes['sessions'];
    return hashes;
  };
  const inject = <F extends KyselyPlugin>(fault: F): F => {
    app.deps.db = plain.withPlugin(fault);
    return fault;
  };
  /** A guest of the speaker category, registered by their link; `approved` also approves them (credential issued). */
  const guest = async (name: string, approved = false) => {
    const id = await seedGuest(app, eventId, { token: token(name), name: `Atomic ${name}`, categoryCode: 'speaker' });
    expectStatus(await call(app, null, 'PUT', `/api/v1/invitations/${token(name)}/registration`, registrationForm()), 200);
    if (approved) expectStatus(await review(id, { action: 'approve' }), 200);
    return id;
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { HUIWU_FACE_CHECK: 'off' });
    plain = app.deps.db;
    eventId = (await loadDemoEvent(app)).eventId;
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    speaker = (await app.deps.db.selectFrom('categories').select('id').where('event_id', '=', eventId).where('code', '=', 'speaker').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => {
    app.deps.db = plain;
    expect(await violations()).toEqual([]);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('rolls a rejection back when revoking the credential fails: the guest stays approved with the same valid credential', async () => {
    const id = await guest('reject', true);
    const [credential] = await current(id);
    const before = await written();
    const fault = inject(new FailingWrite('update', 'credentials'));
    const res = await review(id, { action: 'reject', reason: 'Duplicate registration' });
    expect([res.statusCode, fault.reached]).toEqual([500, 1]);
    expect(await written()).toEqual(before);
    expect((await standing(id)).status).toBe('approved');
    expect(await current(id)).toEqual([credential]);

    app.deps.db = plain;
    expectStatus(await review(id, { action: 'reject', reason: 'Duplicate registration' }), 200);
    expect([(await standing(id)).status, await current(id)]).toEqual(['rejected', []]);
  });

  it('rolls "ask for changes" back when revoking fails, and suspends the badge with the status once it succeeds', async () => {
    const id = await guest('changes', true);
    const before = await written();
    const fault = inject(new FailingWrite('update', 'credentials'));
    expect((await review(id, { action: 'request_changes', reason: 'Passport scan unreadable' })).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).status, (await current(id)).length]).toEqual([1, 'approved', 1]);
    expect(await written()).toEqual(before);
    app.deps.db = plain;
    expectStatus(await review(id, { action: 'request_changes', reason: 'Passport scan unreadable' }), 200);
    expect([(await standing(id)).status, await current(id)]).toEqual(['changes_requested', []]);
  });

  it('rolls an approval back when writing the credential fails: the guest stays registered and holds none', async () => {
    const id = await guest('approve-insert');
    const before = await written();
    const fault = inject(new FailingWrite('insert', 'credentials'));
    expect((await review(id, { action: 'approve' })).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).status, await current(id)]).toEqual([1, 'registered', []]);
    expect(await written()).toEqual(before);
  });

  it('rolls an approval back when its last write fails (the signed payload, after status and credential row)', async () => {
    const id = await guest('approve-last');
    const before = await written();
    // the credential's row is inserted, then its payload written: the second update of credentials is the last write
    const fault = inject(new FailingWrite('update', 'credentials'));
    expect((await review(id, { action: 'approve' })).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).status]).toEqual([1, 'registered']);
    expect(await app.deps.db.selectFrom('credentials').select('id').where('guest_id', '=', id).execute()).toEqual([]);
    expect(await written()).toEqual(before);

    app.deps.db = plain;
    expectStatus(await review(id, { action: 'approve' }), 200);
    expect([(await standing(id)).status, (await current(id)).length]).toEqual(['approved', 1]);
  });

  it('refuses an approval whose status write fails before anything else, leaving the guest as they were', async () => {
    const id = await guest('approve-status');
    const before = await written();
    const fault = inject(new FailingWrite('update', 'guests'));
    expect((await review(id, { action: 'approve' })).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).status, await current(id)]).toEqual([1, 'registered', []]);
    expect(await written()).toEqual(before);
  });

  it('publishes no event for a decision that rolled back', async () => {
    const id = await guest('events', true);
    const audited = () => app.deps.db.selectFrom('audit_log').select('type').where('payload', 'like', `%"guestId":${id}%`).orderBy('id').execute();
    const before = await audited();
    inject(new FailingWrite('update', 'credentials'));
    expect((await review(id, { action: 'reject', reason: 'No-show' })).statusCode).toBe(500);
    expect(await audited()).toEqual(before);
    app.deps.db = plain;
    expectStatus(await review(id, { action: 'reject', reason: 'No-show' }), 200);
    expect((await audited()).slice(before.length).map((r) => r.type)).toEqual(['credential.revoked', 'guest.rejected']);
  });

  it('rolls a rejection back when writing its event to the outbox fails: event, status and revocation commit together', async () => {
    const id = await guest('outbox', true);
    const [credential] = await current(id);
    const before = await written();
    const fault = inject(new FailingWrite('insert', 'event_outbox'));
    expect((await review(id, { action: 'reject', reason: 'Outbox down' })).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).status, await current(id)]).toEqual([1, 'approved', [credential]]);
    expect(await written()).toEqual(before);
  });

  it('keeps the category and the old credential when issuing the new category\'s credential fails', async () => {
    const id = await guest('category', true);
    const media = (await app.deps.db.selectFrom('categories').select('id').where('event_id', '=', eventId).where('code', '!=', 'speaker').orderBy('id').executeTakeFirstOrThrow()).id;
    const [old] = await current(id);
    const before = await written();
    const fault = inject(new FailingWrite('insert', 'credentials'));
    expect((await patch(id, { categoryId: media })).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).category_id, await current(id)]).toEqual([1, speaker, [old]]);
    expect(await written()).toEqual(before);

    app.deps.db = plain;
    expectStatus(await patch(id, { categoryId: media }), 200);
    const now = await current(id);
    expect([(await standing(id)).category_id, now.length, now[0]!.id === old!.id]).toEqual([media, 1, false]);
  });

  it('keeps the category when revoking the credential of a removed category fails', async () => {
    const id = await guest('uncategorised', true);
    const before = await written();
    inject(new FailingWrite('update', 'credentials'));
    expect((await patch(id, { categoryId: null })).statusCode).toBe(500);
    expect([(await standing(id)).category_id, (await current(id)).length]).toEqual([speaker, 1]);
    expect(await written()).toEqual(before);
    app.deps.db = plain;
    expectStatus(await patch(id, { categoryId: null }), 200);
    expect([(await standing(id)).category_id, await current(id)]).toEqual([null, []]);
  });

  it('keeps an approved guest approved with their badge when a changed identity cannot revoke it, and sends them back to review once it can', async () => {
    const id = await guest('identity', true);
    const form = registrationForm();
    const changed = { ...form, identity: { ...form.identity, number: 'E99999999' } };
    const before = await written();
    const fault = inject(new FailingWrite('update', 'credentials'));
    expect((await call(app, null, 'PUT', `/api/v1/invitations/${token('identity')}/registration`, changed)).statusCode).toBe(500);
    expect([fault.reached, (await standing(id)).status, (await current(id)).length]).toEqual([1, 'approved', 1]);
    expect(await written()).toEqual(before);

    app.deps.db = plain;
    expectStatus(await call(app, null, 'PUT', `/api/v1/invitations/${token('identity')}/registration`, changed), 200);
    expect([(await standing(id)).status, await current(id)]).toEqual(['registered', []]);
  });

  it('withdraws the face enrolment with the withdrawn consent in one transaction: a failure after the withdrawal keeps both', async () => {
    const id = await guest('face');
    await app.deps.db
      .insertInto('face_enrolments')
      .values({ event_id: eventId, guest_id: id, descriptor: 'v1.sealed', model: 'test', model_version: 'test', face_px: 200, score: 0.99, enrolled_at: new Date().toISOString() })
      .execute();
    const enrolments = () => app.deps.db.selectFrom('face_enrolments').select('id').where('guest_id', '=', id).execute();
    const faceConsent = async () => faceConsentGiven((await app.deps.db.selectFrom('guests').select('consents').where('id', '=', id).executeTakeFirstOrThrow()).consents);
    const form = registrationForm();
    const withdrawn = { ...form, consents: { ...form.consents, faceRecognition: false } };
    const before = await written();
    const fault = inject(new FailingAfterDelete('face_enrolments'));
    expect((await call(app, null, 'PUT', `/api/v1/invitations/${token('face')}/registration`, withdrawn)).statusCode).toBe(500);
    // the withdrawal ran inside the decision, and the write after it (the outbox) failed: the consent and the enrolment stay
    expect([fault.deleted, (await enrolments()).length, await faceConsent()]).toEqual([true, 1, true]);
    expect(await written()).toEqual(before);

    app.deps.db = plain;
    expectStatus(await call(app, null, 'PUT', `/api/v1/invitations/${token('face')}/registration`, withdrawn), 200);
    expect([(await enrolments()).length, await faceConsent()]).toEqual([0, false]);
    const audited = await app.deps.db.selectFrom('audit_log').select('payload').where('type', '=', 'face.withdrawn').execute();
    expect(audited.map((e) => JSON.parse(e.payload) as unknown)).toContainEqual({ guestId: id, reason: 'consent_withdrawn' });
  });

  it('accredits a person (category and credential) in one transaction, or neither', async () => {
    const id = await guest('accredit', true);
    expectStatus(await patch(id, { categoryId: null }), 200);
    const before = await written();
    inject(new FailingWrite('insert', 'credentials'));
    await expect(accreditPerson(app.deps, SYSTEM, eventId, { guestId: id, categoryId: speaker })).rejects.toThrow(/injected failure/);
    expect([(await standing(id)).category_id, await current(id)]).toEqual([null, []]);
    expect(await written()).toEqual(before);

    app.deps.db = plain;
    const done = await accreditPerson(app.deps, SYSTEM, eventId, { guestId: id, categoryId: speaker });
    expect(done.ok).toBe(true);
    expect([(await standing(id)).category_id, (await current(id)).length]).toEqual([speaker, 1]);
  });

  it('leaves no rejected guest with a valid credential when the process is killed between the status and the revocation', async () => {
    const id = await guest('killed', true);
    const [credential] = await current(id);
    const before = await written();
    const child = await runCrashing(app, id);
    // the child wrote the status, reached the revocation, and died there (SIGKILL: no clean-up code ran)
    expect([child.signal, child.stdout.trim().split('\n')]).toEqual(['SIGKILL', ['status written', 'killed before: update credentials']]);
    expect(await written()).toEqual(before);
    expect([(await standing(id)).status, await current(id)]).toEqual(['approved', [credential]]);
  });
});

/**
 * Rejects `guestId` in a child process on the same database whose store dies (SIGKILL, no chance to roll back or
 * clean up) at the revocation, after the rejected status was written in the decision's transaction.
 */
function runCrashing(app: TestApp, guestId: number): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const env = { ...process.env, ATOMIC_DATABASE: JSON.stringify(app.deps.config.database), ATOMIC_GUEST: String(guestId) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/atomic-decisions.crash.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}
