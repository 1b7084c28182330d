import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ProgrammeImport } from '../modules/program/program.schema.js';
import { wic2017Programme } from './wic2017.js';

const programme = ProgrammeImport.parse(wic2017Programme());
const sessions = programme.sessions;
const local = (iso: string): DateTime => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });
const byCode = (code: string) => {
  const s = sessions.find((x) => x.code === code);
  if (!s) throw new Error(`no session ${code}`);
  return s;
};
const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }): boolean =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

/** Forum names (zh) and boards exactly as in the source article (docs/demo-wic2017-facts.md). */
const FORUMS: [code: string, board: string, zh: string][] = [
  ['F01', 'board-1', '全球数字经济:深化合作,增强互惠'],
  ['F02', 'board-1', '分享经济:创新与治理'],
  ['F03', 'board-1', '风险投资和互联网产业发展:下一个风口'],
  ['F04', 'board-1', '企业家高峰对话——"迎接万物互联时代"'],
  ['F05', 'board-1', '互联网与金融——回归·绿色·共享'],
  ['F06', 'board-2', '人工智能:让生活更美好'],
  ['F07', 'board-2', '大连接时代:创新智能变革'],
  ['F08', 'board-2', '前沿技术领域科学家高峰对话'],
  ['F09', 'board-3', '包容互鉴:网上文化交流共享'],
  ['F10', 'board-3', '网络传播与社会责任——新时代新机遇新担当'],
  ['F11', 'board-3', '共享红利:互联网精准扶贫'],
  ['F12', 'board-3', '中外部长高峰对话论坛——互联网普惠共享'],
  ['F13', 'board-4', '网络空间国际规则:共识与前景'],
  ['F14', 'board-4', '打击网络犯罪和网络恐怖主义国际合作'],
  ['F15', 'board-4', '网络安全闭门会'],
  ['F16', 'board-4', '守护未来:未成年人网络保护'],
  ['F17', 'board-5', '"数字丝绸之路"国际合作'],
  ['F18', 'board-5', '海峡两岸暨香港、澳门互联网发展论坛'],
  ['F19', 'board-5', '互联网人才培养和交流'],
  ['F20', 'board-5', '互联网国际高端智库:网络空间新型大国关系'],
];

