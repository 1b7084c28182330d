import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { inCI } from '../../../tests/support/ci.js';
import { exportProgrammeCsv } from './export-programme-csv.js';
import { exportScheduleJson } from './export-schedule-json.js';
import { exportScheduleXml } from './export-schedule-xml.js';
import { parseScheduleImport } from './parse-schedule-import.js';
import { SNAPSHOT } from './fixtures/snapshot.fixture.js';

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/schedule/', import.meta.url));
const XSD = `${FIXTURES}schedule.xml.xsd`;
const BASE = 'https://wic.example.org/2017';
const CLOSED = SNAPSHOT.sessions.find((s) => s.closed);

const HAS_XMLLINT = spawnSync('xmllint', ['--version']).error === undefined;
if (!HAS_XMLLINT && !inCI) console.log('xmllint not installed: skipping XSD validation');

function xmllint(xml: string): { ok: boolean; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, '-'], { input: xml, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

const validateSchedule = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object);
  addFormats.default(ajv);
  // The schema uses format "color" without defining it; the XSD's hexColor is the definition we honour.
  ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/);
  return ajv.compile(JSON.parse(readFileSync(`${FIXTURES}schema.json`, 'utf8')) as object);
})();

function validateJson(doc: unknown): string[] {
  return validateSchedule(doc)
    ? []
    : (validateSchedule.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** [date, room, start, title] for every event, in document order. */
function xmlTimetable(xml: string): string[][] {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    isArray: (n) => ['day', 'room', 'event', 'person'].includes(n),
  }).parse(xml) as {
    schedule: {
      day: {
        '@_date': string;
        room?: { '@_name': string; event?: { start: string; title: string; room: string }[] }[];
      }[];
    };
  };
  return doc.schedule.day.flatMap((d) =>
    (d.room ?? []).flatMap((r) => (r.event ?? []).map((e) => [d['@_date'], r['@_name'], e.start, e.title])),
  );
}

const ZH_TIMETABLE = [
  ['2017-12-03', '主会场', '09:00', '开幕式'],
  ['2017-12-03', '主会场', '14:00', '全会'],
  ['2017-12-03', '主会场', '16:30', '世界互联网领先科技成果发布'],
  ['2017-12-04', '第一分会场', '09:00', '人工智能:让生活更美好'],
  ['2017-12-04', '第一分会场', '14:00', '网络空间国际规则:共识与前景'],
  ['2017-12-04', '第二分会场', '09:00', '全球数字经济:深化合作,增强互惠'],
  ['2017-12-04', '第二分会场', '18:00', '乌镇咖荟'],
  ['2017-12-04', '乌镇互联网国际会展中心', '07:30', '"互联网纪念林"植树'],
  ['2017-12-05', '主会场', '09:00', '闭幕式'],
];

describe('exportScheduleXml', () => {
  it('validates against the schedule.xml XSD in both languages and without an http base URL', ({ skip }) => {
    if (!HAS_XMLLINT) {
      if (inCI) throw new Error('xmllint is required in CI (apt-get install libxml2-utils)');
      return skip();
    }
    for (const opts of [
      { lang: 'zh', baseUrl: BASE },
      { lang: 'en', baseUrl: BASE },
      { lang: 'en', baseUrl: '' },
    ] as const) {
      expect(xmllint(exportScheduleXml(SNAPSHOT, opts))).toEqual({ ok: true, stderr: '- validates\n' });
    }
  });

  it('is rejected by the XSD once an event guid is not a UUID (the validation really bites)', ({ skip }) => {
    if (!HAS_XMLLINT) return inCI ? expect.fail('xmllint missing in CI') : skip();
    const broken = exportScheduleXml(SNAPSHOT, { lang: 'zh', baseUrl: BASE }).replace(
      `guid="${SNAPSHOT.sessions[0]?.guid}"`,
      'guid="101"',
    );
    expect(xmllint(broken).ok).toBe(false);
  });

  it('lists every public session under its local day and room, in Chinese for zh', () => {
    expect(xmlTimetable(exportScheduleXml(SNAPSHOT, { lang: 'zh', baseUrl: BASE }))).toEqual(ZH_TIMETABLE);
  });

  it('writes local ISO dates with the +08:00 offset, local start and duration', () => {
    const xml = exportScheduleXml(SNAPSHOT, { lang: 'zh', baseUrl: BASE });
    expect(xml).toContain(
      '<date>2017-12-03T09:00:00+08:00</date>\n        <start>09:00</start>\n        <duration>01:30</duration>',
    );
    expect(xml).toContain(
      '<day index="2" date="2017-12-04" start="2017-12-04T00:00:00+08:00" end="2017-12-04T23:59:59+08:00">',
    );
    expect(xml).toContain('<time_zone_name>Asia/Shanghai</time_zone_name>');
    expect(xml).toContain('<person id="12">李明</person>');
  });

  it('leaves the closed-door session, and the person only it had, out', () => {
    for (const lang of ['zh', 'en'] as const) {
      const xml = exportScheduleXml(SNAPSHOT, { lang, baseUrl: BASE });
      expect(xml).not.toContain(CLOSED?.guid);
      expect(xml).not.toContain('网络安全闭门会');
      expect(xml).not.toContain('Cybersecurity closed-door meeting');
      expect(xml).not.toContain('陈静');
    }
  });

  it('uses English titles for en, falling back to Chinese where the English one is empty', () => {
    const rows = xmlTimetable(exportScheduleXml(SNAPSHOT, { lang: 'en', baseUrl: BASE }));
    expect(rows.map((r) => r[3])).toEqual([
      'Opening ceremony',
      'Plenary session',
      "Release of the world's leading internet achievements",
      'Artificial intelligence: making life better',
      'International rules for cyberspace: consensus and prospects',
      'Global digital economy: deeper cooperation',
      '乌镇咖荟',
      'Tree planting in the Internet Memorial Forest',
      'Closing ceremony',
    ]);
    expect(rows[7]?.[1]).toBe('Wuzhen Internet International Convention Center');
  });
});

