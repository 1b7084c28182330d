import type { Db } from '../platform/db/database.js';

/**
 * The demo's accreditation rules (illustrative, not from the source article): nine categories with the zones
 * each opens, some only in time windows, and the gates of the convention centre. Times are Asia/Shanghai
 * (UTC+8) written in UTC: the event runs 3–5 December 2017.
 */
type Window = [startsAt: string | null, endsAt: string | null];
const WHOLE: Window = [null, null];
/** 08:00–18:30 local on each of the three days */
const EXPO_HOURS: Window[] = ['03', '04', '05'].map((d) => [`2017-12-${d}T00:00:00.000Z`, `2017-12-${d}T10:30:00.000Z`]);
/** the morning of the opening ceremony, 07:00–12:30 local on 3 December */
const OPENING_MORNING: Window = ['2017-12-02T23:00:00.000Z', '2017-12-03T04:30:00.000Z'];

export interface DemoCategory {
  code: string;
  name: { zh: string; en: string };
  color: string;
  zones: Record<string, Window[]>;
}

const ALL_ZONES = ['MAIN', 'FORUM', 'VIP', 'PRESS', 'EXPO', 'CLOSED', 'OUTDOOR', 'TOWN'];
const all = (except: string[] = []) => Object.fromEntries(ALL_ZONES.filter((z) => !except.includes(z)).map((z) => [z, [WHOLE]]));

export const DEMO_CATEGORIES: DemoCategory[] = [
  { code: 'vip', name: { zh: '贵宾', en: 'VIP' }, color: '#b8860b', zones: all() },
  { code: 'international_org', name: { zh: '国际组织', en: 'International organisation' }, color: '#1f5fa8', zones: all(['PRESS']) },
  { code: 'speaker', name: { zh: '演讲嘉宾', en: 'Speaker' }, color: '#7b2d8e', zones: all(['PRESS']) },
  { code: 'guest', name: { zh: '嘉宾', en: 'Guest' }, color: '#c0392b', zones: { MAIN: [WHOLE], FORUM: [WHOLE], EXPO: [WHOLE], OUTDOOR: [WHOLE], TOWN: [WHOLE] } },
  { code: 'media', name: { zh: '媒体', en: 'Media' }, color: '#2e8b57', zones: { PRESS: [WHOLE], MAIN: [OPENING_MORNING], FORUM: [WHOLE], EXPO: [WHOLE], TOWN: [WHOLE] } },
  { code: 'exhibitor', name: { zh: '参展商', en: 'Exhibitor' }, color: '#e67e22', zones: { EXPO: EXPO_HOURS, TOWN: [WHOLE] } },
  { code: 'staff', name: { zh: '工作人员', en: 'Staff' }, color: '#34495e', zones: all() },
  { code: 'volunteer', name: { zh: '志愿者', en: 'Volunteer' }, color: '#16a085', zones: all(['VIP', 'CLOSED']) },
  { code: 'driver', name: { zh: '司机', en: 'Driver' }, color: '#7f8c8d', zones: { OUTDOOR: [WHOLE], TOWN: [WHOLE] } },
];

export interface DemoGate {
  code: string;
  name: { zh: string; en: string };
  zone: string;
  room: string | null;
  antiPassback: boolean;
}

export const DEMO_GATES: DemoGate[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ code: `MAIN-${n}`, name: { zh: `主会场 ${n} 号门`, en: `Main Hall gate ${n}` }, zone: 'MAIN', room: 'main-hall', antiPassback: true })),
  ...['a', 'b', 'c', 'd'].map((r) => ({ code: `FORUM-${r.toUpperCase()}`, name: { zh: `分论坛厅 ${r.toUpperCase()} 入口`, en: `Forum Hall ${r.toUpperCase()} door` }, zone: 'FORUM', room: `forum-${r}`, antiPassback: true })),
  { code: 'CLOSED-1', name: { zh: '闭门会议室入口', en: 'Closed-door room door' }, zone: 'CLOSED', room: 'closed-room', antiPassback: true },
  { code: 'VIP-1', name: { zh: '贵宾厅入口', en: 'VIP Lounge door' }, zone: 'VIP', room: 'vip-lounge', antiPassback: false },
  { code: 'PRESS-1', name: { zh: '新闻中心入口', en: 'Press Centre door' }, zone: 'PRESS', room: 'press-centre', antiPassback: false },
  { code: 'EXPO-N', name: { zh: '博览中心北门', en: 'Expo north gate' }, zone: 'EXPO', room: null, antiPassback: true },
  { code: 'EXPO-S', name: { zh: '博览中心南门', en: 'Expo south gate' }, zone: 'EXPO', room: null, antiPassback: true },
];

/** Writes the categories, their zone windows and the gates once (a second run finds them and does nothing). */
export async function loadDemoAccreditation(db: Db, eventId: number): Promise<void> {
  const existing = await db.selectFrom('categories').select('id').where('event_id', '=', eventId).executeTakeFirst();
  if (existing) return;
  await db.transaction().execute(async (trx) => {
    const zones = new Map((await trx.selectFrom('zones').select(['id', 'code']).where('event_id', '=', eventId).execute()).map((z) => [z.code, z.id]));
    const rooms = new Map((await trx.selectFrom('rooms').select(['id', 'external_ref']).where('event_id', '=', eventId).execute()).map((r) => [r.external_ref, r.id]));
    const zoneId = (code: string) => {
      const id = zones.get(code);
      if (id === undefined) throw new Error(`demo accreditation: no zone ${code}`);
      return id;
    };
    for (const [position, c] of DEMO_CATEGORIES.entries()) {
      const row = await trx
        .insertInto('categories')
        .values({ event_id: eventId, code: c.code, name_zh: c.name.zh, name_en: c.name.en, color: c.color, position })
        .returning('id')
        .executeTakeFirstOrThrow();
      const windows = Object.entries(c.zones).flatMap(([zone, ws]) => ws.map(([startsAt, endsAt]) => ({ category_id: row.id, zone_id: zoneId(zone), starts_at: startsAt, ends_at: endsAt })));
      await trx.insertInto('category_zones').values(windows).execute();
    }
    await trx
      .insertInto('gates')
      .values(
        DEMO_GATES.map((g) => ({
          event_id: eventId,
          code: g.code,
          name_zh: g.name.zh,
          name_en: g.name.en,
          zone_id: zoneId(g.zone),
          room_id: g.room ? (rooms.get(g.room) ?? null) : null,
          anti_passback: g.antiPassback ? 1 : 0,
        })),
      )
      .execute();
  });
}
