import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { bearer, expectStatus, loadDemoEvent } from '../support/fixtures.js';
import { openStream } from '../support/sse.js';

const EV = '/api/v1/events/wic2017';

interface PassageData {
  id: number;
  plate: string;
  reports: number;
  lastSeenAt: string;
}

/**
 * The vehicle-passages stream resumes as EventSource reconnects (to another instance, after one died): with the
 * Last-Event-ID it was last sent, a console gets every passage first seen or seen again while it was away, and
 * nothing it already had. The notices stream's resume is tested in tests/e2e/notices.test.ts and, across a kill -9,
 * in tests/cluster/cluster-nginx.test.ts.
 */
describe.each(databases())('the vehicle-passages stream resumes from Last-Event-ID (%s)', (kind) => {
  let app: TestApp;
  let base: string;
  let organiser: Session;
  let camera: string;

  const seen = async (plate: string) => {
    const res = await app.app.inject({ method: 'POST', url: `${EV}/cameras/PARK-OUT/anpr`, headers: { ...bearer(camera), 'content-type': 'application/json' }, payload: JSON.stringify({ plate }) });
    expectStatus(res, 200);
    return res.json<{ passage: number }>().passage;
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const account = await call(app, organiser, 'POST', `${EV}/accounts`, { email: 'anpr-resume@wic2017.example.org', displayName: 'Gate camera', role: 'device' });
    expectStatus(account, 201);
    camera = account.json<{ token: string }>().token;
    expectStatus(await call(app, organiser, 'POST', `${EV}/zones`, { code: 'PARK', name: { zh: '停车场', en: 'Car park' } }), 201);
    expectStatus(await call(app, organiser, 'POST', `${EV}/cameras`, { code: 'PARK-OUT', name: { zh: 'PARK-OUT', en: 'PARK-OUT' }, zone: 'PARK', kind: 'json', direction: 'exit' }), 201);
    base = await app.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.app.close().catch(() => undefined);
    await app?.dispose();
  });

  it('sends, after the last event the console had, the new passages and the repeats, oldest first', async () => {
    const first = await openStream<PassageData>(base, `${EV}/vehicle-passages/stream`, organiser.cookie);
    let lastId: string;
    let a: number;
    try {
      await first.next('ready');
      a = await seen('浙A1R001');
      const pushed = await first.next('passage');
      expect(pushed.data).toMatchObject({ id: a, plate: '浙A1R001', reports: 1 });
      expect(pushed.id).toBe(`${a}@${Date.parse((pushed.data as PassageData).lastSeenAt)}`);
      lastId = pushed.id!;
    } finally {
      first.close();
    }
    // while the console is away: a new car, and the first one seen again (the same passage, its count up)
    const b = await seen('浙A1R002');
    expect(await seen('浙A1R001')).toBe(a);

    const again = await openStream<PassageData>(base, `${EV}/vehicle-passages/stream`, organiser.cookie, { 'last-event-id': lastId });
    try {
      await again.next('ready');
      const one = await again.next('passage');
      const two = await again.next('passage');
      const caught = [one, two].map((e) => e.data as PassageData).sort((x, y) => x.id - y.id);
      expect(caught.map((p) => [p.id, p.plate, p.reports])).toEqual([
        [a, '浙A1R001', 2],
        [b, '浙A1R002', 1],
      ]);
      // oldest first, as they happened
      expect(Date.parse((one.data as PassageData).lastSeenAt)).toBeLessThanOrEqual(Date.parse((two.data as PassageData).lastSeenAt));
      // and nothing more: the next live passage is the next event
      const c = await seen('浙A1R003');
      expect((await again.next('passage')).data).toMatchObject({ id: c, plate: '浙A1R003' });
      expect(again.events.filter((e) => e.event === 'passage')).toHaveLength(3);
    } finally {
      again.close();
    }
  });

  it('takes a Last-Event-ID it did not send (a bare passage id from before) as nothing to catch up, not as an error', async () => {
    await seen('浙A1R004');
    const stream = await openStream<PassageData>(base, `${EV}/vehicle-passages/stream`, organiser.cookie, { 'last-event-id': '1' });
    try {
      expect(stream.res.status).toBe(200);
      await stream.next('ready');
      const d = await seen('浙A1R005');
      expect((await stream.next('passage')).data).toMatchObject({ id: d });
      expect(stream.events.filter((e) => e.event === 'passage')).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
});
