import { describe, expect, it } from 'vitest';
import { exportCalendar, vtimezone } from './export-calendar.js';
import { SNAPSHOT } from './fixtures/snapshot.fixture.js';

/** RFC 5545 unfolding: a CRLF followed by one space or tab continues the previous line. */
const lines = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

/** Property lines of each VEVENT, keyed by UID. */
function events(ics: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines(ics)) {
    if (line === 'BEGIN:VEVENT') current = [];
    else if (line === 'END:VEVENT' && current) {
      out.set(current.find((l) => l.startsWith('UID:'))?.slice(4) ?? '', current);
      current = undefined;
    } else current?.push(line);
  }
  return out;
}

const guid = (n: number): string => `3b5c2f0e-8a6d-4c21-9f3e-1a2b3c4d5e${String(n).padStart(2, '0')}`;

describe('exportCalendar', () => {
  const zh = exportCalendar(SNAPSHOT, { lang: 'zh' });

  it('writes one VEVENT per public session, with the session guid as UID', () => {
    expect([...events(zh).keys()]).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10].map(guid));
    expect(zh.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(9);
  });

  it('writes Wuzhen wall-clock times under TZID=Asia/Shanghai and a matching VTIMEZONE', () => {
    const opening = events(zh).get(guid(1));
    expect(opening).toContain('DTSTART;TZID=Asia/Shanghai:20171203T090000');
    expect(opening).toContain('DTEND;TZID=Asia/Shanghai:20171203T103000');
    expect(opening).toContain('DTSTAMP:20171130T020000Z');
    expect(opening).toContain('SEQUENCE:3');
    // 23:30 UTC on the 3rd is 07:30 on the 4th in Wuzhen
    expect(events(zh).get(guid(4))).toContain('DTSTART;TZID=Asia/Shanghai:20171204T073000');
    const all = lines(zh);
    const start = all.indexOf('BEGIN:VTIMEZONE');
    expect(all.slice(start, start + 9)).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Shanghai',
      'X-LIC-LOCATION:Asia/Shanghai',
      'BEGIN:STANDARD',
      'DTSTART:20170101T000000',
      'TZOFFSETFROM:+0800',
      'TZOFFSETTO:+0800',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it('fills summary, location, categories and a description naming speakers and interpretation', () => {
    const ai = events(zh).get(guid(5));
    expect(ai).toEqual(
      expect.arrayContaining([
        'SUMMARY:人工智能:让生活更美好',
        'LOCATION:第一分会场',
        'CATEGORIES:前沿技术:拓展未来空间,forum',
        'DESCRIPTION:人工智能的应用与治理。\\n\\n嘉宾: 李明\\, Anna Schmidt\\, Ahmed Hassan\\, 王芳\\n\\n同声传译: 1 频道 zh · 2 频道 en · 3 频道 ar',
        'CLASS:PUBLIC',
      ]),
    );
    // no room: the venue stands in
    expect(events(zh).get(guid(4))).toContain('LOCATION:乌镇互联网国际会展中心');
  });

  it('names the calendar and titles events in English for en, falling back to Chinese', () => {
    const en = exportCalendar(SNAPSHOT, {
      lang: 'en',
      name: 'WIC 2017 — my agenda',
      url: 'https://wic.example.org/me.ics',
    });
    expect(lines(en)).toEqual(
      expect.arrayContaining(['NAME:WIC 2017 — my agenda', 'URL:https://wic.example.org/me.ics']),
    );
    expect(events(en).get(guid(1))).toContain('SUMMARY:Opening ceremony');
    expect(events(en).get(guid(9))).toContain('SUMMARY:乌镇咖荟');
  });

  it('leaves the closed-door session out unless includeClosed, and then marks it PRIVATE', () => {
    expect(zh).not.toContain(guid(7));
    expect(zh).not.toContain('网络安全闭门会');
    const invited = exportCalendar(SNAPSHOT, { lang: 'zh', includeClosed: true });
    expect(events(invited).size).toBe(10);
    expect(events(invited).get(guid(7))).toEqual(expect.arrayContaining(['SUMMARY:网络安全闭门会', 'CLASS:PRIVATE']));
  });

  it('filters to a personal agenda by session ids and to a board by boardId', () => {
    expect([...events(exportCalendar(SNAPSHOT, { lang: 'en', sessionIds: [101, 107, 110] })).keys()]).toEqual([
      guid(1),
      guid(10),
    ]);
    expect([
      ...events(exportCalendar(SNAPSHOT, { lang: 'en', sessionIds: [107], includeClosed: true })).keys(),
    ]).toEqual([guid(7)]);
    expect([...events(exportCalendar(SNAPSHOT, { lang: 'en', boardId: 2 })).keys()]).toEqual([guid(3), guid(5)]);
  });
});

describe('vtimezone', () => {
  it('writes the 2017 daylight-saving transitions of Europe/Berlin at their local wall time', () => {
    expect(vtimezone('Europe/Berlin', 2017, 2017)?.split('\r\n')).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Berlin',
      'X-LIC-LOCATION:Europe/Berlin',
      'BEGIN:STANDARD',
      'DTSTART:20170101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20170326T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20171029T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it('returns null for a zone the platform does not know', () => {
    expect(vtimezone('Mars/Olympus_Mons', 2017, 2017)).toBeNull();
  });
});
