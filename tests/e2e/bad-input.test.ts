import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { DEMO_CART_RULES, DEMO_LINKS, DEMO_STOPS } from '../../src/demo/wic2017-carts.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { type DemoIds, errorOf, expectStatus, HAN, idOf, loadDemoEvent, refusalOf, snapshotDb, type TABLES } from '../support/fixtures.js';
import { takenRefusal, uniqueViolation } from '../../src/platform/http/errors.js';
import { demoGuestToken, registrationForm } from '../support/registration-fixture.js';

/**
 * Every write route of the API, fed malformed JSON, wrong types, unknown ids, impossible times and oversized
 * strings: each answer is a 4xx naming the field in the caller's language, and the database is unchanged.
 */

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Fixture {
  app: TestApp;
  admin: Session;
  guest: Session;
  demo: DemoIds;
  /** an API token of the guest, which the admin may not revoke */
  guestTokenId: number;
  /** the bearer token of a device account of the demo event (an ANPR camera) */
  device: string;
  /** a second event with one of everything, for ids that exist but belong elsewhere */
  other: { zoneId: number; venueId: number; roomId: number; boardId: number; organisationId: number; personId: number; sessionId: number };
}

type Body = object;
interface Case {
  fact: string;
  /** `status code field`, as `refusalOf` prints it */
  refusal: string;
  /** the JSON body, or a function of the fixture when it needs ids; none is sent when undefined */
  body?: Body | ((f: Fixture) => Body);
  /** sent as is, for bodies that are not JSON */
  raw?: { body: string | Buffer; contentType: string };
  /** when the case needs another URL than the route's own */
  url?: (f: Fixture) => string;
  /** when the case sends another HTTP method than the route's own (one no route serves) */
  method?: string;
}

interface Route {
  method: Method;
  /** as the OpenAPI document spells it */
  path: string;
  who: 'admin' | 'guest' | 'anonymous' | 'device';
  url: (f: Fixture) => string;
  /** a body the route accepts: the shared cases add an unknown key to it, wrap it in an array, leave it out */
  valid?: Body;
  /** the route accepts no body at all */
  bodyOptional?: boolean;
  /** the body limit of the route, when not the server's 1 MiB */
  limit?: number;
  /** the route names no event */
  global?: boolean;
  /** the route records any body it gets (a camera's ingest answers 200 so the camera does not retry): of the shared
   * cases only the size limit and the unknown event apply */
  anyBody?: boolean;
  /** the body is an image (a camera frame), not JSON: the shared cases are a JSON body (415), the size limit and the unknown event */
  imageBody?: boolean;
  cases: Case[];
}

const EV = '/api/v1/events/wic2017';
const MISSING = 999_999;
/** PostgreSQL's integer is int4: one past its largest value names no row and must never reach a query. */
const INT4_OVERFLOW = 2_147_483_648;
const MiB = 1024 * 1024;
const bi = (zh: string, en: string) => ({ zh, en });
const long = (n: number) => 'x'.repeat(n);
/** a well-formed scan (its badge text is not one: recorded, it would be a refusal) */
const SCAN = { credential: 'HW1.not-a-badge', gate: 'MAIN-1', direction: 'entry', nonce: 'bad-input-nonce-1', scannedAt: '2017-12-04T10:00:00+08:00' };
/** a 640 × 480 camera frame without a face */
const GREY_FRAME = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } }).jpeg().toBuffer();
const x = (fact: string, refusal: string, body?: Case['body'], url?: Case['url']): Case => ({ fact, refusal, body, ...(url ? { url } : {}) });

/** The first string inside a body, as a dotted path (`name.zh`), for the U+0000 case. */
function firstString(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return path;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = firstString(v, [...path, k]);
    if (found) return found;
  }
  return null;
}
function withAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === head ? withAt(v, rest, replacement) : v));
  return { ...(value as object), [head]: withAt((value as Record<string, unknown>)[head], rest, replacement) };
}

/** The hard edges every route shares: an id past PostgreSQL's integer, U+0000, a method it does not serve, a URL too long. */
function edgeCases(r: Route): Case[] {
  const cases: Case[] = [];
  // the path's segments line up with the URL's: swap the id parameter's segment for one past int4
  const segments = r.path.split('/');
  for (const name of ['id', 'sessionId', 'overrideId']) {
    const at = segments.indexOf(`{${name}}`);
    if (at < 0) continue;
    const overflow = (f: Fixture) => {
      const [path = '', query] = r.url(f).split('?');
      const parts = path.split('/');
      parts[at] = String(INT4_OVERFLOW);
      return parts.join('/') + (query ? `?${query}` : '');
    };
    cases.push(x(`refuses the ${name} 2147483648 (past PostgreSQL's integer), naming ${name}`, `400 validation ${name}`, r.valid, overflow));
  }
  if (!r.global) cases.push(x('refuses U+0000 in the event slug, naming slug', '400 nul_character slug', r.valid, (f) => r.url(f).replace(EV, '/api/v1/events/wic%002017')));
  const text = r.valid !== undefined && !r.anyBody && !r.imageBody ? firstString(r.valid) : null;
  if (text && text.length > 0) cases.push(x(`refuses U+0000 in ${text.join('.')}, naming it`, `400 nul_character ${text.join('.')}`, withAt(r.valid, text, 'a\u0000b') as Body));
  cases.push({ fact: 'refuses U+0000 in a query parameter, naming it', refusal: '400 nul_character lang', url: (f) => `${r.url(f)}${r.url(f).includes('?') ? '&' : '?'}lang=%00` });
  for (const method of ['QUERY', 'PROPFIND']) {
    cases.push({ fact: `refuses the method ${method} with 405, naming no field`, refusal: '405 method_not_allowed -', method });
  }
  cases.push({ fact: 'refuses a URL over 8 KiB with 414, naming url', refusal: '414 uri_too_long url', url: (f) => `${r.url(f)}${r.url(f).includes('?') ? '&' : '?'}pad=${long(9000)}` });
  return cases;
}

/** The refusals every route shares: unparsable, wrong media type, too large, wrong shape, unknown event. */
function sharedCases(r: Route): Case[] {
  const json = (body: string) => ({ body, contentType: 'application/json' });
  if (r.imageBody) {
    return [
      { fact: 'refuses a JSON body with 415, naming content-type', refusal: '415 unsupported_media_type content-type', raw: json('{}') },
      { fact: 'refuses a body over the size limit with 413, naming body', refusal: '413 body_too_large body', raw: { body: Buffer.alloc((r.limit ?? MiB) + 1, 0xff), contentType: 'image/jpeg' } },
      { fact: 'refuses an unknown event with 404, naming slug', refusal: '404 not_found slug', raw: { body: GREY_FRAME, contentType: 'image/jpeg' }, url: (f) => r.url(f).replace(EV, '/api/v1/events/no-such-event') },
    ];
  }
  const cases: Case[] = [
    ...(r.anyBody
      ? []
      : [
          { fact: 'refuses malformed JSON, naming body', refusal: '400 malformed_json body', raw: json('{"title":') },
          { fact: 'refuses an XML body with 415, naming content-type', refusal: '415 unsupported_media_type content-type', raw: { body: '<title/>', contentType: 'application/xml' } },
        ]),
    { fact: 'refuses a body over the size limit with 413, naming body', refusal: '413 body_too_large body', raw: json(JSON.stringify({ pad: long(r.limit ?? MiB) })) },
  ];
  if (r.valid !== undefined) {
    cases.push(
      x('refuses a JSON array where an object belongs, naming body', '400 validation body', [r.valid]),
      x('refuses an unknown key, naming it', '400 validation colour', { ...r.valid, colour: 'red' }),
    );
    if (!r.bodyOptional) cases.push(x('refuses a missing body, naming body', '400 validation body'));
  }
  if (!r.global) cases.push(x('refuses an unknown event with 404, naming slug', '404 not_found slug', r.valid, (f) => r.url(f).replace(EV, '/api/v1/events/no-such-event')));
  return cases;
}

