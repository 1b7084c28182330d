import { type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, QueryNode, type RootOperationNode, sql, type UnknownRow } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import type { Db } from '../../src/platform/db/database.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent } from '../support/fixtures.js';

const EV = '/api/v1/events/wic2017';

/**
 * Blinds the permit checks: every read of vehicle_permits answers nothing, as if each create had read before any
 * other wrote. What is left to stop a second permit of a plate is the unique index (migration 0013).
 */
class BlindPermitReads implements KyselyPlugin {
  blinded = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind !== 'SelectQueryNode') return node;
    const from = (node.from?.froms[0] as { table?: { identifier?: { name?: string } } } | undefined)?.table?.identifier?.name;
    if (from !== 'vehicle_permits') return node;
    this.blinded++;
    return QueryNode.cloneWithWhere(node, sql`1 = 0`.toOperationNode());
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe.each(databases())('vehicle permits: one unrevoked permit per plate, also under concurrent creates (%s)', (kind) => {
  let app: TestApp;
  let organiser: Session;
  let origin: string;
  let plain: Db;
  let eventId: number;

  /** One POST over a real socket, as a browser sends it. */
  const create = (plate: string) =>
    fetch(`${origin}${EV}/vehicle-permits`, {
      method: 'POST',
      headers: { cookie: organiser.cookie, 'x-csrf-token': organiser.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ plate, zones: ['PARK'], owner: 'Protocol office' }),
    });
  const live = (plate: string) =>
    app.deps.db.selectFrom('vehicle_permits').select('id').where('event_id', '=', eventId).where('plate', '=', plate).where('revoked_at', 'is', null).execute();
  /** Eight creates of one plate at once, each spelled another way (the plate is compared normalised). */
  const race = async (spellings: string[]) => {
    const answers = await Promise.all(spellings.map(async (p) => {
      const res = await create(p);
      return { status: res.status, body: (await res.json()) as { id?: number; error?: { code: string; field: string | null } } };
    }));
    return {
      created: answers.filter((a) => a.status === 201).length,
      refused: answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.error?.code} ${a.body.error?.field}`),
    };
  };
  const spell = (province: string, digits: string) => [`${province}A${digits}`, `${province}a ${digits}`, `${province}A·${digits}`, `${province}Ａ${digits}`, `${province}A-${digits}`, `${province}a${digits}`, `${province} A ${digits}`, `${province}A.${digits}`];

  beforeAll(async () => {
    app = await startTestApp(kind);
    plain = app.deps.db;
    eventId = (await loadDemoEvent(app)).eventId;
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    expectStatus(await call(app, organiser, 'POST', `${EV}/zones`, { code: 'PARK', name: { zh: '停车场', en: 'Car park' } }), 201);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterEach(() => {
    app.deps.db = plain;
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('creates one permit of eight concurrent creates of a plate; the others are 409 permit_taken naming the plate', async () => {
    const { created, refused } = await race(spell('浙', '23456'));
    expect([created, refused]).toEqual([1, Array(7).fill('409 permit_taken plate')]);
    expect(await live('浙A23456')).toHaveLength(1);
  });

  it('still creates only one when every create passes its check before any writes: the unique index refuses the rest', async () => {
    const blind = new BlindPermitReads();
    app.deps.db = plain.withPlugin(blind);
    const { created, refused } = await race(spell('沪', '34567'));
    expect(blind.blinded).toBeGreaterThanOrEqual(8);
    expect([created, refused]).toEqual([1, Array(7).fill('409 permit_taken plate')]);
    app.deps.db = plain;
    expect(await live('沪A34567')).toHaveLength(1);
    // the database itself refuses a second unrevoked permit of the plate
    const row = await plain.selectFrom('vehicle_permits').selectAll().where('plate', '=', '沪A34567').executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await expect(plain.insertInto('vehicle_permits').values(copy).execute()).rejects.toThrow(/unique|UNIQUE/);
  });

  it('issues the plate again once its permit is revoked, and refuses a plate twice in one import file', async () => {
    const [first] = await live('浙A23456');
    expectStatus(await call(app, organiser, 'PATCH', `${EV}/vehicle-permits/${first!.id}`, { revoked: true, reason: 'Car changed' }), 200);
    const again = await create('浙A 23456');
    expect(again.status).toBe(201);
    expect(await live('浙A23456')).toHaveLength(1);

    const csv = ['plate,type,owner,zones,from,to', '苏B45678,car,X,PARK,,', '苏B 45678,van,Y,PARK,,', '浙A23456,car,Z,PARK,,'].join('\n');
    const res = await call(app, organiser, 'POST', `${EV}/vehicle-permits/import`, { csv });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string }; rows: Array<{ row: number; field: string; code: string }> }>();
    expect([body.error.code, body.rows.map((r) => `${r.row} ${r.code} ${r.field}`)]).toEqual(['permit_import_rows', ['3 permit_taken plate', '4 permit_taken plate']]);
    expect(await live('苏B45678')).toHaveLength(0);
  });
});