describe('text with & through schedule.xml and back', () => {
  // What organisers paste: HTML entities written out, company names, markup and a character reference.
  const TITLE_EN = 'AT&T &mdash; R&D <live> &amp; "more"';
  const DESCRIPTION = 'Abstract with &mdash; and AT&T; &#38; stays as typed, 5 < 6 & 7 > 3';
  const first = SNAPSHOT.sessions.find((s) => !s.closed && s.boardId !== null && s.roomId !== null && s.people.length > 0)!;
  const snap = {
    ...SNAPSHOT,
    boards: SNAPSHOT.boards.map((b) => (b.id === first.boardId ? { ...b, title: { zh: '研发 R&D', en: 'R&D &amp; more' } } : b)),
    rooms: SNAPSHOT.rooms.map((r) => (r.id === first.roomId ? { ...r, name: { zh: '主会场 A&B', en: 'Hall A&B &mdash; main' } } : r)),
    people: SNAPSHOT.people.map((p) => (p.id === first.people[0]?.personId ? { ...p, name: 'Procter & Gamble &amp; Co' } : p)),
    sessions: SNAPSHOT.sessions.map((s) => (s.id === first.id ? { ...s, title: { zh: '开幕式 &mdash; AT&T', en: TITLE_EN }, description: { zh: DESCRIPTION, en: DESCRIPTION } } : s)),
  };

  it('is well-formed and valid against the XSD in both languages', ({ skip }) => {
    if (!HAS_XMLLINT) return inCI ? expect.fail('xmllint missing in CI') : skip();
    for (const lang of ['zh', 'en'] as const) expect(xmllint(exportScheduleXml(snap, { lang, baseUrl: BASE }))).toEqual({ ok: true, stderr: '- validates\n' });
  });

  it('escapes every & once, entity-like or not, in text and attributes', () => {
    const xml = exportScheduleXml(snap, { lang: 'en', baseUrl: BASE });
    expect(xml).toContain('<title>AT&amp;T &amp;mdash; R&amp;D &lt;live&gt; &amp;amp; "more"</title>');
    expect(xml).toContain('<room name="Hall A&amp;B &amp;mdash; main"');
    expect(xml).toContain('&amp;#38; stays as typed');
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });

  it('imports back the same titles, abstract, room, track and person', () => {
    for (const lang of ['zh', 'en'] as const) {
      const parsed = parseScheduleImport(exportScheduleXml(snap, { lang, baseUrl: BASE }), 'xml');
      if (!parsed.ok) throw new Error(parsed.message);
      const session = parsed.programme.sessions.find((s) => s.guid === first.guid)!;
      expect(session.title).toEqual({ zh: '开幕式 &mdash; AT&T', en: TITLE_EN });
      expect(session.description).toEqual({ zh: DESCRIPTION, en: DESCRIPTION });
      expect(session.boardKey).toBe(lang === 'en' ? 'R&D &amp; more' : '研发 R&D');
      expect(parsed.programme.rooms.map((r) => r.name[lang])).toContain(lang === 'en' ? 'Hall A&B &mdash; main' : '主会场 A&B');
      expect(parsed.programme.people.map((p) => p.name)).toContain('Procter & Gamble &amp; Co');
    }
  });

  it('reads character references of a frab file as the characters they stand for', () => {
    const xml = exportScheduleXml(snap, { lang: 'en', baseUrl: BASE }).replace('<title>AT&amp;T &amp;mdash;', '<title>AT&#38;T &#x2014;');
    const parsed = parseScheduleImport(xml, 'xml');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.programme.sessions.find((s) => s.guid === first.guid)?.title.en).toBe('AT&T — R&D <live> &amp; "more"');
  });
});