const validEvent = { slug: 'fresh-2020', name: bi('新活动', 'New event'), timezone: 'Asia/Shanghai', startDate: '2020-01-01', endDate: '2020-01-02', languages: ['zh', 'en'] };
const validSession = { code: 'NEW-1', kind: 'forum', title: bi('新论坛', 'New forum'), startsAt: '2017-12-04T02:00:00Z', endsAt: '2017-12-04T03:00:00Z' };
const event = (extra: object) => ({ ...validEvent, ...extra });
const session = (extra: object) => ({ ...validSession, ...extra });
const account = (extra: object) => ({ email: 'new@example.org', displayName: 'New', role: 'guest', ...extra });
const room = (extra: object) => ({ name: bi('新厅', 'New hall'), ...extra });
const venue = (extra: object) => ({ name: bi('新场馆', 'New venue'), address: bi('乌镇', 'Wuzhen'), ...extra });
const board = (extra: object) => ({ code: 'board-new', title: bi('新板块', 'New board'), ...extra });
const organisation = (extra: object) => ({ name: bi('新机构', 'New org'), kind: 'host', ...extra });
const notice = (extra: object) => ({ title: bi('通知', 'Notice'), body: bi('正文', 'Body'), audience: { kind: 'everyone' }, ...extra });
const category = (extra: object) => ({ code: 'new-cat', name: bi('新类别', 'New category'), color: '#123456', zones: [], ...extra });
const gate = (extra: object) => ({ code: 'NEW-1', name: bi('新门', 'New gate'), ...extra });
const override = (extra: object) => ({ zoneId: 1, kind: 'grant', reason: 'Protocol', ...extra });
/** The demo's cart network as a PUT body, changed by `edit`. */
function cartNetwork(edit: (n: { stops: Array<{ code: string; name: { zh: string; en: string }; lat: number; lon: number; active: boolean }>; links: Array<{ from: string; to: string; seconds: number; metres: number }>; rules: typeof DEMO_CART_RULES }) => unknown = () => undefined) {
  const n = { stops: DEMO_STOPS.map((s) => ({ ...s, name: { ...s.name }, active: true })), links: DEMO_LINKS.map((l) => ({ ...l })), rules: { ...DEMO_CART_RULES } };
  edit(n);
  return n;
}
const cart = (extra: object) => ({ code: 'C30', seats: 8, shiftStart: '00:00', shiftEnd: '24:00', home: 'CC-N', ...extra });
const guestLogin = (password: unknown) => ({ email: 'guest@wic2017.example.org', password });
/** A multipart/form-data upload written out by hand: text fields, then file parts as `[field, file name, content]`. */
function multipart(fields: Record<string, string>, files: Array<[string, string, string]> = []): { body: string; contentType: string } {
  const b = 'huiwu-bad-input';
  const parts = [
    ...Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    ...files.map(([k, name, content]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`),
  ];
  return { body: `${parts.join('')}--${b}--\r\n`, contentType: `multipart/form-data; boundary=${b}` };
}
/** The same upload with the file parts before the text fields. */
function filesFirst(fields: Record<string, string>, files: Array<[string, string, string]>): { body: string; contentType: string } {
  const [file, text] = [multipart({}, files), multipart(fields)];
  return { body: file.body.replace(/--huiwu-bad-input--\r\n$/, '') + text.body, contentType: text.contentType };
}
/** An invitee list the parse route reads without a complaint. */
const GOOD_CSV = 'name,organisation,category,email\r\n张三,浙江大学,guest,zhang.san@example.cn\r\n';
const docFields = (extra: Record<string, string> = {}) => ({ title_zh: '蓝皮书', title_en: 'Blue book', kind: 'blue_book', audience: 'public', ...extra });
const PDF_TEXT = '%PDF-1.4\n%%EOF\n';
const upload = (fact: string, refusal: string, raw: NonNullable<Case['raw']>): Case => ({ fact, refusal, raw });
const F13 = (f: Fixture) => idOf(f.demo.sessions, 'F13');
const at = (path: (f: Fixture) => string | number) => (f: Fixture) => `${EV}/${path(f)}`;

const ROUTES: Route[] = [
  {
    method: 'POST', path: '/api/v1/auth/login', who: 'anonymous', url: () => '/api/v1/auth/login', valid: guestLogin('wrong'), global: true,
    cases: [
      x('refuses a wrong password with 401, naming no field', '401 bad_credentials -', guestLogin('not-the-password')),
      x('refuses an unknown email with 401, naming no field', '401 bad_credentials -', { email: 'nobody@wic2017.example.org', password: 'not-the-password' }),
      x('refuses an email that is not one, naming email', '400 validation email', { email: 'guest', password: 'x' }),
      x('refuses a numeric password, naming password', '400 validation password', guestLogin(12345)),
      x('refuses a 201-character password, naming password', '400 validation password', guestLogin(long(201))),
    ],
  },
  { method: 'POST', path: '/api/v1/auth/logout', who: 'admin', url: () => '/api/v1/auth/logout', global: true, cases: [] },
  {
    method: 'POST', path: '/api/v1/auth/tokens', who: 'admin', url: () => '/api/v1/auth/tokens', valid: { name: 'ci' }, global: true,
    cases: [
      x('refuses an empty token name, naming name', '400 validation name', { name: '' }),
      x('refuses a numeric token name, naming name', '400 validation name', { name: 42 }),
      x('refuses a 101-character token name, naming name', '400 validation name', { name: long(101) }),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/auth/tokens/{id}', who: 'admin', url: (f) => `/api/v1/auth/tokens/${f.guestTokenId}`, global: true,
    cases: [
      x("refuses to revoke another account's token with 404, naming id", '404 not_found id'),
      x('refuses an unknown token with 404, naming id', '404 not_found id', undefined, () => `/api/v1/auth/tokens/${MISSING}`),
      x('refuses the token id "abc", naming id', '400 validation id', undefined, () => '/api/v1/auth/tokens/abc'),
      x('refuses the token id 0, naming id', '400 validation id', undefined, () => '/api/v1/auth/tokens/0'),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/accounts', who: 'admin', url: () => `${EV}/accounts`, valid: account({}),
    cases: [
      x('refuses an email that is not one, naming email', '400 validation email', account({ email: 'new' })),
      x('refuses an unknown role, naming role', '400 validation role', account({ role: 'king' })),
      x('refuses a 201-character display name, naming displayName', '400 validation displayName', account({ displayName: long(201) })),
      x('refuses a password under 10 characters, naming password', '400 validation password', account({ password: 'short' })),
      x('refuses a board chair without a board, naming boardId', '400 board_required boardId', account({ role: 'board_chair' })),
      x('refuses a board id given as text, naming boardId', '400 validation boardId', account({ role: 'board_chair', boardId: '4' })),
      x("refuses the board id 2147483648 (past PostgreSQL's integer), naming boardId", '400 validation boardId', account({ role: 'board_chair', boardId: INT4_OVERFLOW })),
      x('refuses an unknown board with 404, naming boardId', '404 not_found boardId', account({ role: 'board_chair', boardId: MISSING })),
      x("refuses another event's board, naming boardId", '400 wrong_event boardId', (f) => account({ role: 'board_chair', boardId: f.other.boardId })),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events', who: 'admin', url: () => '/api/v1/events', valid: validEvent, global: true,
    cases: [
      x('refuses a duplicate slug with 409, naming slug', '409 slug_taken slug', event({ slug: 'wic2017' })),
      x('refuses a slug with capitals and a space, naming slug', '400 validation slug', event({ slug: 'Fresh 2020' })),
      x('refuses the time zone Mars/Olympus, naming timezone', '400 unknown_timezone timezone', event({ timezone: 'Mars/Olympus' })),
      x('refuses an event that ends before it starts, naming endDate', '400 ends_before_start endDate', event({ endDate: '2019-12-31' })),
      x('refuses an end date decades ahead (9999-12-31), naming endDate', '400 validation endDate', event({ endDate: '9999-12-31' })),
      x('refuses a start in the year 0001, naming startDate', '400 validation startDate', event({ startDate: '0001-01-01' })),
      x('refuses an event of 368 days, naming endDate', '400 event_too_long endDate', event({ endDate: '2021-01-02' })),
      x('refuses the date 2020-13-45, naming startDate', '400 validation startDate', event({ startDate: '2020-13-45' })),
      x('refuses a 301-character name.zh, naming name.zh', '400 validation name.zh', event({ name: bi(long(301), 'New') })),
      x('refuses languages given as a string, naming languages', '400 validation languages', event({ languages: 'zh' })),
      x('refuses an empty language list, naming languages', '400 validation languages', event({ languages: [] })),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}', who: 'admin', url: () => EV, valid: { note: 'x' },
    cases: [
      x("refuses renaming to another event's slug with 409, naming slug", '409 slug_taken slug', { slug: 'other-2018' }),
      x('refuses moving the end decades ahead (9999-12-31), naming endDate', '400 validation endDate', { endDate: '9999-12-31' }),
      x('refuses stretching the event to 368 days, naming endDate', '400 event_too_long endDate', { endDate: '2018-12-05' }),
      x('refuses moving the start 367 days before the end, naming startDate', '400 event_too_long startDate', { startDate: '2016-12-04' }),
      x('refuses the time zone Mars/Olympus, naming timezone', '400 unknown_timezone timezone', { timezone: 'Mars/Olympus' }),
      x('refuses an end date before the current start date, naming endDate', '400 ends_before_start endDate', { endDate: '2017-12-01' }),
      x('refuses a 2001-character note, naming note', '400 validation note', { note: long(2001) }),
      x('refuses a numeric start date, naming startDate', '400 validation startDate', { startDate: 20171203 }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/zones', who: 'admin', url: () => `${EV}/zones`, valid: { code: 'NEW', name: bi('新区', 'New') },
    cases: [
      x('refuses a duplicate zone code with 409, naming code', '409 code_taken code', { code: 'MAIN', name: bi('新区', 'New') }),
      x('refuses a 51-character code, naming code', '400 validation code', { code: long(51), name: bi('新区', 'New') }),
      x('refuses a name without English, naming name.en', '400 validation name.en', { code: 'NEW', name: { zh: '新区' } }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/venues', who: 'admin', url: () => `${EV}/venues`, valid: venue({}),
    cases: [
      x('refuses a venue without an address, naming address', '400 validation address', { name: bi('新场馆', 'New venue') }),
      x('refuses a 301-character name.zh, naming name.zh', '400 validation name.zh', venue({ name: bi(long(301), 'New venue') })),
      x('refuses a 501-character address.en, naming address.en', '400 validation address.en', venue({ address: bi('乌镇', long(501)) })),
      x('refuses a negative position, naming position', '400 validation position', venue({ position: -1 })),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/venues/{id}', who: 'admin', url: at((f) => `venues/${idOf(f.demo.venues, 'wiicec')}`), valid: { position: 1 },
    cases: [
      x('refuses an unknown venue with 404, naming id', '404 not_found id', { position: 1 }, at(() => `venues/${MISSING}`)),
      x("refuses another event's venue with 404, naming id", '404 not_found id', { position: 1 }, at((f) => `venues/${f.other.venueId}`)),
      x('refuses the position "first", naming position', '400 validation position', { position: 'first' }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/rooms', who: 'admin', url: () => `${EV}/rooms`, valid: room({}),
    cases: [
      x('refuses the capacity "big", naming capacity', '400 validation capacity', room({ capacity: 'big' })),
      x('refuses a negative capacity, naming capacity', '400 validation capacity', room({ capacity: -5 })),
      x("refuses the zone id 2147483648 (past PostgreSQL's integer), naming zoneId", '400 validation zoneId', room({ zoneId: INT4_OVERFLOW })),
      x("refuses the venue id 2147483648 (past PostgreSQL's integer), naming venueId", '400 validation venueId', room({ venueId: INT4_OVERFLOW })),
      x('refuses a 51-character floor, naming floor', '400 validation floor', room({ floor: long(51) })),
      x('refuses a 201-character name.zh, naming name.zh', '400 validation name.zh', room({ name: bi(long(201), 'New hall') })),
      x('refuses an unknown zone with 404, naming zoneId', '404 not_found zoneId', room({ zoneId: MISSING })),
      x("refuses another event's zone, naming zoneId", '400 wrong_event zoneId', (f) => room({ zoneId: f.other.zoneId })),
      x('refuses an unknown venue with 404, naming venueId', '404 not_found venueId', room({ venueId: MISSING })),
      x("refuses another event's venue, naming venueId", '400 wrong_event venueId', (f) => room({ venueId: f.other.venueId })),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/rooms/{id}', who: 'admin', url: at((f) => `rooms/${idOf(f.demo.rooms, 'forum-c')}`), valid: { floor: '9F' },
    cases: [
      x('refuses an unknown room with 404, naming id', '404 not_found id', { floor: '9F' }, at(() => `rooms/${MISSING}`)),
      x("refuses another event's room with 404, naming id", '404 not_found id', { floor: '9F' }, at((f) => `rooms/${f.other.roomId}`)),
      x('refuses the room id "abc", naming id', '400 validation id', { floor: '9F' }, at(() => 'rooms/abc')),
      x('refuses the capacity "big", naming capacity', '400 validation capacity', { capacity: 'big' }),
      x("refuses another event's zone, naming zoneId", '400 wrong_event zoneId', (f) => ({ zoneId: f.other.zoneId })),
      x("refuses another event's venue, naming venueId", '400 wrong_event venueId', (f) => ({ venueId: f.other.venueId })),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/rooms/{id}', who: 'admin', url: at((f) => `rooms/${idOf(f.demo.rooms, 'main-hall')}`),
    cases: [
      x('refuses to delete a room that sessions use with 409, naming id', '409 in_use id'),
      x('refuses an unknown room with 404, naming id', '404 not_found id', undefined, at(() => `rooms/${MISSING}`)),
      x("refuses another event's room, in use there, with 404, naming id", '404 not_found id', undefined, at((f) => `rooms/${f.other.roomId}`)),
      x('refuses the room id "abc", naming id', '400 validation id', undefined, at(() => 'rooms/abc')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/boards', who: 'admin', url: () => `${EV}/boards`, valid: board({}),
    cases: [
      x('refuses a duplicate board code with 409, naming code', '409 code_taken code', board({ code: 'board-1' })),
      x('refuses a 51-character code, naming code', '400 validation code', board({ code: long(51) })),
      x('refuses a 301-character title.en, naming title.en', '400 validation title.en', board({ title: bi('新板块', long(301)) })),
      x('refuses a negative position, naming position', '400 validation position', board({ position: -1 })),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/boards/{id}', who: 'admin', url: at((f) => `boards/${idOf(f.demo.boards, 'board-1')}`), valid: { color: '#000000' },
    cases: [
      x('refuses an unknown board with 404, naming id', '404 not_found id', { color: '#000000' }, at(() => `boards/${MISSING}`)),
      x("refuses another event's board with 404, naming id", '404 not_found id', { color: '#000000' }, at((f) => `boards/${f.other.boardId}`)),
      x("refuses another board's code with 409, naming code", '409 code_taken code', { code: 'board-2' }),
      x('refuses the position "first", naming position', '400 validation position', { position: 'first' }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/organisations', who: 'admin', url: () => `${EV}/organisations`, valid: organisation({}),
    cases: [
      x('refuses the kind "pirate", naming kind', '400 validation kind', organisation({ kind: 'pirate' })),
      x('refuses a 101-character country, naming country', '400 validation country', organisation({ country: long(101) })),
      x('refuses an organisation without a name, naming name', '400 validation name', { kind: 'host' }),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/organisations/{id}', who: 'admin', url: at((f) => `organisations/${f.demo.organisations[0]}`), valid: { country: 'CN' },
    cases: [
      x('refuses an unknown organisation with 404, naming id', '404 not_found id', { country: 'CN' }, at(() => `organisations/${MISSING}`)),
      x("refuses another event's organisation with 404, naming id", '404 not_found id', { country: 'CN' }, at((f) => `organisations/${f.other.organisationId}`)),
      x('refuses the kind "pirate", naming kind', '400 validation kind', { kind: 'pirate' }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/people', who: 'admin', url: () => `${EV}/people`, valid: { name: '新人' },
    cases: [
      x('refuses an empty name, naming name', '400 validation name', { name: '' }),
      x('refuses a 201-character name, naming name', '400 validation name', { name: long(201) }),
      x('refuses a photo URL that is not one, naming photoUrl', '400 validation photoUrl', { name: '新人', photoUrl: 'photo' }),
      x('refuses an email that is not one, naming email', '400 validation email', { name: '新人', email: 'someone' }),
      x('refuses a 5001-character bio.zh, naming bio.zh', '400 validation bio.zh', { name: '新人', bio: bi(long(5001), '') }),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/people/{id}', who: 'admin', url: at((f) => `people/${idOf(f.demo.people, 'p-haddad')}`), valid: { organisation: 'x' },
    cases: [
      x('refuses an unknown person with 404, naming id', '404 not_found id', { organisation: 'x' }, at(() => `people/${MISSING}`)),
      x("refuses another event's person with 404, naming id", '404 not_found id', { organisation: 'x' }, at((f) => `people/${f.other.personId}`)),
      x('refuses a numeric name, naming name', '400 validation name', { name: 42 }),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/people/{id}', who: 'admin', url: at((f) => `people/${idOf(f.demo.people, 'p-haddad')}`),
    cases: [
      x('refuses to delete a person on a session with 409, naming id', '409 in_use id'),
      x('refuses an unknown person with 404, naming id', '404 not_found id', undefined, at(() => `people/${MISSING}`)),
      x("refuses another event's person, on a session there, with 404, naming id", '404 not_found id', undefined, at((f) => `people/${f.other.personId}`)),
      x('refuses the person id "abc", naming id', '400 validation id', undefined, at(() => 'people/abc')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/sessions', who: 'admin', url: () => `${EV}/sessions`, valid: validSession,
    cases: [
      x('refuses a session that ends before it starts, naming endsAt', '400 ends_before_start endsAt', session({ endsAt: '2017-12-04T01:00:00Z' })),
      x('refuses a session that ends when it starts, naming endsAt', '400 ends_before_start endsAt', session({ endsAt: validSession.startsAt })),
      x('refuses a session on 2017-11-30, before the event, naming startsAt', '400 outside_event startsAt', session({ startsAt: '2017-11-30T02:00:00Z', endsAt: '2017-11-30T03:00:00Z' })),
      x('refuses a session ending on 2017-12-06, after the event, naming endsAt', '400 outside_event endsAt', session({ endsAt: '2017-12-06T03:00:00Z' })),
      x('refuses a time without a zone, naming startsAt', '400 validation startsAt', session({ startsAt: '2017-12-04 10:00' })),
      x('refuses a session in the year 9999, naming startsAt', '400 validation startsAt', session({ startsAt: '9999-12-04T02:00:00Z', endsAt: '9999-12-04T03:00:00Z' })),
      x('refuses an unknown room with 404, naming roomId', '404 not_found roomId', session({ roomId: MISSING })),
      x("refuses the room id 2147483648 (past PostgreSQL's integer), naming roomId", '400 validation roomId', session({ roomId: INT4_OVERFLOW })),
      x("refuses another event's room, naming roomId", '400 wrong_event roomId', (f) => session({ roomId: f.other.roomId })),
      x("refuses another event's board, naming boardId", '400 wrong_event boardId', (f) => session({ boardId: f.other.boardId })),
      x('refuses an unknown person with 404, naming people.0', '404 not_found people.0', session({ people: [{ personId: MISSING, role: 'speaker' }] })),
      x("refuses another event's person, naming people.1", '400 wrong_event people.1', (f) =>
        session({ people: [{ personId: idOf(f.demo.people, 'p-haddad'), role: 'moderator' }, { personId: f.other.personId, role: 'speaker' }] }),
      ),
      x("refuses another event's host, naming hostOrganisationIds.0", '400 wrong_event hostOrganisationIds.0', (f) => session({ hostOrganisationIds: [f.other.organisationId] })),
      x('refuses an unknown invited account with 404, naming invitedUserIds.0', '404 not_found invitedUserIds.0', session({ invitedUserIds: [MISSING] })),
      x('refuses a 600-character title.zh, naming title.zh', '400 validation title.zh', session({ title: bi(long(600), 'New forum') })),
      x('refuses a duplicate session code with 409, naming code', '409 code_taken code', session({ code: 'F15' })),
      x('refuses a code with a space, naming code', '400 validation code', session({ code: 'NEW 1' })),
      x('refuses the kind "party", naming kind', '400 validation kind', session({ kind: 'party' })),
      x('refuses the expected audience "many", naming expectedAudience', '400 validation expectedAudience', session({ expectedAudience: 'many' })),
      x('refuses the language "Chinese", naming languages.0', '400 validation languages.0', session({ languages: ['Chinese'] })),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/sessions/check', who: 'admin', url: () => `${EV}/sessions/check`, valid: { roomId: null },
    cases: [
      x('refuses a preview that ends before it starts, naming endsAt', '400 ends_before_start endsAt', { startsAt: '2017-12-04T06:00:00Z', endsAt: '2017-12-04T05:00:00Z' }),
      x('refuses a preview on 2017-11-30, naming startsAt', '400 outside_event startsAt', { startsAt: '2017-11-30T02:00:00Z', endsAt: '2017-11-30T03:00:00Z' }),
      x('refuses a preview of an unknown session with 404, naming id', '404 not_found id', { id: MISSING }),
      x("refuses a preview of another event's session with 404, naming id", '404 not_found id', (f) => ({ id: f.other.sessionId })),
      x('refuses the session id "F13", naming id', '400 validation id', { id: 'F13' }),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/sessions/{id}', who: 'admin', url: at((f) => `sessions/${F13(f)}`), valid: { expectedAudience: 10 },
    cases: [
      x('refuses an unknown session with 404, naming id', '404 not_found id', { expectedAudience: 10 }, at(() => `sessions/${MISSING}`)),
      x("refuses another event's session with 404, naming id", '404 not_found id', { expectedAudience: 10 }, at((f) => `sessions/${f.other.sessionId}`)),
      x('refuses a session that would end before it starts, naming endsAt', '400 ends_before_start endsAt', { startsAt: '2017-12-04T06:00:00Z', endsAt: '2017-12-04T05:00:00Z' }),
      x('refuses moving a session to 2017-11-30, naming startsAt', '400 outside_event startsAt', { startsAt: '2017-11-30T02:00:00Z' }),
      x("refuses another event's room, naming roomId", '400 wrong_event roomId', (f) => ({ roomId: f.other.roomId })),
      x("refuses another session's code with 409, naming code", '409 code_taken code', { code: 'F14' }),
      x('refuses a 600-character title.zh, naming title.zh', '400 validation title.zh', { title: bi(long(600), 'x') }),
      x('refuses the room id "main-hall", naming roomId', '400 validation roomId', { roomId: 'main-hall' }),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/sessions/{id}', who: 'admin', url: at((f) => `sessions/${F13(f)}`),
    cases: [
      x('refuses an unknown session with 404, naming id', '404 not_found id', undefined, at(() => `sessions/${MISSING}`)),
      x("refuses another event's session with 404, naming id", '404 not_found id', undefined, at((f) => `sessions/${f.other.sessionId}`)),
      x('refuses the session id "abc", naming id', '400 validation id', undefined, at(() => 'sessions/abc')),
      x('refuses the session id 0, naming id', '400 validation id', undefined, at(() => 'sessions/0')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/publish', who: 'admin', url: () => `${EV}/publish`,
    cases: [x('refuses to publish an event without sessions, naming no field', '400 nothing_to_publish -', undefined, () => '/api/v1/events/empty-2019/publish')],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/import', who: 'admin', url: () => `${EV}/import`, valid: { content: '{}' }, limit: 21 * MiB,
    cases: [
      x('refuses content that is neither XML nor JSON, naming content', '400 import_unreadable content', { content: 'garbage, not a schedule' }),
      x('refuses JSON without a schedule in it, naming content', '400 import_unreadable content', { content: '{"a":1}' }),
      x('refuses XML that is not well-formed, naming content', '400 import_unreadable content', { content: '<schedule><oops' }),
      x('refuses empty content, naming content', '400 validation content', { content: '' }),
      x('refuses numeric content, naming content', '400 validation content', { content: 42 }),
      x('refuses the format "yaml", naming format', '400 validation format', { content: '{}', format: 'yaml' }),
      x('refuses a 256-character file name, naming filename', '400 validation filename', { content: '{}', filename: long(256) }),
    ],
  },
  {
    method: 'PUT', path: '/api/v1/events/{slug}/agenda/{sessionId}', who: 'guest', url: at((f) => `agenda/${F13(f)}`),
    cases: [
      x('refuses an unknown session with 404, naming sessionId', '404 not_found sessionId', undefined, at(() => `agenda/${MISSING}`)),
      x('refuses a closed-door session the guest is not invited to with 404, naming sessionId', '404 not_found sessionId', undefined, at((f) => `agenda/${idOf(f.demo.sessions, 'F15')}`)),
      x("refuses another event's session with 404, naming sessionId", '404 not_found sessionId', undefined, at((f) => `agenda/${f.other.sessionId}`)),
      x('refuses the session id "abc", naming sessionId', '400 validation sessionId', undefined, at(() => 'agenda/abc')),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/agenda/{sessionId}', who: 'guest', url: at((f) => `agenda/${F13(f)}`),
    cases: [
      x('refuses the session id "abc", naming sessionId', '400 validation sessionId', undefined, at(() => 'agenda/abc')),
      x('refuses the session id -1, naming sessionId', '400 validation sessionId', undefined, at(() => 'agenda/-1')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/agenda/feed', who: 'guest', url: () => `${EV}/agenda/feed`, valid: { rotate: true }, bodyOptional: true,
    cases: [x('refuses rotate: "yes", naming rotate', '400 validation rotate', { rotate: 'yes' })],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/documents', who: 'admin', url: () => `${EV}/documents`,
    cases: [
      x('refuses a JSON body with 415, naming content-type', '415 multipart_required content-type', docFields()),
      upload('refuses a text file named .pdf, naming file', '400 file_type file', multipart(docFields(), [['file', 'report.pdf', 'not a PDF at all']])),
      upload('refuses an empty file, naming file', '400 file_empty file', multipart(docFields(), [['file', 'empty.pdf', '']])),
      upload('refuses an upload without a file, naming file', '400 file_missing file', multipart(docFields())),
      upload('refuses a PDF sent under another part name, naming file', '400 file_missing file', multipart(docFields(), [['attachment', 'a.pdf', PDF_TEXT]])),
      upload('refuses two files in one upload, naming file', '400 file_count file', multipart(docFields(), [['file', 'a.pdf', PDF_TEXT], ['file', 'b.pdf', PDF_TEXT]])),
      upload('refuses a missing title_en, naming title_en', '400 validation title_en', multipart({ title_zh: '蓝皮书', kind: 'report', audience: 'public' }, [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses a blank title_zh, naming title_zh', '400 validation title_zh', multipart(docFields({ title_zh: '  ' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses the kind "novel", naming kind', '400 validation kind', multipart(docFields({ kind: 'novel' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses the audience "everyone", naming audience', '400 validation audience', multipart(docFields({ audience: 'everyone' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses an embargo time without a zone, naming embargoUntil', '400 validation embargoUntil', multipart(docFields({ embargoUntil: '2030-01-01 10:00' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses an unknown field, naming it', '400 validation colour', multipart(docFields({ colour: 'red' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses a body that ends inside the file part, naming body', '400 multipart_malformed body', {
        ...multipart(docFields()),
        body: `${multipart(docFields()).body.replace(/--\r\n$/, '')}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n${PDF_TEXT}`,
      }),
      upload('refuses a multipart body without a boundary, naming body', '400 multipart_malformed body', { body: 'x', contentType: 'multipart/form-data' }),
      // U+0000 in a text part is refused as in a JSON body, whatever else the upload holds (a good PDF here)
      upload('refuses U+0000 in the text field title_en, naming title_en', '400 nul_character title_en', multipart(docFields({ title_en: 'Blue\u0000book' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload('refuses U+0000 in a text field sent after the file, naming it', '400 nul_character title_zh', filesFirst(docFields({ title_zh: '蓝\u0000皮书' }), [['file', 'a.pdf', PDF_TEXT]])),
      upload("refuses U+0000 in the file's name, naming file", '400 nul_character file', multipart(docFields(), [['file', 'blue\u0000book.pdf', PDF_TEXT]])),
      upload("refuses U+0000 in a part's name, naming it", '400 nul_character ti\\0tle', multipart({ ...docFields(), 'ti\u0000tle': 'x' }, [['file', 'a.pdf', PDF_TEXT]])),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/documents/{id}', who: 'admin', url: at(() => `documents/${MISSING}`), valid: { kind: 'report' },
    cases: [
      x('refuses an unknown document with 404, naming id', '404 not_found id', { kind: 'report' }),
      x('refuses the document id "abc", naming id', '400 validation id', { kind: 'report' }, at(() => 'documents/abc')),
      x('refuses a title without English, naming title.en', '400 validation title.en', { title: { zh: '蓝皮书' } }),
      x('refuses the kind "novel", naming kind', '400 validation kind', { kind: 'novel' }),
      x('refuses the audience "category:" without a name, naming audience', '400 validation audience', { audience: 'category:' }),
      x('refuses an embargo time that is not one, naming embargoUntil', '400 validation embargoUntil', { embargoUntil: 'tomorrow' }),
      x('refuses an empty file name, naming fileName', '400 validation fileName', { fileName: '' }),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/documents/{id}', who: 'admin', url: at(() => `documents/${MISSING}`),
    cases: [
      x('refuses an unknown document with 404, naming id', '404 not_found id'),
      x('refuses the document id 0, naming id', '400 validation id', undefined, at(() => 'documents/0')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/notices', who: 'admin', url: () => `${EV}/notices`, valid: notice({}),
    cases: [
      x('refuses a title without English, naming title.en', '400 validation title.en', notice({ title: { zh: '只有中文' } })),
      x('refuses a blank body.zh, naming body.zh', '400 validation body.zh', notice({ body: bi(' ', 'Body') })),
      x('refuses a 201-character title.en, naming title.en', '400 validation title.en', notice({ title: bi('通知', long(201)) })),
      x('refuses the urgency "panic", naming urgency', '400 validation urgency', notice({ urgency: 'panic' })),
      x('refuses a notice without an audience, naming audience', '400 validation audience', { title: bi('通知', 'Notice'), body: bi('正文', 'Body') }),
      x('refuses the audience kind "press", naming audience.kind', '400 validation audience.kind', notice({ audience: { kind: 'press' } })),
      x('refuses a category with a space, naming audience.category', '400 validation audience.category', notice({ audience: { kind: 'category', category: 'v ip' } })),
      x('refuses a board id given as text, naming audience.boardId', '400 validation audience.boardId', notice({ audience: { kind: 'board', boardId: '4' } })),
      x('refuses an unknown board with 404, naming audience.boardId', '404 not_found audience.boardId', notice({ audience: { kind: 'board', boardId: MISSING } })),
      x("refuses another event's board, naming audience.boardId", '400 wrong_event audience.boardId', (f) => notice({ audience: { kind: 'board', boardId: f.other.boardId } })),
      x('refuses an unknown session with 404, naming audience.sessionId', '404 not_found audience.sessionId', notice({ audience: { kind: 'session', sessionId: MISSING } })),
      x("refuses another event's session, naming audience.sessionId", '400 wrong_event audience.sessionId', (f) => notice({ audience: { kind: 'session', sessionId: f.other.sessionId } })),
      x('refuses a publishing time without a zone, naming publishAt', '400 validation publishAt', notice({ publishAt: '2030-01-01 10:00' })),
      x('refuses a publishing time in the past, naming publishAt', '400 in_the_past publishAt', notice({ publishAt: '2017-12-03T08:00:00Z' })),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/notices/{id}', who: 'admin', url: at(() => `notices/${MISSING}`),
    cases: [
      x('refuses an unknown notice with 404, naming id', '404 not_found id'),
      x('refuses the notice id "abc", naming id', '400 validation id', undefined, at(() => 'notices/abc')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/notices/{id}/read', who: 'guest', url: at(() => `notices/${MISSING}/read`),
    cases: [
      x('refuses a receipt for an unknown notice with 404, naming id', '404 not_found id'),
      x('refuses the notice id 0, naming id', '400 validation id', undefined, at(() => 'notices/0/read')),
    ],
  },
  // --- routes: invitations ---
  {
    method: 'POST', path: '/api/v1/events/{slug}/invitations/parse', who: 'admin', url: at(() => 'invitations/parse'),
    cases: [
      x('refuses a JSON body with 415, naming content-type', '415 multipart_required content-type', { rows: [] }),
      upload('refuses binary garbage, naming file', '400 invitee_file_unreadable file', multipart({}, [['file', 'guests.csv', '\u0000\u0001\u0002PNG\u0000\u0000\u0003garbage']])),
      upload('refuses a zip that is no workbook, naming file', '400 invitee_file_unreadable file', multipart({}, [['file', 'guests.xlsx', 'PK\u0003\u0004not really a zip']])),
      upload('refuses an empty file, naming file', '400 file_empty file', multipart({}, [['file', 'guests.csv', '']])),
      upload('refuses a CSV without the organisation and category columns, naming file', '400 invitee_columns_missing file', multipart({}, [['file', 'guests.csv', '姓名,邮箱\r\n张三,z@example.cn\r\n']])),
      upload('refuses a CSV with a header only, naming file', '400 invitee_file_no_rows file', multipart({}, [['file', 'guests.csv', 'name,organisation,category,email\r\n']])),
      upload('refuses an upload without a file, naming file', '400 invitee_file_missing file', multipart({ note: 'x' })),
      upload('refuses two files in one upload, naming file', '400 file_count file', multipart({}, [['file', 'a.csv', 'name'], ['file', 'b.csv', 'name']])),
      upload('refuses a file over 10 MB with 413, naming file', '413 file_too_large file', multipart({}, [['file', 'big.csv', `name,organisation,category,email\r\n${long(10 * MiB)}`]])),
      upload('refuses a body that ends inside the file part, naming body', '400 multipart_malformed body', {
        ...multipart({}),
        body: `${multipart({}).body.replace(/--\r\n$/, '')}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname,email`,
      }),
      upload('refuses U+0000 in a text field beside a good list, naming it', '400 nul_character note', multipart({ note: 'a\u0000b' }, [['file', 'guests.csv', GOOD_CSV]])),
      upload("refuses U+0000 in the file's name, naming file", '400 nul_character file', multipart({}, [['file', 'guests\u0000.csv', GOOD_CSV]])),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/invitations/import', who: 'admin', url: at(() => 'invitations/import'), limit: 8 * MiB,
    valid: { mode: 'all_or_nothing', rows: [{ name: '新嘉宾', organisation: '某单位', category: 'guest', email: 'new.guest@example.cn' }] },
    cases: [
      x('refuses the mode "some", naming mode', '400 validation mode', { mode: 'some', rows: [{ name: 'A', email: 'a@example.org' }] }),
      x('refuses an import without rows, naming rows', '400 validation rows', { mode: 'valid_rows', rows: [] }),
      x('refuses 5,001 rows, naming rows', '400 validation rows', { mode: 'valid_rows', rows: Array.from({ length: 5001 }, () => ({ name: 'A' })) }),
      x('refuses a numeric name, naming rows.0.name', '400 validation rows.0.name', { mode: 'valid_rows', rows: [{ name: 42 }] }),
      x('refuses an unknown column, naming it', '400 validation rows.0.colour', { mode: 'valid_rows', rows: [{ name: 'A', colour: 'red' }] }),
      x('refuses a 501-character organisation, naming rows.0.organisation', '400 validation rows.0.organisation', { mode: 'valid_rows', rows: [{ name: 'A', organisation: long(501) }] }),
      x('refuses line 0, naming rows.0.line', '400 validation rows.0.line', { mode: 'valid_rows', rows: [{ name: 'A', line: 0 }] }),
      x('refuses an all-or-nothing import with an unknown category with 422, naming rows', '422 invitee_rows_invalid rows', {
        mode: 'all_or_nothing',
        rows: [{ name: '好嘉宾', organisation: 'A', category: 'guest', email: 'good@example.cn' }, { name: '坏嘉宾', organisation: 'B', category: 'astronaut', email: 'bad@example.cn' }],
      }),
      x('refuses an all-or-nothing import repeating a person, naming rows', '422 invitee_rows_invalid rows', {
        mode: 'all_or_nothing',
        rows: [{ name: 'Twin', organisation: 'A', email: 'twin@example.org' }, { name: 'Twin Two', organisation: 'B', email: 'TWIN@example.org' }],
      }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/invitations/send', who: 'admin', url: at(() => 'invitations/send'), valid: { deadline: '2017-11-20' }, bodyOptional: true,
    cases: [
      x('refuses an empty guest list, naming guestIds', '400 validation guestIds', { guestIds: [] }),
      x('refuses a guest id given as text, naming guestIds.0', '400 validation guestIds.0', { guestIds: ['1'] }),
      x('refuses an unknown guest with 404, naming guestIds.0', '404 not_found guestIds.0', { guestIds: [MISSING] }),
      x('refuses 5,001 guest ids, naming guestIds', '400 validation guestIds', { guestIds: Array.from({ length: 5001 }, (_, i) => i + 1) }),
      x('refuses the deadline 2017-13-01, naming deadline', '400 validation deadline', { deadline: '2017-13-01' }),
    ],
  },
  {
    method: 'PUT', path: '/api/v1/events/{slug}/message-templates', who: 'admin', url: at(() => 'message-templates'),
    valid: { templates: [{ kind: 'invitation', language: 'en', subject: 'Invitation', body: 'Dear {name}: {link}' }] },
    cases: [
      x('refuses no templates, naming templates', '400 validation templates', { templates: [] }),
      x('refuses the kind "reminder", naming templates.0.kind', '400 validation templates.0.kind', { templates: [{ kind: 'reminder', language: 'en', subject: 'S', body: '{link}' }] }),
      x('refuses the language "fr", naming templates.0.language', '400 validation templates.0.language', { templates: [{ kind: 'invitation', language: 'fr', subject: 'S', body: '{link}' }] }),
      x('refuses a blank subject, naming templates.0.subject', '400 validation templates.0.subject', { templates: [{ kind: 'invitation', language: 'en', subject: ' ', body: '{link}' }] }),
      x('refuses a 10,001-character body, naming templates.0.body', '400 validation templates.0.body', { templates: [{ kind: 'invitation', language: 'en', subject: 'S', body: `{link}${long(9996)}` }] }),
      x('refuses a body without {link}, naming templates.0.body', '400 template_link_missing templates.0.body', { templates: [{ kind: 'invitation', language: 'zh', subject: '邀请', body: '尊敬的{name}' }] }),
      x('refuses the placeholder {nmae}, naming templates.0.subject', '400 template_placeholder_unknown templates.0.subject', { templates: [{ kind: 'invitation', language: 'en', subject: 'Hi {nmae}', body: '{link}' }] }),
      x('refuses the same language twice, naming templates.1.language', '400 template_duplicate templates.1.language', {
        templates: [{ kind: 'invitation', language: 'en', subject: 'A', body: '{link}' }, { kind: 'invitation', language: 'en', subject: 'B', body: '{link}' }],
      }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/outbox/retry', who: 'admin', url: at(() => 'outbox/retry'), valid: { ids: [MISSING] }, bodyOptional: true,
    cases: [
      x('refuses an empty id list, naming ids', '400 validation ids', { ids: [] }),
      x('refuses an id given as text, naming ids.0', '400 validation ids.0', { ids: ['x'] }),
      x('refuses an unknown message with 404, naming ids.0', '404 not_found ids.0', { ids: [MISSING] }),
      x('refuses a retry without SMTP with 409, naming HUIWU_SMTP_URL', '409 smtp_not_configured HUIWU_SMTP_URL', {}),
    ],
  },
  // --- routes: registration ---
  ...((): Route[] => {
    // the demo guest's own invitation (an approved guest, not a delegation head): refusals that need a real guest
    const invitation = (rest = '') => (f: Fixture) => `/api/v1/invitations/${demoGuestToken(f.app, f.demo.eventId)}${rest}`;
    const unknown = (rest = '') => () => `/api/v1/invitations/${'n'.repeat(43)}${rest}`;
    const form = registrationForm();
    const reg = (extra: object) => ({ ...form, ...extra });
    // a delegation head's form is the invitee's without `password`
    const memberForm = form;
    const photo = (files: Array<[string, string, string]>) => multipart({}, files);
    return [
      {
        method: 'PUT', path: '/api/v1/invitations/{token}/registration', who: 'anonymous', url: invitation('/registration'), valid: form, global: true,
        cases: [
          x('refuses an unknown invitation with 404, naming token', '404 invitation_not_found token', form, unknown('/registration')),
          x('refuses a token with a dot in it, naming token', '400 validation token', form, () => `/api/v1/invitations/${'x'.repeat(20)}.x/registration`),
          x('refuses a registration without consent to data processing, naming consents.dataProcessing', '400 validation consents.dataProcessing', reg({ consents: { dataProcessing: false, faceRecognition: false, photography: false } })),
          x('refuses the face-recognition consent "yes", naming consents.faceRecognition', '400 validation consents.faceRecognition', reg({ consents: { dataProcessing: true, faceRecognition: 'yes', photography: false } })),
          x('refuses the document type "visa", naming identity.type', '400 validation identity.type', reg({ identity: { ...form.identity, type: 'visa' } })),
          x('refuses a document expiring before the event ends, naming identity.expiry', '400 document_expires_early identity.expiry', reg({ identity: { ...form.identity, expiry: '2017-12-01' } })),
          x('refuses the expiry 2027-02-30, naming identity.expiry', '400 validation identity.expiry', reg({ identity: { ...form.identity, expiry: '2027-02-30' } })),
          x('refuses an arrival time without a zone, naming arrival.at', '400 validation arrival.at', reg({ arrival: { ...form.arrival, at: '2017-12-02 14:30' } })),
          x('refuses a departure before the arrival, naming departure.at', '400 ends_before_start departure.at', reg({ departure: { ...form.departure, at: '2017-12-01T08:00:00Z' } })),
          x('refuses a check-out before the check-in, naming hotel.checkOut', '400 ends_before_start hotel.checkOut', reg({ hotel: { needed: true, checkIn: '2017-12-04', checkOut: '2017-12-03' } })),
          x('refuses the room type "suite", naming hotel.roomType', '400 validation hotel.roomType', reg({ hotel: { needed: true, roomType: 'suite' } })),
          x('refuses the diet "paleo", naming dietary.kind', '400 validation dietary.kind', reg({ dietary: { kind: 'paleo' } })),
          x('refuses the language "Chinese", naming languages.0', '400 validation languages.0', reg({ languages: ['Chinese'] })),
          x('refuses a 1001-character accessibility need, naming accessibility', '400 validation accessibility', reg({ accessibility: long(1001) })),
          x('refuses a password under 10 characters, naming password', '400 validation password', reg({ password: 'short' })),
          x('refuses a blank name, naming name', '400 validation name', reg({ name: ' ' })),
        ],
      },
      {
        method: 'POST', path: '/api/v1/invitations/{token}/photo', who: 'anonymous', url: invitation('/photo'), global: true,
        cases: [
          x('refuses a JSON body with 415, naming content-type', '415 multipart_required content-type', { photo: 'me.jpg' }),
          upload('refuses a text file named .jpg with 415, naming photo', '415 photo_not_image photo', photo([['photo', 'me.jpg', 'This is my passport photo, honestly.']])),
          upload('refuses an SVG drawing with 415, naming photo', '415 photo_not_image photo', photo([['photo', 'me.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500"><rect width="400" height="500"/></svg>']])),
          upload('refuses an empty file with 415, naming photo', '415 photo_not_image photo', photo([['photo', 'me.jpg', '']])),
          upload('refuses an upload without a photo part, naming photo', '400 photo_missing photo', multipart({ note: 'x' })),
          upload('refuses a photo sent under another part name, naming photo', '400 photo_missing photo', photo([['file', 'me.jpg', 'x']])),
          upload('refuses two files in one upload, naming photo', '400 file_count photo', photo([['photo', 'a.jpg', 'x'], ['photo', 'b.jpg', 'y']])),
          upload('refuses a body that ends inside the photo part, naming body', '400 multipart_malformed body', {
            ...multipart({}),
            body: `--huiwu-bad-input\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nnot finished`,
          }),
          upload('refuses a multipart body without a boundary, naming body', '400 multipart_malformed body', { body: 'x', contentType: 'multipart/form-data' }),
          upload('refuses U+0000 in a text field beside the photo, naming it', '400 nul_character note', multipart({ note: 'a\u0000b' }, [['photo', 'me.jpg', 'x']])),
          upload("refuses U+0000 in the photo's file name, naming photo", '400 nul_character photo', photo([['photo', 'me\u0000.jpg', 'x']])),
          { ...upload('refuses a photo for an unknown invitation with 404, naming token', '404 invitation_not_found token', photo([['photo', 'me.jpg', 'x']])), url: unknown('/photo') },
        ],
      },
      {
        method: 'PUT', path: '/api/v1/events/{slug}/my/delegation/members/{id}/registration', who: 'guest', url: at(() => `my/delegation/members/${MISSING}/registration`), valid: memberForm,
        cases: [
          x('refuses a guest who heads no delegation with 403, naming guest', '403 not_delegation_head guest', memberForm),
          x('refuses the member id "abc", naming id', '400 validation id', memberForm, at(() => 'my/delegation/members/abc/registration')),
          x("refuses a password for a member's account, naming password", '400 validation password', { ...memberForm, password: 'long-enough-password' }),
          x('refuses a registration without consent to data processing, naming consents.dataProcessing', '400 validation consents.dataProcessing', { ...memberForm, consents: { dataProcessing: false, faceRecognition: false, photography: false } }),
        ],
      },
      {
        method: 'POST', path: '/api/v1/events/{slug}/my/delegation/members/{id}/photo', who: 'guest', url: at(() => `my/delegation/members/${MISSING}/photo`),
        cases: [
          x('refuses a JSON body with 415, naming content-type', '415 multipart_required content-type', { photo: 'me.jpg' }),
          upload('refuses a guest who heads no delegation with 403, naming guest', '403 not_delegation_head guest', photo([['photo', 'me.jpg', 'x']])),
          { ...upload('refuses the member id "abc", naming id', '400 validation id', photo([['photo', 'me.jpg', 'x']])), url: at(() => 'my/delegation/members/abc/photo') },
        ],
      },
      {
        method: 'PATCH', path: '/api/v1/events/{slug}/guests/{id}', who: 'admin', url: at(() => `guests/${MISSING}`), valid: { organisation: 'x' },
        cases: [
          x('refuses an unknown guest with 404, naming id', '404 not_found id', { organisation: 'x' }),
          x('refuses the guest id "abc", naming id', '400 validation id', { organisation: 'x' }, at(() => 'guests/abc')),
          x('refuses an email that is not one, naming email', '400 validation email', { email: 'someone' }),
          x('refuses a phone number with letters, naming phone', '400 validation phone', { phone: 'call me' }),
          x('refuses the language "fr", naming language', '400 validation language', { language: 'fr' }),
          x('refuses a category id given as text, naming categoryId', '400 validation categoryId', { categoryId: '3' }),
          x("refuses the category id 2147483648 (past PostgreSQL's integer), naming categoryId", '400 validation categoryId', { categoryId: INT4_OVERFLOW }),
          x('refuses delegationHead "yes", naming delegationHead', '400 validation delegationHead', { delegationHead: 'yes' }),
          x('refuses a 201-character name, naming name', '400 validation name', { name: long(201) }),
        ],
      },
      {
        method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/review', who: 'admin', url: at(() => `guests/${MISSING}/review`), valid: { action: 'approve' },
        cases: [
          x('refuses a decision on an unknown guest with 404, naming id', '404 not_found id', { action: 'approve' }),
          x('refuses the action "maybe", naming action', '400 validation action', { action: 'maybe' }),
          x('refuses a 2001-character reason, naming reason', '400 validation reason', { action: 'reject', reason: long(2001) }),
          x('refuses the guest id 0, naming id', '400 validation id', { action: 'approve' }, at(() => 'guests/0/review')),
        ],
      },
    ];
  })(),
  // --- routes: accreditation rules ---
  {
    method: 'POST', path: '/api/v1/events/{slug}/categories', who: 'admin', url: () => `${EV}/categories`, valid: category({}),
    cases: [
      x('refuses a code with a space, naming code', '400 validation code', category({ code: 'new cat' })),
      x('refuses a code the event already uses with 409, naming code', '409 code_taken code', category({ code: 'vip' })),
      x('refuses the colour "red", naming color', '400 validation color', category({ color: 'red' })),
      x('refuses a name without English, naming name.en', '400 validation name.en', category({ name: { zh: '新类别' } })),
      x('refuses a 201-character name.zh, naming name.zh', '400 validation name.zh', category({ name: bi(long(201), 'New') })),
      x('refuses 201 zone windows, naming zones', '400 validation zones', category({ zones: Array.from({ length: 201 }, () => ({ zoneId: 1 })) })),
      x('refuses an unknown zone with 404, naming zones.0.zoneId', '404 not_found zones.0.zoneId', category({ zones: [{ zoneId: MISSING }] })),
      x("refuses another event's zone, naming zones.0.zoneId", '400 wrong_event zones.0.zoneId', (f) => category({ zones: [{ zoneId: f.other.zoneId }] })),
      x('refuses a window that ends before it starts, naming zones.0.endsAt', '400 ends_before_start zones.0.endsAt', (f) =>
        category({ zones: [{ zoneId: idOf(f.demo.zones, 'MAIN'), startsAt: '2017-12-04T10:00:00Z', endsAt: '2017-12-04T09:00:00Z' }] })),
      x('refuses a window before the event, naming zones.1.startsAt', '400 outside_event zones.1.startsAt', (f) =>
        category({ zones: [{ zoneId: idOf(f.demo.zones, 'MAIN') }, { zoneId: idOf(f.demo.zones, 'VIP'), startsAt: '2017-11-30T10:00:00Z' }] })),
      x('refuses a window time without a zone, naming zones.0.startsAt', '400 validation zones.0.startsAt', category({ zones: [{ zoneId: 1, startsAt: '2017-12-04 10:00' }] })),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/categories/{id}', who: 'admin', url: at(() => `categories/${MISSING}`), valid: { color: '#000000' },
    cases: [
      x('refuses an unknown category with 404, naming id', '404 not_found id', { color: '#000000' }),
      x('refuses the category id "abc", naming id', '400 validation id', { color: '#000000' }, at(() => 'categories/abc')),
      x('refuses the colour "#12345", naming color', '400 validation color', { color: '#12345' }),
      x('refuses zones given as an object, naming zones', '400 validation zones', { zones: { zoneId: 1 } }),
      x('refuses a zone id given as text, naming zones.0.zoneId', '400 validation zones.0.zoneId', { zones: [{ zoneId: '1' }] }),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/categories/{id}', who: 'admin', url: at(() => `categories/${MISSING}`),
    cases: [
      x('refuses an unknown category with 404, naming id', '404 not_found id'),
      x('refuses the category id 0, naming id', '400 validation id', undefined, at(() => 'categories/0')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/gates', who: 'admin', url: () => `${EV}/gates`, valid: gate({ zoneId: 1 }),
    cases: [
      x('refuses a gate code with a space, naming code', '400 validation code', gate({ code: 'NEW 1', zoneId: 1 })),
      x('refuses a code the event already uses with 409, naming code', '409 code_taken code', (f) => gate({ code: 'MAIN-1', zoneId: idOf(f.demo.zones, 'MAIN') })),
      x('refuses a gate without a zone, naming zoneId', '400 validation zoneId', gate({})),
      x('refuses an unknown zone with 404, naming zoneId', '404 not_found zoneId', gate({ zoneId: MISSING })),
      x("refuses another event's zone, naming zoneId", '400 wrong_event zoneId', (f) => gate({ zoneId: f.other.zoneId })),
      x("refuses another event's room, naming roomId", '400 wrong_event roomId', (f) => gate({ zoneId: idOf(f.demo.zones, 'MAIN'), roomId: f.other.roomId })),
      x('refuses an unknown room with 404, naming roomId', '404 not_found roomId', (f) => gate({ zoneId: idOf(f.demo.zones, 'MAIN'), roomId: MISSING })),
      x("refuses the zone id 2147483648 (past PostgreSQL's integer), naming zoneId", '400 validation zoneId', gate({ zoneId: INT4_OVERFLOW })),
      x('refuses antiPassback: "yes", naming antiPassback', '400 validation antiPassback', gate({ zoneId: 1, antiPassback: 'yes' })),
      x('refuses a 201-character name.en, naming name.en', '400 validation name.en', gate({ zoneId: 1, name: bi('门', long(201)) })),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/gates/{id}', who: 'admin', url: at(() => `gates/${MISSING}`), valid: { antiPassback: false },
    cases: [
      x('refuses an unknown gate with 404, naming id', '404 not_found id', { antiPassback: false }),
      x('refuses the gate id "abc", naming id', '400 validation id', { antiPassback: false }, at(() => 'gates/abc')),
      x('refuses a room id given as text, naming roomId', '400 validation roomId', { roomId: 'forum-a' }),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/gates/{id}', who: 'admin', url: at(() => `gates/${MISSING}`),
    cases: [
      x('refuses an unknown gate with 404, naming id', '404 not_found id'),
      x('refuses the gate id -1, naming id', '400 validation id', undefined, at(() => 'gates/-1')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/overrides', who: 'admin', url: at(() => `guests/${MISSING}/overrides`), valid: override({}),
    cases: [
      x('refuses an override for an unknown guest with 404, naming id', '404 not_found id', override({})),
      x('refuses the guest id "abc", naming id', '400 validation id', override({}), at(() => 'guests/abc/overrides')),
      x('refuses the kind "allow", naming kind', '400 validation kind', override({ kind: 'allow' })),
      x('refuses an override without a reason, naming reason', '400 validation reason', { zoneId: 1, kind: 'ban' }),
      x('refuses a 501-character reason, naming reason', '400 validation reason', override({ reason: long(501) })),
      x('refuses a start that is not a time, naming startsAt', '400 validation startsAt', override({ startsAt: 'tomorrow' })),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/guests/{id}/overrides/{overrideId}', who: 'admin', url: at(() => `guests/${MISSING}/overrides/${MISSING}`),
    cases: [
      x('refuses an unknown guest with 404, naming id', '404 not_found id'),
      x('refuses the override id "abc", naming overrideId', '400 validation overrideId', undefined, at(() => `guests/${MISSING}/overrides/abc`)),
    ],
  },
  // --- routes: badges ---
  {
    method: 'POST', path: '/api/v1/events/{slug}/credentials/issue-missing', who: 'admin', url: at(() => 'credentials/issue-missing'),
    cases: [],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/badge/reprint', who: 'admin', url: at(() => `guests/${MISSING}/badge/reprint`),
    cases: [
      x('refuses an unknown guest with 404, naming id', '404 not_found id'),
      x('refuses the guest id "abc", naming id', '400 validation id', undefined, at(() => 'guests/abc/badge/reprint')),
      x('refuses the guest id 0, naming id', '400 validation id', undefined, at(() => 'guests/0/badge/reprint')),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/badge-batches', who: 'admin', url: at(() => 'badge-batches'), valid: { category: 'no-such-category' }, bodyOptional: true,
    cases: [
      x('refuses an unknown category with 404, naming category', '404 not_found category', { category: 'no-such-category' }),
      x('refuses a category code with a space, naming category', '400 validation category', { category: 'v ip' }),
      x('refuses a 41-character category code, naming category', '400 validation category', { category: long(41) }),
      x('refuses the status "lost", naming status', '400 validation status', { status: 'lost' }),
      x('refuses the category given as a number, naming category', '400 validation category', { category: 7 }),
    ],
  },
  // --- routes: badge desk ---
  {
    method: 'POST', path: '/api/v1/events/{slug}/desk/guests/{id}/hand-out', who: 'admin', url: at(() => `desk/guests/${MISSING}/hand-out`), valid: { identityChecked: true },
    cases: [
      x('refuses a hand-out to an unknown guest with 404, naming id', '404 not_found id', { identityChecked: true }),
      x('refuses the guest id "abc", naming id', '400 validation id', { identityChecked: true }, at(() => 'desk/guests/abc/hand-out')),
      x('refuses a hand-out without the identity check, naming identityChecked', '400 validation identityChecked', { identityChecked: false }),
      x('refuses the identity check "yes" as text, naming identityChecked', '400 validation identityChecked', { identityChecked: 'yes' }),
    ],
  },
  // --- routes: station API ---
  // A well-formed scan is never bad input: an unknown gate, a forged or unknown badge are recorded as refusals with
  // their verdict code (tests/e2e/gates.test.ts). Only bodies that are not scans are refused here, changing nothing.
  {
    method: 'POST', path: '/api/v1/events/{slug}/scans', who: 'admin', url: at(() => 'scans'), limit: 4 * MiB,
    cases: [
      x('refuses a scan with an unknown key, naming it', '400 validation colour', { ...SCAN, colour: 'red' }),
      x('refuses a missing body, naming body', '400 validation body'),
      x('refuses an empty queue, naming body', '400 validation body', []),
      x('refuses a queue of 5001 scans, naming body', '400 validation body', Array.from({ length: 5001 }, (_, i) => ({ ...SCAN, nonce: `nonce-${i}-abc` }))),
      x('refuses a queued scan with a 5-character nonce, naming 0.nonce', '400 validation 0.nonce', [{ ...SCAN, nonce: 'short' }]),
      x('refuses a scan time that is not a time, naming scannedAt', '400 validation scannedAt', { ...SCAN, scannedAt: 'tomorrow' }),
      x('refuses a scan time without a UTC offset, naming scannedAt', '400 validation scannedAt', { ...SCAN, scannedAt: '2017-12-04T10:00:00' }),
      x('refuses a 2001-character credential, naming credential', '400 validation credential', { ...SCAN, credential: long(2001) }),
      x('refuses an empty gate code, naming gate', '400 validation gate', { ...SCAN, gate: '' }),
      x('refuses the direction "up", naming direction', '400 validation direction', { ...SCAN, direction: 'up' }),
      x('refuses the offline verdict "maybe" in a queue, naming 0.offlineVerdict', '400 validation 0.offlineVerdict', [{ ...SCAN, offlineVerdict: 'maybe' }]),
      x('refuses a well-formed scan for an unknown event with 404, naming slug', '404 not_found slug', SCAN, () => '/api/v1/events/no-such-event/scans'),
    ],
  },
  // --- routes: occupancy and reports ---
  // --- routes: carts network, fleet, posters ---
  {
    method: 'PUT', path: '/api/v1/events/{slug}/cart-network', who: 'admin', url: at(() => 'cart-network'), valid: cartNetwork(),
    cases: [
      x('refuses a stop code given twice, naming stops.3.code', '400 network_stop_repeated stops.3.code', cartNetwork((n) => (n.stops[3]!.code = 'CC-N'))),
      x('refuses a link to a stop not in the list, naming links.5.to', '400 network_link_stop_unknown links.5.to', cartNetwork((n) => (n.links[5]!.to = 'NOWHERE'))),
      x('refuses a link from a stop to itself, naming links.0.to', '400 network_link_loop links.0.to', cartNetwork((n) => (n.links[0]!.to = n.links[0]!.from))),
      x('refuses a link given twice, naming the second', `400 network_link_repeated links.${DEMO_LINKS.length}`, cartNetwork((n) => n.links.push({ ...n.links[0]! }))),
      x('refuses an active stop no road reaches, naming links', '400 network_unreachable links', cartNetwork((n) => n.stops.push({ code: 'ISLAND', name: bi('孤岛', 'Island'), lat: 30.75, lon: 120.47, active: true }))),
      x('refuses to remove a stop where a cart stands with 409, naming stops', '409 network_stop_in_use stops', cartNetwork((n) => {
        n.stops = n.stops.filter((s) => s.code !== 'HOTEL-W');
        n.links = n.links.filter((l) => l.from !== 'HOTEL-W' && l.to !== 'HOTEL-W');
      })),
      x('refuses to deactivate a stop where a cart stands with 409, naming stops.0.active', '409 network_stop_in_use stops.0.active', cartNetwork((n) => (n.stops[0]!.active = false))),
      x('refuses a stop code with a space, naming stops.0.code', '400 validation stops.0.code', cartNetwork((n) => (n.stops[0]!.code = 'CC N'))),
      x('refuses a blank English stop name, naming stops.1.name.en', '400 validation stops.1.name.en', cartNetwork((n) => (n.stops[1]!.name.en = '  '))),
      x('refuses a latitude of 91, naming stops.2.lat', '400 validation stops.2.lat', cartNetwork((n) => (n.stops[2]!.lat = 91))),
      x('refuses a link of 0 seconds, naming links.0.seconds', '400 validation links.0.seconds', cartNetwork((n) => (n.links[0]!.seconds = 0))),
      x('refuses a link length given as text, naming links.1.metres', '400 validation links.1.metres', cartNetwork((n) => ((n.links[1] as { metres: unknown }).metres = '300 m'))),
      x('refuses a maximum wait of 10 seconds, naming rules.maxWaitSeconds', '400 validation rules.maxWaitSeconds', cartNetwork((n) => (n.rules.maxWaitSeconds = 10))),
      x('refuses a network of one stop, naming stops', '400 validation stops', cartNetwork((n) => (n.stops = n.stops.slice(0, 1)))),
      x('refuses a network without rules, naming rules', '400 validation rules', cartNetwork((n) => delete (n as { rules?: unknown }).rules)),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/carts', who: 'admin', url: at(() => 'carts'), valid: cart({}),
    cases: [
      x('refuses a cart code the event has with 409, naming code', '409 code_taken code', cart({ code: 'C01' })),
      x('refuses a home stop that does not exist, naming home', '400 fleet_stop_not_active home', cart({ home: 'NOWHERE' })),
      x('refuses a driver without an account with 404, naming driver', '404 fleet_driver_unknown driver', cart({ driver: 'nobody@example.org' })),
      x('refuses a shift that ends before it starts, naming shiftEnd', '400 ends_before_start shiftEnd', cart({ shiftStart: '18:00', shiftEnd: '08:00' })),
      x('refuses 0 seats, naming seats', '400 validation seats', cart({ seats: 0 })),
      x('refuses a shift start of "7am", naming shiftStart', '400 validation shiftStart', cart({ shiftStart: '7am' })),
      x('refuses a driver that is not an email, naming driver', '400 validation driver', cart({ driver: 'driver' })),
      x('refuses a cart code with a space, naming code', '400 validation code', cart({ code: 'C 1' })),
      x('refuses a cart without a home stop, naming home', '400 validation home', { code: 'C30', seats: 8, shiftStart: '00:00', shiftEnd: '24:00' }),
    ],
  },
  {
    method: 'PATCH', path: '/api/v1/events/{slug}/carts/{cart}', who: 'admin', url: at(() => 'carts/C01'), valid: { seats: 7 },
    cases: [
      x('refuses a cart that does not exist with 404, naming cart', '404 not_found cart', { seats: 7 }, at(() => 'carts/C99')),
      x('refuses a cart code with a space, naming cart', '400 validation cart', { seats: 7 }, at(() => 'carts/C%201')),
      x('refuses 31 seats, naming seats', '400 validation seats', { seats: 31 }),
      x('refuses a driver without an account with 404, naming driver', '404 fleet_driver_unknown driver', { driver: 'nobody@example.org' }),
      x('refuses a shift that ends before it starts, naming shiftEnd', '400 ends_before_start shiftEnd', { shiftStart: '10:00', shiftEnd: '09:00' }),
      x('refuses a shift that would start at its end, naming shiftStart', '400 ends_before_start shiftStart', { shiftStart: '24:00' }),
      x('refuses "no" for in service, naming inService', '400 validation inService', { inService: 'no' }),
      x('refuses a return stop with a space, naming stop', '400 validation stop', { inService: true, stop: 'CC N' }),
    ],
  },
  // --- routes: carts rides and driver station ---
  ...((): Route[] => {
    /** a well-formed call between stops no event has, and a well-formed update of a cart no event has */
    const RIDE = { from: 'NO-SUCH-STOP', to: 'NO-SUCH-STOP-2', party: 1, phone: '+86 138 0000 0000' };
    const UPDATE = { cart: 'NO-SUCH-CART', seq: 1, at: '2017-12-04T10:00:00+08:00', kind: 'arrived', stop: 'A' };
    return [
      // Stops, carts and rides that exist are refused in tests/e2e/carts-rides.test.ts and carts-driver.test.ts (their
      // codes: same stop, party too large, a second open ride, stale seq ...); here the shapes and unknown names.
      {
        method: 'POST', path: '/api/v1/events/{slug}/rides', who: 'anonymous', url: at(() => 'rides'), valid: RIDE,
        cases: [
          x('refuses an unknown origin stop with 404, naming from', '404 ride_stop_unknown from', RIDE),
          x('refuses a party of 0, naming party', '400 validation party', { ...RIDE, party: 0 }),
          x('refuses a party of 31, naming party', '400 validation party', { ...RIDE, party: 31 }),
          x('refuses a party of 1.5, naming party', '400 validation party', { ...RIDE, party: 1.5 }),
          x('refuses a stop code with a space, naming from', '400 validation from', { ...RIDE, from: 'A B' }),
          x('refuses a 25-character stop code, naming to', '400 validation to', { ...RIDE, to: long(25) }),
          x('refuses a phone number of letters, naming phone', '400 validation phone', { ...RIDE, phone: 'call me' }),
          x('refuses a 401-character badge, naming badge', '400 validation badge', { ...RIDE, badge: long(401) }),
          x('refuses the wheelchair need as text, naming wheelchair', '400 validation wheelchair', { ...RIDE, wheelchair: 'yes' }),
          x('refuses the language "fr", naming lang', '400 validation lang', { ...RIDE, lang: 'fr' }),
          x('refuses a call without a destination, naming to', '400 validation to', { from: 'NO-SUCH-STOP', party: 1, phone: RIDE.phone }),
        ],
      },
      {
        method: 'POST', path: '/api/v1/rides/{token}/cancel', who: 'anonymous', url: () => '/api/v1/rides/no-such-ride-token-0000/cancel', global: true,
        cases: [
          x('refuses an unknown ride token with 404, naming token', '404 not_found token'),
          x('refuses a 3-character token, naming token', '400 validation token', undefined, () => '/api/v1/rides/abc/cancel'),
        ],
      },
      // The driver's queue accepts an array, so the shared "array where an object belongs" case does not apply.
      {
        method: 'POST', path: '/api/v1/events/{slug}/driver/updates', who: 'admin', url: at(() => 'driver/updates'),
        cases: [
          x('refuses an update for an unknown cart with 404, naming cart', '404 not_found cart', UPDATE),
          x('refuses a queued update for an unknown cart with 404, naming 0.cart', '404 not_found 0.cart', [UPDATE]),
          x('refuses an update with an unknown key, naming it', '400 validation colour', { ...UPDATE, colour: 'red' }),
          x('refuses a missing body, naming body', '400 validation body'),
          x('refuses an empty queue, naming body', '400 validation body', []),
          x('refuses a queue of 1001 updates, naming body', '400 validation body', Array.from({ length: 1001 }, (_, i) => ({ ...UPDATE, seq: i + 1 }))),
          x('refuses the seq 0, naming seq', '400 validation seq', { ...UPDATE, seq: 0 }),
          x('refuses a seq of 1.5 in a queue, naming 0.seq', '400 validation 0.seq', [{ ...UPDATE, seq: 1.5 }]),
          x('refuses a time that is not a time, naming at', '400 validation at', { ...UPDATE, at: 'now' }),
          x('refuses a latitude of 91, naming lat', '400 validation lat', { cart: 'NO-SUCH-CART', seq: 1, at: UPDATE.at, kind: 'position', lat: 91, lon: 120 }),
          x('refuses a pick-up code of 3 digits, naming code', '400 validation code', { cart: 'NO-SUCH-CART', seq: 1, at: UPDATE.at, kind: 'picked_up', ride: 1, code: '123' }),
          x('refuses the ride id 0, naming ride', '400 validation ride', { cart: 'NO-SUCH-CART', seq: 1, at: UPDATE.at, kind: 'accept', ride: 0 }),
          x('refuses a well-formed update for an unknown event with 404, naming slug', '404 not_found slug', UPDATE, () => '/api/v1/events/no-such-event/driver/updates'),
        ],
      },
    ];
  })(),
  // --- vehicles ---
  // The cameras' ANPR route records any body with 200 by design (garbage as unreadable, tested in vehicles.test.ts);
  // what it refuses is an unknown camera, an unknown event and a body over its 8 MiB limit.
  ...((): Route[] => {
    const PERMIT = { plate: '浙A12345', zones: ['VIP'], owner: 'Protocol office' };
    const CAMERA = { code: 'CAM-9', name: bi('九号', 'Nine'), zone: 'VIP', kind: 'json' };
    return [
      {
        method: 'POST', path: '/api/v1/events/{slug}/cameras/{camera}/anpr', who: 'device', url: at(() => 'cameras/NO-SUCH-CAM/anpr'), anyBody: true, limit: 8 * MiB,
        cases: [
          x('refuses a camera the event does not have with 404, naming camera', '404 not_found camera', { plate: '浙A12345' }),
        ],
      },
      {
        method: 'POST', path: '/api/v1/events/{slug}/vehicle-permits', who: 'admin', url: at(() => 'vehicle-permits'), valid: PERMIT,
        cases: [
          x('refuses a zone the event does not have, naming zones.0', '400 permit_zone_unknown zones.0', { ...PERMIT, zones: ['MOON'] }),
          x('refuses a permit without an owner, naming owner', '400 permit_owner_required owner', { plate: '浙A12345', zones: ['VIP'] }),
          x('refuses a plate of separators only, naming plate', '400 permit_plate_invalid plate', { ...PERMIT, plate: '·' }),
          x('refuses a guest that does not exist with 404, naming guestId', '404 not_found guestId', { ...PERMIT, guestId: MISSING }),
          x('refuses a window that ends before it starts, naming validTo', '400 ends_before_start validTo', { ...PERMIT, validFrom: '2017-12-04T10:00:00Z', validTo: '2017-12-03T10:00:00Z' }),
          x('refuses a 21-character plate, naming plate', '400 validation plate', { ...PERMIT, plate: long(21) }),
          x('refuses the vehicle type "spaceship", naming type', '400 validation type', { ...PERMIT, type: 'spaceship' }),
          x('refuses an empty zone list, naming zones', '400 validation zones', { ...PERMIT, zones: [] }),
          x('refuses a window start that is not a time, naming validFrom', '400 validation validFrom', { ...PERMIT, validFrom: 'today' }),
        ],
      },
      {
        method: 'PATCH', path: '/api/v1/events/{slug}/vehicle-permits/{id}', who: 'admin', url: at(() => `vehicle-permits/${MISSING}`), valid: { revoked: true },
        cases: [
          x('refuses a permit that does not exist with 404, naming id', '404 not_found id', { revoked: true }),
          x('refuses revoked: false, naming revoked', '400 validation revoked', { revoked: false }),
          x('refuses a 501-character reason, naming reason', '400 validation reason', { revoked: true, reason: long(501) }),
          x('refuses the id 0, naming id', '400 validation id', { revoked: true }, at(() => 'vehicle-permits/0')),
        ],
      },
      {
        method: 'POST', path: '/api/v1/events/{slug}/vehicle-permits/import', who: 'admin', url: at(() => 'vehicle-permits/import'), limit: 2 * MiB,
        valid: { csv: 'plate,type,owner,zones,from,to\n' },
        cases: [
          x('refuses a file without the plate and zones columns, naming csv', '400 permit_import_header csv', { csv: 'a,b\n1,2\n' }),
          x('refuses a file with a wrong row, naming csv', '400 permit_import_rows csv', { csv: 'plate,type,owner,zones,from,to\n浙A12345,car,X,MOON,,\n' }),
          x('refuses an empty file, naming csv', '400 validation csv', { csv: '' }),
          x('refuses a file over 1,000,000 characters, naming csv', '400 validation csv', { csv: long(1_000_001) }),
        ],
      },
      {
        method: 'POST', path: '/api/v1/events/{slug}/vehicle-permits/from-registrations', who: 'admin', url: at(() => 'vehicle-permits/from-registrations'), valid: { zones: ['VIP'] },
        cases: [
          x('refuses a zone the event does not have, naming zones.1', '400 permit_zone_unknown zones.1', { zones: ['VIP', 'MOON'] }),
          x('refuses a window that ends before it starts, naming validTo', '400 ends_before_start validTo', { zones: ['VIP'], validFrom: '2017-12-04T10:00:00Z', validTo: '2017-12-03T10:00:00Z' }),
          x('refuses an empty zone list, naming zones', '400 validation zones', { zones: [] }),
          x('refuses a zone code with a space, naming zones.0', '400 validation zones.0', { zones: ['V IP'] }),
          x('refuses a window end that is not a time, naming validTo', '400 validation validTo', { zones: ['VIP'], validTo: 'tomorrow' }),
        ],
      },
      {
        method: 'POST', path: '/api/v1/events/{slug}/cameras', who: 'admin', url: at(() => 'cameras'), valid: CAMERA,
        cases: [
          x('refuses a zone the event does not have, naming zone', '400 camera_zone_unknown zone', { ...CAMERA, zone: 'MOON' }),
          x('refuses a device without an account of the event with 404, naming device', '404 camera_device_unknown device', { ...CAMERA, device: 'nobody@example.org' }),
          x('refuses the camera kind "sony", naming kind', '400 validation kind', { ...CAMERA, kind: 'sony' }),
          x('refuses a camera code with a space, naming code', '400 validation code', { ...CAMERA, code: 'C 1' }),
          x('refuses the direction "sideways", naming direction', '400 validation direction', { ...CAMERA, direction: 'sideways' }),
          x('refuses a device that is not an email, naming device', '400 validation device', { ...CAMERA, device: 'camera' }),
        ],
      },
    ];
  })(),
  // --- faces ---
  {
    method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/face-enrolment', who: 'admin', url: at(() => `guests/${MISSING}/face-enrolment`),
    cases: [
      x('refuses an unknown guest with 404, naming id', '404 not_found id'),
      x('refuses the guest id "abc", naming id', '400 validation id', undefined, at(() => 'guests/abc/face-enrolment')),
      x('refuses the guest id 0, naming id', '400 validation id', undefined, at(() => 'guests/0/face-enrolment')),
    ],
  },
  {
    method: 'DELETE', path: '/api/v1/events/{slug}/guests/{id}/face-enrolment', who: 'admin', url: at(() => `guests/${MISSING}/face-enrolment`),
    cases: [
      x('refuses an unknown guest with 404, naming id', '404 not_found id'),
      x('refuses the guest id "abc", naming id', '400 validation id', undefined, at(() => 'guests/abc/face-enrolment')),
    ],
  },
  {
    // every case is refused before anything is shredded (the demo event has ended: a valid body would shred)
    method: 'POST', path: '/api/v1/events/{slug}/face-shred', who: 'admin', url: at(() => 'face-shred'), valid: { force: true },
    cases: [
      x('refuses force: "yes", naming force', '400 validation force', { force: 'yes' }),
    ],
  },
  {
    // every case is refused before anything is shredded; the valid body is a dry run, which removes nothing
    method: 'POST', path: '/api/v1/events/{slug}/privacy/shred', who: 'admin', url: at(() => 'privacy/shred'), valid: { dryRun: true },
    cases: [
      x('refuses force: "yes", naming force', '400 validation force', { force: 'yes' }),
      x('refuses dryRun: 1, naming dryRun', '400 validation dryRun', { dryRun: 1 }),
    ],
  },
  {
    method: 'POST', path: '/api/v1/events/{slug}/face-checks', who: 'device', url: at(() => 'face-checks'), imageBody: true, limit: 10 * MiB,
    cases: [
      { fact: 'refuses a frame without a face with 422, naming image', refusal: '422 face_count image', raw: { body: GREY_FRAME, contentType: 'image/jpeg' } },
      { fact: 'refuses a body that is not an image with 422, naming image', refusal: '422 face_image_invalid image', raw: { body: 'not a picture', contentType: 'image/jpeg' } },
      { fact: 'refuses a truncated JPEG with 422, naming image', refusal: '422 face_image_truncated image', raw: { body: GREY_FRAME.subarray(0, 400), contentType: 'image/jpeg' } },
      { fact: 'refuses an empty body with 400, naming image', refusal: '400 face_image_missing image', raw: { body: Buffer.alloc(0), contentType: 'image/jpeg' } },
      { fact: 'refuses an unknown guest with 404, naming guestId', refusal: '404 not_found guestId', raw: { body: GREY_FRAME, contentType: 'image/jpeg' }, url: at(() => `face-checks?guestId=${MISSING}`) },
      { fact: 'refuses the guest id "abc", naming guestId', refusal: '400 validation guestId', raw: { body: GREY_FRAME, contentType: 'image/jpeg' }, url: at(() => 'face-checks?guestId=abc') },
      { fact: "refuses the guest id 2147483648 (past PostgreSQL's integer), naming guestId", refusal: '400 validation guestId', raw: { body: GREY_FRAME, contentType: 'image/jpeg' }, url: at(() => `face-checks?guestId=${INT4_OVERFLOW}`) },
      { fact: 'refuses an unknown query key, naming it', refusal: '400 validation colour', raw: { body: GREY_FRAME, contentType: 'image/jpeg' }, url: at(() => 'face-checks?colour=red') },
    ],
  },
];

/** Codes whose message repeats the field, so a reader sees what to fix without the `field` property. */
const MESSAGE_NAMES_FIELD = new Set(['validation', 'not_found', 'wrong_event', 'ends_before_start', 'in_use']);

function send(f: Fixture, route: Route, c: Case, language: string): Promise<LightMyRequestResponse> {
  const session = route.who === 'admin' ? f.admin : route.who === 'guest' ? f.guest : null;
  const headers: Record<string, string> = { 'accept-language': language };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  if (route.who === 'device') headers['authorization'] = `Bearer ${f.device}`;
  const body = typeof c.body === 'function' ? (c.body as (f: Fixture) => Body)(f) : c.body;
  let payload: string | Buffer | undefined;
  if (c.raw) [payload, headers['content-type']] = [c.raw.body, c.raw.contentType];
  else if (body !== undefined) [payload, headers['content-type']] = [JSON.stringify(body), 'application/json'];
  const url = (c.url ?? route.url)(f);
  return f.app.app.inject({ method: (c.method ?? route.method) as Method, url, headers, ...(payload !== undefined ? { payload } : {}) });
}

/** A second event with one of everything, and an empty third one, built through the API. */
async function buildOtherEvents(app: TestApp, admin: Session): Promise<Fixture['other']> {
  const base = '/api/v1/events/other-2018';
  const post = async (url: string, payload: object): Promise<number> => {
    const res = await call(app, admin, 'POST', url, payload);
    expectStatus(res, 201);
    return res.json<{ id: number }>().id;
  };
  await post('/api/v1/events', event({ slug: 'other-2018', name: bi('另一活动', 'Other event'), timezone: 'Europe/Berlin', startDate: '2018-11-07', endDate: '2018-11-09' }));
  await post('/api/v1/events', event({ slug: 'empty-2019', name: bi('空活动', 'Empty event'), timezone: 'UTC', startDate: '2019-01-01', endDate: '2019-01-01' }));
  const zoneId = await post(`${base}/zones`, { code: 'HALL', name: bi('大厅', 'Hall') });
  const venueId = await post(`${base}/venues`, venue({ address: bi('柏林', 'Berlin') }));
  const roomId = await post(`${base}/rooms`, room({ zoneId, venueId }));
  const boardId = await post(`${base}/boards`, board({ code: 'track-1' }));
  const organisationId = await post(`${base}/organisations`, organisation({}));
  const personId = await post(`${base}/people`, { name: 'Ada Other' });
  const sessionId = await post(
    `${base}/sessions`,
    session({ code: 'O1', boardId, roomId, startsAt: '2018-11-07T09:00:00Z', endsAt: '2018-11-07T10:00:00Z', people: [{ personId, role: 'speaker' }], hostOrganisationIds: [organisationId] }),
  );
  return { zoneId, venueId, roomId, boardId, organisationId, personId, sessionId };
}

describe.each(databases())('bad input on every write route (%s)', (kind) => {
  let f: Fixture;

  beforeAll(async () => {
    const app = await startTestApp(kind);
    const demo = await loadDemoEvent(app);
    const admin = await adminSession(app);
    const guest = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
    const token = await call(app, guest, 'POST', '/api/v1/auth/tokens', { name: 'guest-phone' });
    expectStatus(token, 201);
    const device = await call(app, admin, 'POST', `${EV}/accounts`, { email: 'anpr-bad-input@wic2017.example.org', displayName: 'ANPR camera', role: 'device' });
    expectStatus(device, 201);
    const camera = await call(app, admin, 'POST', `${EV}/cameras`, { code: 'CAM-1', name: bi('一号', 'One'), zone: 'VIP', kind: 'json' });
    expectStatus(camera, 201);
    f = { app, admin, guest, demo, guestTokenId: token.json<{ id: number }>().id, device: device.json<{ token: string }>().token, other: await buildOtherEvents(app, admin) };
  });
  afterAll(async () => {
    await f?.app.dispose();
  });

  it('has cases for exactly the write routes in the OpenAPI document', async () => {
    const doc = (await f.app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'get')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(documented.sort());
  });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      for (const c of [...sharedCases(route), ...edgeCases(route), ...route.cases]) {
        it(c.fact, async () => {
          // a token's first use in a minute stamps lastUsedAt: use it once before taking the snapshot
          if (route.who === 'device') await f.app.app.inject({ method: 'GET', url: `${EV}/gate-bundle`, headers: { authorization: `Bearer ${f.device}` } });
          const before = await snapshotDb(f.app);
          const en = await send(f, route, c, 'en');
          const zh = await send(f, route, c, 'zh-CN');
          expect(refusalOf(en)).toBe(c.refusal);
          expect(refusalOf(zh)).toBe(c.refusal);
          expect(errorOf(en).message).not.toMatch(HAN);
          expect(errorOf(zh).message).toMatch(HAN);
          const { code, field } = errorOf(en);
          if (field && MESSAGE_NAMES_FIELD.has(code)) {
            expect(errorOf(en).message).toContain(field);
            expect(errorOf(zh).message).toContain(field);
          }
          expect(await snapshotDb(f.app)).toEqual(before);
        });
      }
    });
  }

  describe('hard edges that need a closer look', () => {
    // Five identical creates at once: exactly one is made, the others get the route's own 409, never a 500 from
    // the unique index when two pass the route's check before either inserts.
    const CONCURRENT: Array<{ thing: string; url: string; body: object; refusal: string; table: (typeof TABLES)[number] }> = [
      { thing: 'event slug', url: '/api/v1/events', body: event({ slug: 'race-2020' }), refusal: '409 slug_taken slug', table: 'events' },
      { thing: 'zone code', url: `${EV}/zones`, body: { code: 'RACE', name: bi('竞速区', 'Race') }, refusal: '409 code_taken code', table: 'zones' },
      { thing: 'board code', url: `${EV}/boards`, body: board({ code: 'race-board' }), refusal: '409 code_taken code', table: 'boards' },
      { thing: 'session code', url: `${EV}/sessions`, body: session({ code: 'RACE-1' }), refusal: '409 code_taken code', table: 'sessions' },
      { thing: 'category code', url: `${EV}/categories`, body: category({ code: 'race-cat' }), refusal: '409 code_taken code', table: 'categories' },
      { thing: 'cart code', url: `${EV}/carts`, body: cart({ code: 'C77' }), refusal: '409 code_taken code', table: 'carts' },
      { thing: 'camera code', url: `${EV}/cameras`, body: { code: 'CAM-RACE', name: bi('竞速', 'Race'), zone: 'VIP', kind: 'json' }, refusal: '409 code_taken code', table: 'cameras' },
    ];
    for (const c of CONCURRENT) {
      it(`makes one ${c.thing} of five identical creates sent at once and refuses the rest with ${c.refusal}`, async () => {
        const before = (await snapshotDb(f.app)).counts[c.table] ?? 0;
        const answers = await Promise.all(Array.from({ length: 5 }, () => call(f.app, f.admin, 'POST', c.url, c.body, { 'accept-language': 'zh-CN' })));
        expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
        for (const a of answers.filter((a) => a.statusCode === 409)) {
          expect(refusalOf(a)).toBe(c.refusal);
          expect(errorOf(a).message).toMatch(HAN);
        }
        expect((await snapshotDb(f.app)).counts[c.table]).toBe(before + 1);
      });
    }

    it("answers a unique index's refusal, on this database's driver, as 409 naming the field", async () => {
      const db = f.app.deps.db;
      const zone = await db.selectFrom('zones').selectAll().where('event_id', '=', f.demo.eventId).executeTakeFirstOrThrow();
      const err = await db
        .insertInto('zones')
        .values({ event_id: zone.event_id, code: zone.code, name_zh: 'x', name_en: 'x' })
        .execute()
        .then(
          () => null,
          (e: unknown) => e,
        );
      const violation = uniqueViolation(err);
      expect(violation?.columns).toEqual(['event_id', 'code']);
      expect(takenRefusal(violation!, { code: zone.code })).toEqual({ code: 'code_taken', field: 'code', params: { code: zone.code, value: zone.code } });
    });

    it('refuses request headers over 16 KiB with 431 in the error shape and the caller\'s language, over real HTTP', async () => {
      await f.app.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = f.app.app.server.address() as AddressInfo;
      const ask = (language: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: `${EV}/programme`, agent: false, headers: { 'accept-language': language, 'x-padding': long(20_000) } }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      const en = await ask('en');
      const zh = await ask('zh-CN');
      expect(en.status).toBe(431);
      expect(JSON.parse(en.body)).toEqual({ error: { code: 'headers_too_large', message: 'The request headers are too large.', field: null } });
      expect(zh.status).toBe(431);
      expect(JSON.parse(zh.body).error.message).toMatch(HAN);
    });
  });

  describe('refusals that need a closer look', () => {
    it('answers a wrong password and an unknown email with the same message and no cookie', async () => {
      const attempt = (email: string) => call(f.app, null, 'POST', '/api/v1/auth/login', { email, password: 'not-the-password' }, { 'accept-language': 'zh-CN' });
      const known = await attempt('guest@wic2017.example.org');
      const unknown = await attempt('nobody@wic2017.example.org');
      expect(refusalOf(known)).toBe('401 bad_credentials -');
      expect(errorOf(unknown)).toEqual(errorOf(known));
      expect([...known.cookies, ...unknown.cookies]).toEqual([]);
    });

    it('leaves a session and its people exactly as they were when one person id in an update is unknown', async () => {
      const db = f.app.deps.db;
      const id = F13(f);
      const row = () => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const links = () => db.selectFrom('session_people').selectAll().where('session_id', '=', id).orderBy('position').execute();
      const [rowBefore, linksBefore, dbBefore] = [await row(), await links(), await snapshotDb(f.app)];
      expect(linksBefore.length).toBeGreaterThan(0);

      const res = await call(f.app, f.admin, 'PATCH', `${EV}/sessions/${id}`, {
        title: bi('改过的标题', 'Changed title'),
        startsAt: '2017-12-04T07:00:00Z',
        endsAt: '2017-12-04T08:00:00Z',
        people: [
          { personId: idOf(f.demo.people, 'p-yamamoto'), role: 'moderator' },
          { personId: MISSING, role: 'speaker' },
        ],
      });

      expect(refusalOf(res)).toBe('404 not_found people.1');
      expect(await row()).toEqual(rowBefore);
      expect(await links()).toEqual(linksBefore);
      expect(await snapshotDb(f.app)).toEqual(dbBefore);
    });

    it('answers unstarring a session that is not starred with the unchanged agenda', async () => {
      const before = await snapshotDb(f.app);
      const res = await call(f.app, f.guest, 'DELETE', `${EV}/agenda/${MISSING}`);
      expectStatus(res, 200);
      expect(res.json<{ items: unknown[] }>().items).toEqual([]);
      expect(await snapshotDb(f.app)).toEqual(before);
    });

    it('refuses the agenda stars of an unknown event with 404, naming slug', async () => {
      const res = await call(f.app, f.admin, 'GET', '/api/v1/events/no-such-event/agenda/stars');
      expect(refusalOf(res)).toBe('404 not_found slug');
    });

    it('gives a calendar feed URL for a request without a body', async () => {
      const res = await call(f.app, f.guest, 'POST', `${EV}/agenda/feed`);
      expectStatus(res, 200);
      expect(res.json<{ url: string }>().url).toMatch(/\/api\/v1\/calendar\/[\w.-]+\.ics$/);
    });
  });
});