describe('wic2017Programme', () => {
  it('parses as a programme import for the slug wic2017 in Asia/Shanghai, 2017-12-03..05', () => {
    expect(programme.event).toMatchObject({
      slug: 'wic2017',
      timezone: 'Asia/Shanghai',
      startDate: '2017-12-03',
      endDate: '2017-12-05',
      languages: ['zh', 'en'],
    });
    expect(programme.event?.venue?.name.zh).toBe('乌镇互联网国际会展中心');
    expect(programme.event?.note).toMatch(/illustrative/);
  });

  it('has the 5 boards with distinct colours', () => {
    expect(programme.boards.map((b) => b.key)).toEqual(['board-1', 'board-2', 'board-3', 'board-4', 'board-5']);
    expect(new Set(programme.boards.map((b) => b.color)).size).toBe(5);
  });

  it('has the 20 forums of the source, 5/3/4/4/4 per board, with their source names', () => {
    const forums = sessions.filter((s) => s.kind === 'forum' || s.kind === 'closed_door');
    expect(forums.map((s) => [s.code, s.boardKey, s.title.zh]).sort()).toEqual([...FORUMS].sort());
    const perBoard = Object.fromEntries(programme.boards.map((b) => [b.key, forums.filter((f) => f.boardKey === b.key).length]));
    expect(perBoard).toEqual({ 'board-1': 5, 'board-2': 3, 'board-3': 4, 'board-4': 4, 'board-5': 4 });
  });

  it('has exactly one closed-door session, F15, in the closed-door meeting room', () => {
    const closed = sessions.filter((s) => s.kind === 'closed_door');
    expect(closed.map((s) => [s.code, s.roomKey])).toEqual([['F15', 'closed-room']]);
  });

  it('uses the session code as key, and codes are unique', () => {
    for (const s of sessions) expect(s.key).toBe(s.code);
    expect(new Set(sessions.map((s) => s.key)).size).toBe(sessions.length);
  });

  it('never books one room for two overlapping sessions', () => {
    const clashes: string[] = [];
    sessions.forEach((a, i) =>
      sessions.slice(i + 1).forEach((b) => {
        if (a.roomKey === b.roomKey && overlaps(a, b)) clashes.push(`${a.code}/${b.code}`);
      }),
    );
    expect(clashes).toEqual([]);
  });

  it('never puts one person in two overlapping sessions', () => {
    const clashes: string[] = [];
    sessions.forEach((a, i) =>
      sessions.slice(i + 1).forEach((b) => {
        const shared = a.people.filter((p) => b.people.some((q) => q.personKey === p.personKey));
        if (shared.length > 0 && overlaps(a, b)) clashes.push(`${a.code}/${b.code}`);
      }),
    );
    expect(clashes).toEqual([]);
  });

  it('keeps every session within 2017-12-03..05 in Asia/Shanghai, ending after it starts', () => {
    for (const s of sessions) {
      expect(Date.parse(s.endsAt)).toBeGreaterThan(Date.parse(s.startsAt));
      expect((local(s.startsAt).toISODate() ?? '') >= '2017-12-03').toBe(true);
      expect((local(s.endsAt).toISODate() ?? '9999') <= '2017-12-05').toBe(true);
    }
  });

  it('follows the source programme: ceremonies, plenary and release on their days, forums 12-04 to 12-05 morning', () => {
    const at = (code: string) => local(byCode(code).startsAt);
    expect([at('OC').toISODate(), at('OC').hour < 12]).toEqual(['2017-12-03', true]);
    expect([at('PL').toISODate(), at('PL').hour >= 12]).toEqual(['2017-12-03', true]);
    expect([byCode('REL').kind, at('REL').toISODate(), at('REL').hour >= 12]).toEqual(['release', '2017-12-03', true]);
    expect([at('CC').toISODate(), local(byCode('CC').endsAt).hour <= 13]).toEqual(['2017-12-05', true]);
    for (const [code] of FORUMS) {
      const start = at(code);
      const day5Morning = start.toISODate() === '2017-12-05' && local(byCode(code).endsAt).hour < 12;
      expect(start.toISODate() === '2017-12-04' || day5Morning).toBe(true);
    }
    expect(byCode('SE-EXPO')).toMatchObject({ kind: 'side_event', startsAt: '2017-12-03T01:00:00Z', endsAt: '2017-12-05T09:00:00Z' });
  });

  it('references only rooms, boards, people and hosts that exist', () => {
    const rooms = new Set(programme.rooms.map((r) => r.key));
    const boards = new Set(programme.boards.map((b) => b.key));
    const people = new Set(programme.people.map((p) => p.key));
    const orgs = new Set(programme.organisations.map((o) => o.key));
    const zones = new Set(programme.zones.map((z) => z.code));
    for (const r of programme.rooms) expect(zones.has(r.zoneCode ?? '')).toBe(true);
    for (const s of sessions) {
      expect(rooms.has(s.roomKey ?? '')).toBe(true);
      if (s.boardKey != null) expect(boards.has(s.boardKey)).toBe(true);
      for (const p of s.people) expect(people.has(p.personKey)).toBe(true);
      for (const h of s.hostKeys) expect(orgs.has(h)).toBe(true);
    }
  });

  it('expects no more audience than the room seats', () => {
    const capacity = new Map(programme.rooms.map((r) => [r.key, r.capacity ?? 0]));
    const over = sessions.filter((s) => (s.expectedAudience ?? 0) > (capacity.get(s.roomKey ?? '') ?? 0));
    expect(over.map((s) => s.code)).toEqual([]);
  });

  it('gives every forum 1 to 4 fictional people and uses every listed person', () => {
    for (const [code] of FORUMS) expect(byCode(code).people.length).toBeGreaterThanOrEqual(1);
    for (const [code] of FORUMS) expect(byCode(code).people.length).toBeLessThanOrEqual(4);
    const used = new Set(sessions.flatMap((s) => s.people.map((p) => p.personKey)));
    expect(programme.people.filter((p) => !used.has(p.key))).toEqual([]);
    for (const p of programme.people) expect(p.bio?.en).toMatch(/Fictional/);
  });

  it('offers zh/en interpretation on channels 1 and 2 for every forum', () => {
    for (const [code] of FORUMS) {
      expect(byCode(code).interpretation).toEqual([
        { channel: 1, language: 'zh' },
        { channel: 2, language: 'en' },
      ]);
    }
  });
});
