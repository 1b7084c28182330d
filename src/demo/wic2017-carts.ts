/**
 * The demo's sightseeing-cart network around the Wuzhen venue (illustrative: positions are plausible, not surveyed).
 * Fifteen stops between the convention centre, the expo halls, the hotels and the entrances of the old town, the
 * roads between them (a one-way loop round the convention centre), and a fleet of electric carts. Pure data, shared
 * by the demo loader and the simulator so both run on the same network.
 */
export interface DemoStop {
  code: string;
  name: { zh: string; en: string };
  lat: number;
  lon: number;
}

export const DEMO_STOPS: DemoStop[] = [
  { code: 'CC-N', name: { zh: '会展中心北广场', en: 'Convention Centre North Plaza' }, lat: 30.7452, lon: 120.4826 },
  { code: 'CC-S', name: { zh: '会展中心南入口', en: 'Convention Centre South Entrance' }, lat: 30.7418, lon: 120.4829 },
  { code: 'CC-VIP', name: { zh: '会展中心贵宾落客区', en: 'Convention Centre VIP Drop-off' }, lat: 30.7436, lon: 120.4851 },
  { code: 'EXPO-1', name: { zh: '博览中心 1 号馆', en: 'Expo Hall 1' }, lat: 30.7405, lon: 120.4868 },
  { code: 'EXPO-2', name: { zh: '博览中心 2 号馆', en: 'Expo Hall 2' }, lat: 30.7391, lon: 120.4901 },
  { code: 'PRESS', name: { zh: '新闻中心', en: 'Press Centre' }, lat: 30.7463, lon: 120.4857 },
  { code: 'BANQUET', name: { zh: '宴会厅', en: 'Banquet Hall' }, lat: 30.7441, lon: 120.4795 },
  { code: 'XZ-N', name: { zh: '西栅景区北入口', en: 'Xizha Scenic Area North Entrance' }, lat: 30.7498, lon: 120.4788 },
  { code: 'XZ-THEATRE', name: { zh: '乌镇大剧院', en: 'Wuzhen Grand Theatre' }, lat: 30.7480, lon: 120.4742 },
  { code: 'XZ-INNS', name: { zh: '西栅客栈区', en: 'Xizha Inns' }, lat: 30.7527, lon: 120.4719 },
  { code: 'HOTEL-W', name: { zh: '西区会议酒店', en: 'West Conference Hotels' }, lat: 30.7412, lon: 120.4752 },
  { code: 'HOTEL-E', name: { zh: '东区会议酒店', en: 'East Conference Hotels' }, lat: 30.7436, lon: 120.4932 },
  { code: 'DZ', name: { zh: '东栅景区入口', en: 'Dongzha Scenic Area Entrance' }, lat: 30.7461, lon: 120.4988 },
  { code: 'VISITOR', name: { zh: '游客中心', en: 'Visitor Centre' }, lat: 30.7479, lon: 120.4893 },
  { code: 'P1', name: { zh: 'P1 停车场换乘点', en: 'Car Park P1 Shuttle Hub' }, lat: 30.7378, lon: 120.4815 },
];

/** Road links: [from, to, two-way]. The loop CC-N → CC-VIP → CC-S → BANQUET → CC-N is one-way round the centre. */
const ROADS: Array<[string, string, boolean]> = [
  ['CC-N', 'CC-VIP', false],
  ['CC-VIP', 'CC-S', false],
  ['CC-S', 'BANQUET', false],
  ['BANQUET', 'CC-N', false],
  ['CC-N', 'PRESS', true],
  ['CC-N', 'XZ-N', true],
  ['CC-S', 'EXPO-1', true],
  ['CC-S', 'P1', true],
  ['CC-VIP', 'EXPO-1', true],
  ['EXPO-1', 'EXPO-2', true],
  ['EXPO-2', 'HOTEL-E', true],
  ['HOTEL-E', 'DZ', true],
  ['HOTEL-E', 'VISITOR', true],
  ['VISITOR', 'PRESS', true],
  ['VISITOR', 'DZ', true],
  ['XZ-N', 'XZ-THEATRE', true],
  ['XZ-THEATRE', 'XZ-INNS', true],
  ['XZ-N', 'XZ-INNS', true],
  ['BANQUET', 'HOTEL-W', true],
  ['HOTEL-W', 'XZ-THEATRE', true],
  ['HOTEL-W', 'P1', true],
  ['P1', 'EXPO-1', true],
];

/** Electric sightseeing carts drive slowly among pedestrians; roads wind, so the road is longer than the crow flies. */
export const CART_SPEED_M_PER_S = 4.5;
const ROAD_FACTOR = 1.3;

export function haversineMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export interface DemoLink {
  from: string;
  to: string;
  seconds: number;
  metres: number;
}

export const DEMO_LINKS: DemoLink[] = ROADS.flatMap(([from, to, twoWay]) => {
  const a = DEMO_STOPS.find((s) => s.code === from)!;
  const b = DEMO_STOPS.find((s) => s.code === to)!;
  const metres = Math.round(haversineMetres(a, b) * ROAD_FACTOR);
  const seconds = Math.round(metres / CART_SPEED_M_PER_S);
  const link = { from, to, seconds, metres };
  return twoWay ? [link, { from: to, to: from, seconds, metres }] : [link];
});

export interface DemoCart {
  code: string;
  seats: number;
  accessible: boolean;
  /** the stop where the cart starts its shift */
  home: string;
}

/** Twenty 8-seat carts (every fifth one takes a wheelchair, with 6 seats), spread over the busiest stops. */
export const DEMO_CARTS: DemoCart[] = Array.from({ length: 20 }, (_, i) => {
  const homes = ['CC-N', 'CC-S', 'EXPO-1', 'HOTEL-W', 'HOTEL-E', 'XZ-N', 'P1'];
  const accessible = i % 5 === 4;
  return { code: `C${String(i + 1).padStart(2, '0')}`, seats: accessible ? 6 : 8, accessible, home: homes[i % homes.length]! };
});

/** Guests may wait at most this long for a cart, and ride at most this factor of the direct time. */
export const DEMO_CART_RULES = { maxWaitSeconds: 600, maxRideFactor: 2, noShowSeconds: 120 };
