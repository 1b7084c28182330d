import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { registrationForm, seedDelegation, seedGuest } from '../support/registration-fixture.js';

// An event of its own, so the counts do not depend on the demo's guests and their plates.
const SLUG = 'plates-2018';
const EV = `/api/v1/events/${SLUG}`;
const FROM = `${EV}/vehicle-permits/from-registrations`;
const inv = (token: string) => `/api/v1/invitations/${token}/registration`;
const token = (name: string) => `tok-veh-${name}-`.padEnd(43, 'x');

interface Vehicle {
  plate: string;
  type: string;
}
interface View {
  guestId: number;
  status: string;
  registration: { vehicle?: Vehicle | null } | null;
}
interface Permit {
  plate: string;
  plateText: string;
  type: string;
  guestId: number | null;
  owner: string | null;
  zones: string[];
  validFrom: string | null;
  validTo: string | null;
  revokedAt: string | null;
}

describe.each(databases())('vehicle permits from registration (%s)', (kind) => {
  let app: TestApp;
  let admin: Session;
  let eventId: number;
  const put = (t: string, vehicle: Vehicle | null | undefined, extra: object = {}) =>
    call(app, null, 'PUT', inv(t), registrationForm({ ...(vehicle !== undefined ? { vehicle } : {}), ...extra }));
  const approve = async (guestId: number) => expectStatus(await call(app, admin, 'POST', `${EV}/guests/${guestId}/review`, { action: 'approve' }), 200);
  /** an invitee who registered with the vehicle and was approved */
  const approvedWith = async (name: string, key: string, vehicle: Vehicle | null) => {
    const guestId = await seedGuest(app, eventId, { token: token(key), name });
    expectStatus(await put(token(key), vehicle), 200);
    await approve(guestId);
    return guestId;
  };
  const permits = async () => (await call(app, admin, 'GET', `${EV}/vehicle-permits`)).json<Permit[]>();
  const importFrom = (body: object, session = admin, url = FROM) => call(app, session, 'POST', url, body);

  beforeAll(async () => {
    app = await startTestApp(kind);
    await loadDemoEvent(app);
    admin = await adminSession(app);
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', {
        slug: SLUG,
        name: { zh: '车证测试', en: 'Plates test' },
        timezone: 'Asia/Shanghai',
        startDate: '2018-06-01',
        endDate: '2018-06-02',
        languages: ['zh', 'en'],
      }),
      201,
    );
    eventId = (await app.deps.db.selectFrom('events').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()).id;
    for (const code of ['PARK', 'VIP']) expectStatus(await call(app, admin, 'POST', `${EV}/zones`, { code, name: { zh: code, en: code } }), 201);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  describe('the registration form', () => {
    let headId: number;
    let memberId: number;
    let head: Session;

    beforeAll(async () => {
      const delegation = await seedDelegation(app, eventId, 'V-FR', '法国代表团', 'French delegation');
      headId = await seedGuest(app, eventId, { token: token('head'), name: 'Claire Martin', delegationId: delegation, delegationHead: true });
      memberId = await seedGuest(app, eventId, { token: token('member'), name: 'Louis Bernard', delegationId: delegation });
    });

    it('keeps the vehicle given by invitation link, trimmed, in its own column, and shows it to the invitee and the signed-in guest', async () => {
      const res = await put(token('head'), { plate: '  浙A 12345 ', type: 'van' }, { password: 'claire-password-1' });
      expectStatus(res, 200);
      expect(res.json<View>().registration!.vehicle).toEqual({ plate: '浙A 12345', type: 'van' });
      const row = await app.deps.db.selectFrom('guests').select(['vehicle', 'registration', 'email']).where('id', '=', headId).executeTakeFirstOrThrow();
      expect(JSON.parse(row.vehicle!)).toEqual({ plate: '浙A 12345', type: 'van' });
      expect(JSON.parse(row.registration!)).not.toHaveProperty('vehicle');
      expect((await call(app, null, 'GET', `/api/v1/invitations/${token('head')}`)).json<View>().registration!.vehicle).toEqual({ plate: '浙A 12345', type: 'van' });
      head = await login(app, row.email!, 'claire-password-1');
      const mine = await call(app, head, 'GET', `${EV}/my/registration`);
      expectStatus(mine, 200);
      expect(mine.json<View>().registration!.vehicle).toEqual({ plate: '浙A 12345', type: 'van' });
    });

    it('lets the guest change the vehicle after approval without a new review, and remove it', async () => {
      await approve(headId);
      const changed = await put(token('head'), { plate: '浙A54321', type: 'car' });
      expectStatus(changed, 200);
      expect([changed.json<View>().status, changed.json<View>().registration!.vehicle]).toEqual(['approved', { plate: '浙A54321', type: 'car' }]);
      expect((await call(app, head, 'GET', `${EV}/my/registration`)).json<View>().registration!.vehicle).toEqual({ plate: '浙A54321', type: 'car' });
      const removed = await put(token('head'), null);
      expect([removed.json<View>().status, removed.json<View>().registration!.vehicle]).toEqual(['approved', null]);
      const row = await app.deps.db.selectFrom('guests').select('vehicle').where('id', '=', headId).executeTakeFirstOrThrow();
      expect(row.vehicle).toBeNull();
      // a form without the field is a form without a vehicle
      expectStatus(await put(token('head'), { plate: '浙A54321', type: 'car' }), 200);
      expect((await put(token('head'), undefined)).json<View>().registration!.vehicle).toBeNull();
      expect((await call(app, head, 'GET', `${EV}/my/registration`)).json<View>().registration!.vehicle).toBeNull();
    });

    it("lets the delegation head give a member's vehicle, and shows it in the delegation", async () => {
      const res = await call(app, head, 'PUT', `${EV}/my/delegation/members/${memberId}/registration`, registrationForm({ vehicle: { plate: '沪B67890', type: 'bus' } }));
      expectStatus(res, 200);
      expect(res.json<View>().registration!.vehicle).toEqual({ plate: '沪B67890', type: 'bus' });
      const delegation = (await call(app, head, 'GET', `${EV}/my/delegation`)).json<{ members: Array<{ id: number; registration: View['registration'] }> }>();
      expect(delegation.members.map((m) => [m.id, m.registration?.vehicle ?? null])).toEqual([
        [headId, null],
        [memberId, { plate: '沪B67890', type: 'bus' }],
      ]);
    });

    it('refuses an unknown vehicle type, a plate over 20 characters, a blank plate and unknown keys, naming the field, changing nothing', async () => {
      const before = await snapshotDb(app);
      expect(refusalOf(await put(token('member'), { plate: '浙A12345', type: 'spaceship' }))).toBe('400 validation vehicle.type');
      expect(refusalOf(await put(token('member'), { plate: 'x'.repeat(21), type: 'car' }))).toBe('400 validation vehicle.plate');
      expect(refusalOf(await put(token('member'), { plate: '   ', type: 'car' }))).toBe('400 validation vehicle.plate');
      expect(refusalOf(await put(token('member'), { plate: '浙A12345', type: 'car', colour: 'red' } as Vehicle))).toBe('400 validation vehicle.colour');
      expect(await snapshotDb(app)).toEqual(before);
    });
  });

  describe('the import', () => {
    let wangId: number;
    let badId: number;

    beforeAll(async () => {
      wangId = await approvedWith('王伟', 'wang', { plate: '浙A·12345', type: 'car' });
      badId = await approvedWith('Bad Plate', 'bad', { plate: '·-·', type: 'car' });
      await approvedWith('No Car', 'nocar', null);
      // registered, not approved: no permit yet
      await seedGuest(app, eventId, { token: token('waiting'), name: 'Waiting Guest' });
      expectStatus(await put(token('waiting'), { plate: '浙B99999', type: 'car' }), 200);
    });

    it("issues one permit per approved guest's plate, owned by the guest, and reports the plate the checks refuse", async () => {
      const res = await importFrom({ zones: ['PARK', 'VIP'], validFrom: '2018-06-01T00:00:00+08:00', validTo: '2018-06-02T23:59:00+08:00' });
      expectStatus(res, 200);
      expect(res.json()).toEqual({ imported: 1, skipped: 0, invalid: [{ guestId: badId, plate: '·-·', code: 'permit_plate_invalid' }] });
      expect((await permits()).map((p) => [p.plate, p.plateText, p.type, p.guestId, p.owner, p.zones, p.validFrom, p.validTo, p.revokedAt])).toEqual([
        ['浙A12345', '浙A·12345', 'car', wangId, '王伟', ['PARK', 'VIP'], '2018-05-31T16:00:00.000Z', '2018-06-02T15:59:00.000Z', null],
      ]);
      const audit = await app.deps.db.selectFrom('audit_log').select(['type', 'payload']).where('type', '=', 'vehicles.permits_imported').where('event_id', '=', eventId).execute();
      expect(audit.map((a) => JSON.parse(a.payload) as unknown)).toEqual([{ source: 'registration', count: 1, skipped: 0, invalid: 1 }]);
    });

    it('skips a plate that already has a permit when run again, writing no second permit', async () => {
      const res = await importFrom({ zones: ['PARK'] });
      expectStatus(res, 200);
      expect(res.json()).toEqual({ imported: 0, skipped: 1, invalid: [{ guestId: badId, plate: '·-·', code: 'permit_plate_invalid' }] });
      expect((await permits()).length).toBe(1);
    });

    it('issues a permit again once the earlier one is revoked, and imports guests approved since', async () => {
      const [first] = await app.deps.db.selectFrom('vehicle_permits').select('id').where('event_id', '=', eventId).execute();
      expectStatus(await call(app, admin, 'PATCH', `${EV}/vehicle-permits/${first!.id}`, { revoked: true }), 200);
      const lateId = await approvedWith('Late Guest', 'late', { plate: '苏E55555', type: 'truck' });
      const res = await importFrom({ zones: ['VIP'] });
      expect(res.json()).toEqual({ imported: 2, skipped: 0, invalid: [{ guestId: badId, plate: '·-·', code: 'permit_plate_invalid' }] });
      const current = (await permits()).filter((p) => p.revokedAt === null);
      expect(current.map((p) => [p.plate, p.guestId, p.type, p.zones, p.validFrom])).toEqual([
        ['浙A12345', wangId, 'car', ['VIP'], null],
        ['苏E55555', lateId, 'truck', ['VIP'], null],
      ]);
    });

    it('refuses an unknown zone, naming it, and a period ending before it starts, writing nothing', async () => {
      await approvedWith('Another Guest', 'another', { plate: '皖A11111', type: 'car' });
      const before = await snapshotDb(app);
      expect(refusalOf(await importFrom({ zones: ['PARK', 'MOON'] }))).toBe('400 permit_zone_unknown zones.1');
      expect(refusalOf(await importFrom({ zones: ['MOON'] }))).toBe('400 permit_zone_unknown zones.0');
      expect(refusalOf(await importFrom({ zones: ['PARK'], validFrom: '2018-06-02T00:00:00Z', validTo: '2018-06-01T00:00:00Z' }))).toBe('400 ends_before_start validTo');
      expect(refusalOf(await importFrom({ zones: [] }))).toBe('400 validation zones');
      expect(refusalOf(await importFrom({ zones: ['PARK'], owner: 'x' }))).toBe('400 validation owner');
      expect(await snapshotDb(app)).toEqual(before);
    });

    it("refuses the gate staff with 403 and lets the event's organiser import", async () => {
      const wic = '/api/v1/events/wic2017/vehicle-permits/from-registrations';
      const gate = await login(app, 'gate@wic2017.example.org', DEMO_PASSWORD);
      const before = await snapshotDb(app);
      const refused = await importFrom({ zones: ['VIP'] }, gate, wic);
      expectStatus(refused, 403);
      expect(await snapshotDb(app)).toEqual(before);
      expectStatus(await importFrom({ zones: ['VIP'] }, await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD), wic), 200);
    });
  });
});
