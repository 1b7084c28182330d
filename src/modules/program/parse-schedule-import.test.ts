import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportScheduleJson } from './export-schedule-json.js';
import { exportScheduleXml } from './export-schedule-xml.js';
import { SNAPSHOT } from './fixtures/snapshot.fixture.js';
import { detectScheduleFormat, parseScheduleImport, type ScheduleImportResult } from './parse-schedule-import.js';
import type { ProgrammeImport } from './program.schema.js';

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/schedule/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');

function imported(r: ScheduleImportResult): { programme: ProgrammeImport; warnings: string[] } {
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.message}`);
  return r;
}
const instant = (iso: string): number => Date.parse(iso);

describe('detectScheduleFormat', () => {
  it('trusts the content over the file name and falls back on the extension', () => {
    expect(detectScheduleFormat('schedule.json', '\uFEFF  <?xml version="1.0"?><schedule/>')).toBe('xml');
    expect(detectScheduleFormat('upload.bin', '{"schedule":{}}')).toBe('json');
    expect(detectScheduleFormat('Schedule.XML', 'garbage')).toBe('xml');
    expect(detectScheduleFormat('notes.txt', 'garbage')).toBeNull();
  });
});

describe('parseScheduleImport: round trip of our own exports', () => {
  const publicSessions = SNAPSHOT.sessions.filter((s) => !s.closed);
  const publicPeople = new Set(publicSessions.flatMap((s) => s.people.map((p) => String(p.personId))));
  const cases = [
    ['json', 'zh', JSON.stringify(exportScheduleJson(SNAPSHOT, { lang: 'zh', baseUrl: 'https://wic.example.org' }))],
    ['json', 'en', JSON.stringify(exportScheduleJson(SNAPSHOT, { lang: 'en', baseUrl: '' }))],
    ['xml', 'zh', exportScheduleXml(SNAPSHOT, { lang: 'zh', baseUrl: 'https://wic.example.org' })],
    ['xml', 'en', exportScheduleXml(SNAPSHOT, { lang: 'en', baseUrl: '' })],
  ] as const;

  for (const [format, lang, text] of cases) {
    it(`gives back the public sessions, rooms, people, boards and times from ${format} (${lang})`, () => {
      const { programme, warnings } = imported(parseScheduleImport(text, format));
      expect(warnings).toEqual([]);
      expect(programme.event).toMatchObject({
        slug: 'wic2017',
        timezone: 'Asia/Shanghai',
        startDate: '2017-12-03',
        endDate: '2017-12-05',
        languages: ['zh', 'en'],
      });
      expect(programme.sessions).toHaveLength(publicSessions.length);
      // the room-less session comes back in a room named after the venue: one more room than the snapshot
      expect(programme.rooms.map((r) => r.key)).toEqual([
        ...SNAPSHOT.rooms.map((r) => r.name[lang]),
        SNAPSHOT.event.venue?.name[lang],
      ]);
      expect(programme.boards.map((b) => b.key)).toEqual(SNAPSHOT.boards.map((b) => b.title[lang]));
      expect(new Set(programme.people.map((p) => p.key))).toEqual(publicPeople);
      const times = (list: { guid?: string | undefined; startsAt: string; endsAt: string }[]) =>
        list.map((s) => [s.guid, instant(s.startsAt), instant(s.endsAt)]).sort();
      expect(times(programme.sessions)).toEqual(times(publicSessions));
      expect(programme.sessions.map((s) => s.key).sort()).toEqual(publicSessions.map((s) => s.guid).sort());
    });
  }

  it('recovers both titles from the subtitle our export writes, and keeps CJK names without a Latin form', () => {
    const { programme } = imported(parseScheduleImport(cases[2][2], 'xml'));
    expect(programme.sessions.find((s) => s.key === SNAPSHOT.sessions[0]?.guid)?.title).toEqual({
      zh: '开幕式',
      en: 'Opening ceremony',
    });
    expect(programme.people.find((p) => p.key === '11')).toEqual({ key: '11', name: '王芳' });
    expect(programme.people.find((p) => p.key === '13')).toEqual({
      key: '13',
      name: 'Anna Schmidt',
      nameLatin: 'Anna Schmidt',
    });
    expect(programme.sessions.find((s) => s.key === SNAPSHOT.sessions[3]?.guid)?.roomKey).toBe(
      '乌镇互联网国际会展中心',
    );
  });
});

describe('parseScheduleImport: real third-party files', () => {
  it('imports the pretalx DemoCon export: 36 sessions, 2 rooms, 2 tracks, 27 speakers', () => {
    const { programme, warnings } = imported(parseScheduleImport(fixture('pretalx-democon.json'), 'json'));
    expect(warnings).toEqual([]);
    expect(programme.event).toEqual({
      slug: 'democon',
      name: { zh: 'DemoCon', en: 'DemoCon' },
      timezone: 'UTC',
      startDate: '2020-12-14',
      endDate: '2020-12-16',
      languages: ['en'],
    });
    expect(programme.sessions).toHaveLength(36);
    expect(programme.rooms.map((r) => r.key)).toEqual(['Gray Room', 'Tan Room']);
    expect(programme.boards.map((b) => b.key).sort()).toEqual(['Horizontal', 'Phased']);
    expect(programme.people).toHaveLength(27);
    expect(programme.sessions.filter((s) => s.roomKey === 'Tan Room')).toHaveLength(9);
    // "2020-12-14T09:00:00+01:00": the explicit offset wins over the stated UTC zone
    expect(programme.sessions[0]).toMatchObject({
      key: '8079583e-8321-506c-95af-fd2903a5f075',
      guid: '8079583e-8321-506c-95af-fd2903a5f075',
      kind: 'forum',
      boardKey: 'Phased',
      roomKey: 'Gray Room',
      languages: ['en'],
      title: { zh: 'Focused 5thgeneration hardware', en: 'Focused 5thgeneration hardware' },
      startsAt: '2020-12-14T08:00:00Z',
      endsAt: '2020-12-14T08:30:00Z',
      people: [{ personKey: '26', role: 'speaker' }],
    });
    expect(programme.people.find((p) => p.key === '26')).toMatchObject({
      name: 'Brian Robinson',
      nameLatin: 'Brian Robinson',
    });
  });

  it("imports the validator's invalid sample with a warning about its misplaced rooms", () => {
    const { programme, warnings } = imported(parseScheduleImport(fixture('invalid-example.json'), 'json'));
    expect(warnings).toEqual(['rooms are listed beside the conference instead of inside it: read them anyway']);
    expect(programme.event).toMatchObject({
      slug: 'winterchaos2022',
      timezone: 'Europe/Zurich',
      startDate: '2022-12-28',
      endDate: '2022-12-30',
      languages: ['de'],
    });
    expect(programme.rooms.map((r) => r.key)).toEqual(['Winterchaos']);
    expect(programme.sessions).toHaveLength(1);
    expect(programme.sessions[0]).toMatchObject({
      key: '7a0fc001-e587-47e1-b378-b6ec7e666337',
      startsAt: '2022-12-28T13:00:00Z',
      endsAt: '2022-12-28T13:45:00Z',
      people: [{ personKey: 'dsadf', role: 'speaker' }],
    });
    expect(programme.sessions[0]?.description?.en).not.toContain('<br');
    expect(programme.people).toEqual([{ key: 'dsadf', name: 'Mänu', nameLatin: 'Mänu' }]);
  });
});

describe('parseScheduleImport: lenient reading', () => {
  const frab2014 = `<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <version>Ringelnatz</version>
  <conference>
    <acronym>FrOSCon 2014</acronym><title>FrOSCon 2014</title>
    <start>2014-08-23</start><end>2014-08-24</end><days>2</days>
    <timeslot_duration>00:15</timeslot_duration><time_zone_name>Europe/Berlin</time_zone_name>
  </conference>
  <day index="1" date="2014-08-23" start="2014-08-23T10:00:00+02:00" end="2014-08-23T19:00:00+02:00">
    <room name="HS1">
      <event guid="1534" id="1534">
        <date>2014-08-23T10:00:00+02:00</date><start>10:00</start><duration>00:45</duration><room>HS1</room>
        <title>Eröffnung</title><subtitle/><track>FrOSCon</track><type>lecture</type><language>de</language>
        <abstract/><description/>
        <persons><person id="7">Holger Müller</person><person id="8">张伟</person></persons><links/>
      </event>
      <event guid="1535" id="1535">
        <start>11:00</start><room>HS1</room><title>Lightning</title><type>game</type><language>German</language>
        <persons><person id="7">Holger Müller</person></persons>
      </event>
      <event guid="1536" id="1536">
        <date>yesterday</date><start>25:99</start><duration>00:30</duration><title>Broken</title><type>lecture</type>
      </event>
    </room>
  </day>