describe('exportScheduleJson', () => {
  type Day = {
    date: string;
    rooms: Record<
      string,
      { start: string; date: string; title: string; subtitle: string; duration: string; persons: unknown[] }[]
    >;
  };
  const zh = exportScheduleJson(SNAPSHOT, { lang: 'zh', baseUrl: BASE }) as {
    schedule: {
      conference: {
        acronym: string;
        daysCount: number;
        time_zone_name: string;
        days: Day[];
        tracks: { name: string }[];
      };
    };
  };

  it('validates against the schedule.json schema (and the schema rejects the invalid sample)', () => {
    expect(validateJson(zh)).toEqual([]);
    expect(validateJson(exportScheduleJson(SNAPSHOT, { lang: 'en', baseUrl: 'not a url' }))).toEqual([]);
    expect(validateJson(JSON.parse(readFileSync(`${FIXTURES}pretalx-democon.json`, 'utf8')))).toEqual([]);
    expect(validateJson(JSON.parse(readFileSync(`${FIXTURES}invalid-example.json`, 'utf8')))).toContain(
      '/schedule/rooms boolean schema is false',
    );
  });

  it('carries the same timetable as the XML export', () => {
    const rows = zh.schedule.conference.days.flatMap((d) =>
      Object.entries(d.rooms).flatMap(([room, events]) => events.map((e) => [d.date, room, e.start, e.title])),
    );
    expect(rows).toEqual(ZH_TIMETABLE);
    expect(zh.schedule.conference).toMatchObject({ acronym: 'wic2017', daysCount: 3, time_zone_name: 'Asia/Shanghai' });
    expect(zh.schedule.conference.tracks.map((t) => t.name)).toEqual([
      '数字经济:造福人类社会',
      '前沿技术:拓展未来空间',
      '网络空间治理:完善国际规则',
    ]);
  });

  it('starts the 2017-12-03T01:00:00Z session at 09:00 local on 2017-12-03, with the English title as subtitle', () => {
    const opening = zh.schedule.conference.days[0]?.rooms['主会场']?.[0];
    expect(opening).toMatchObject({
      date: '2017-12-03T09:00:00+08:00',
      start: '09:00',
      duration: '01:30',
      title: '开幕式',
      subtitle: 'Opening ceremony',
    });
    expect(opening?.persons).toEqual([
      { id: 11, public_name: '王芳', biography: null },
      { id: 13, public_name: 'Anna Schmidt', biography: null },
    ]);
  });

  it('leaves the closed-door session out', () => {
    const text = JSON.stringify(exportScheduleJson(SNAPSHOT, { lang: 'en', baseUrl: BASE }));
    expect(text).not.toContain(CLOSED?.guid);
    expect(text).not.toContain('Cybersecurity closed-door meeting');
    expect(text).not.toContain('陈静');
  });
});

describe('exportProgrammeCsv', () => {
  const rows = (csv: string) => parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];

  it('writes one row per public session with local day and times, both titles and a BOM for Excel', () => {
    const csv = exportProgrammeCsv(SNAPSHOT, { lang: 'zh' });
    expect(
      csv.startsWith(
        '\uFEFFcode,kind,board,title_zh,title_en,day,start,end,room,speakers,languages,interpretation,guid\n',
      ),
    ).toBe(true);
    const all = rows(csv);
    expect(all.map((r) => r.code)).toEqual(['C01', 'P01', 'R01', 'S01', 'F06', 'F01', 'F13', 'S02', 'C02']);
    expect(all[4]).toEqual({
      code: 'F06',
      kind: 'forum',
      board: '前沿技术:拓展未来空间',
      title_zh: '人工智能:让生活更美好',
      title_en: 'Artificial intelligence: making life better',
      day: '2017-12-04',
      start: '09:00',
      end: '12:00',
      room: '第一分会场',
      speakers: '李明; Anna Schmidt; Ahmed Hassan; 王芳(主持)',
      languages: 'zh; en',
      interpretation: '1:zh; 2:en; 3:ar',
      guid: '3b5c2f0e-8a6d-4c21-9f3e-1a2b3c4d5e05',
    });
    expect(all[3]).toMatchObject({ code: 'S01', day: '2017-12-04', start: '07:30', end: '08:30', room: '' });
  });

  it('includes the closed-door session only when asked', () => {
    expect(exportProgrammeCsv(SNAPSHOT, { lang: 'en' })).not.toContain('F15');
    const closed = rows(exportProgrammeCsv(SNAPSHOT, { lang: 'en', includeClosed: true })).find(
      (r) => r.code === 'F15',
    );
    expect(closed).toMatchObject({
      kind: 'closed_door',
      board: 'Cyberspace governance: improving international rules',
      start: '14:00',
      speakers: '陈静',
    });
  });
});
