import type { ProgrammeImportInput } from '../src/modules/program/program.schema.js';

type Session = NonNullable<ProgrammeImportInput['sessions']>[number];

const KINDS = ['forum', 'plenary', 'release', 'side_event'] as const;
const SLOT_MINUTES = 75;

/**
 * A big, plausible programme: `sessions` sessions laid out over 3 days on a grid of rooms and 8 slots a day
 * (no room is double-booked), each with a moderator and two speakers drawn from a pool of people, spread over
 * boards, with bilingual titles and descriptions of realistic length. Nothing closed-door: everyone sees it all.
 */
export function syntheticProgramme(slug: string, sessions: number): ProgrammeImportInput {
  const days = ['2017-12-03', '2017-12-04', '2017-12-05'];
  const slotsPerDay = 8;
  const roomCount = Math.max(1, Math.ceil(sessions / (days.length * slotsPerDay)));
  const boardCount = 10;
  const peopleCount = Math.max(3, Math.round(sessions * 0.6));

  const rooms = Array.from({ length: roomCount }, (_, i) => ({
    key: `room-${i + 1}`,
    name: { zh: `第${i + 1}会议厅`, en: `Hall ${i + 1}` },
    capacity: 100 + ((i * 37) % 900),
    floor: `${(i % 4) + 1}F`,
  }));
  const boards = Array.from({ length: boardCount }, (_, i) => ({
    key: `board-${i + 1}`,
    title: { zh: `第${i + 1}板块：数字经济与网络治理`, en: `Board ${i + 1}: digital economy and internet governance` },
  }));
  const people = Array.from({ length: peopleCount }, (_, i) => ({
    key: `person-${i + 1}`,
    name: i % 3 === 0 ? `张伟${i + 1}` : `Alex Example ${i + 1}`,
    organisation: `Organisation ${(i % 40) + 1}`,
    title: { zh: '首席研究员', en: 'Chief researcher' },
    bio: { zh: '长期从事互联网治理与数字经济研究。'.repeat(3), en: 'Works on internet governance and the digital economy. '.repeat(3) },
  }));

  const list: Session[] = [];
  for (let n = 0; n < sessions; n++) {
    const room = n % roomCount;
    const slot = Math.floor(n / roomCount);
    const day = days[Math.floor(slot / slotsPerDay) % days.length]!;
    // 09:00 Asia/Shanghai is 01:00 UTC
    const start = new Date(`${day}T01:00:00Z`).getTime() + (slot % slotsPerDay) * SLOT_MINUTES * 60_000;
    const p = (k: number) => `person-${((n * 3 + k) % peopleCount) + 1}`;
    list.push({
      key: `s-${n + 1}`,
      code: `S${String(n + 1).padStart(3, '0')}`,
      kind: KINDS[n % KINDS.length]!,
      boardKey: `board-${(n % boardCount) + 1}`,
      title: { zh: `分论坛 ${n + 1}：人工智能与数字丝绸之路`, en: `Forum ${n + 1}: artificial intelligence and the digital silk road` },
      description: {
        zh: '本场论坛邀请政府、企业和学界代表，围绕数字经济、网络安全和国际合作展开深入交流。'.repeat(2),
        en: 'Speakers from government, industry and academia discuss the digital economy, cybersecurity and international cooperation. '.repeat(
          2,
        ),
      },
      languages: ['zh', 'en'],
      interpretation: [
        { channel: 1, language: 'zh' },
        { channel: 2, language: 'en' },
      ],
      roomKey: `room-${room + 1}`,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + (SLOT_MINUTES - 15) * 60_000).toISOString(),
      expectedAudience: 80,
      people: [
        { personKey: p(0), role: 'moderator' },
        { personKey: p(1), role: 'speaker' },
        { personKey: p(2), role: 'speaker' },
      ],
    });
  }

  return {
    event: {
      slug,
      name: { zh: `基准测试大会（${sessions}场）`, en: `Benchmark summit (${sessions} sessions)` },
      timezone: 'Asia/Shanghai',
      startDate: days[0]!,
      endDate: days[days.length - 1]!,
      languages: ['zh', 'en'],
    },
    rooms,
    boards,
    people,
    sessions: list,
  };
}