</schedule>`;

  it('derives stable UUIDs, assumes missing durations, maps unknown types and skips unreadable dates, with warnings', () => {
    const { programme, warnings } = imported(parseScheduleImport(frab2014, 'xml'));
    const again = imported(parseScheduleImport(frab2014, 'xml'));
    const [opening, lightning] = programme.sessions;
    expect(programme.sessions.map((s) => s.key)).toEqual(['1534', '1535']);
    expect(opening?.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.programme.sessions.map((s) => s.guid)).toEqual(programme.sessions.map((s) => s.guid));
    expect(opening?.guid).not.toBe(lightning?.guid);
    expect(warnings).toEqual([
      `event "Eröffnung" (1534) has a guid that is not a UUID: derived ${opening?.guid}`,
      'event "Lightning" (1535) has no readable duration: assumed 1 hour',
      `event "Lightning" (1535) has a guid that is not a UUID: derived ${lightning?.guid}`,
      'event "Broken" (1536) has no readable start date/time: skipped',
      'unknown session type "game" (1 session): imported as forum',
      '"German" is not a language tag: ignored',
    ]);
    expect(opening).toMatchObject({
      kind: 'forum',
      startsAt: '2014-08-23T08:00:00Z',
      endsAt: '2014-08-23T08:45:00Z',
      boardKey: 'FrOSCon',
      languages: ['de'],
    });
    // no offset: 11:00 on the day, read in the conference's Europe/Berlin summer time
    expect(lightning).toMatchObject({
      kind: 'forum',
      startsAt: '2014-08-23T09:00:00Z',
      endsAt: '2014-08-23T10:00:00Z',
      languages: [],
      boardKey: null,
    });
    expect(programme.event).toMatchObject({
      slug: 'froscon-2014',
      timezone: 'Europe/Berlin',
      startDate: '2014-08-23',
      endDate: '2014-08-24',
      languages: ['de'],
    });
    expect(programme.people).toEqual([
      { key: '7', name: 'Holger Müller', nameLatin: 'Holger Müller' },
      { key: '8', name: '张伟' },
    ]);
  });

  it('refuses text that is not XML or JSON as unreadable, and well-formed non-schedules as not_a_schedule', () => {
    expect(parseScheduleImport('Programme: opening at nine', 'json')).toMatchObject({ ok: false, code: 'unreadable' });
    expect(parseScheduleImport('<schedule><day></schedule>', 'xml')).toMatchObject({ ok: false, code: 'unreadable' });
    expect(parseScheduleImport('', 'xml')).toMatchObject({ ok: false, code: 'unreadable' });
    expect(parseScheduleImport('{"schedule":{"version":"1"}}', 'json')).toEqual({
      ok: false,
      code: 'not_a_schedule',
      message: 'no schedule with a conference in it',
    });
    expect(parseScheduleImport('[1,2,3]', 'json')).toMatchObject({ ok: false, code: 'not_a_schedule' });
    expect(parseScheduleImport('<html><body>hi</body></html>', 'xml')).toMatchObject({
      ok: false,
      code: 'not_a_schedule',
    });
  });
});
