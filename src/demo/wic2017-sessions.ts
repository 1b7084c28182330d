import type { PersonRole, ProgrammeImportInput, SessionKind } from '../modules/program/program.schema.js';

type SessionInput = NonNullable<ProgrammeImportInput['sessions']>[number];

/** Local wall-clock time in Asia/Shanghai (UTC+8, no DST since 1991) on 2017-12-dd as a UTC instant. */
export function shanghai(day: 3 | 4 | 5, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2017, 11, day, (h ?? 0) - 8, m ?? 0)).toISOString().replace('.000Z', 'Z');
}

interface Def {
  code: string;
  kind: SessionKind;
  board?: 1 | 2 | 3 | 4 | 5;
  title: [zh: string, en: string];
  about: [zh: string, en: string];
  room: string;
  day: 3 | 4 | 5;
  /** local times in Asia/Shanghai; `untilDay` lets the expo run over several days */
  from: string;
  to: string;
  untilDay?: 3 | 4 | 5;
  audience: number;
  people?: [personKey: string, role: PersonRole][];
  hosts?: string[];
  /** simultaneous interpretation zh/en, on by default */
  interpreted?: boolean;
}

const ORGANISERS = ['cac', 'zhejiang'];

// Times of day and rooms are illustrative; the day/slot of each item follows the source programme.
const DEFS: Def[] = [
  // 12-03: opening, plenary, release of leading achievements
  { code: 'OC', kind: 'ceremony', title: ['开幕式', 'Opening ceremony'],
    about: ['第四届世界互联网大会开幕式。', 'Opening ceremony of the 4th World Internet Conference.'],
    room: 'main-hall', day: 3, from: '09:00', to: '10:30', audience: 1800, hosts: ORGANISERS },
  { code: 'PL', kind: 'plenary', title: ['全会', 'Plenary session'],
    about: ['围绕大会主题"发展数字经济促进开放共享——携手共建网络空间命运共同体"的全体会议。',
      'Plenary on the conference theme: developing the digital economy for openness and shared benefits — building a community of common future in cyberspace.'],
    room: 'main-hall', day: 3, from: '14:00', to: '16:00', audience: 1600, hosts: ORGANISERS },
  { code: 'REL', kind: 'release', title: ['世界互联网领先科技成果发布', "Release of the world's leading internet science and technology achievements"],
    about: ['发布本年度全球互联网领域领先的科技成果。', "Presentation of the year's leading internet science and technology achievements worldwide."],
    room: 'main-hall', day: 3, from: '16:30', to: '18:00', audience: 1500, hosts: ORGANISERS },

  // 12-04 morning
  { code: 'F01', kind: 'forum', board: 1, title: ['全球数字经济:深化合作,增强互惠', 'Global digital economy: deeper cooperation, greater mutual benefit'],
    about: ['探讨全球数字经济领域的合作与互惠。', 'Cooperation and mutual benefit in the global digital economy.'],
    room: 'main-hall', day: 4, from: '09:00', to: '12:00', audience: 1500,
    people: [['p-lin-xiaoming', 'moderator'], ['p-hartwell', 'speaker'], ['p-ferreira', 'speaker'], ['p-alfarsi', 'speaker']], hosts: ['host-digital-economy'] },
  { code: 'F06', kind: 'forum', board: 2, title: ['人工智能:让生活更美好', 'Artificial intelligence: making life better'],
    about: ['人工智能技术如何改善人们的生活。', 'How artificial intelligence can make everyday life better.'],
    room: 'forum-a', day: 4, from: '09:00', to: '12:00', audience: 560,
    people: [['p-chen-yaqin', 'moderator'], ['p-sato', 'speaker'], ['p-zhou-jianhua', 'speaker']], hosts: ['host-frontier-tech'] },
  { code: 'F09', kind: 'forum', board: 3, title: ['包容互鉴:网上文化交流共享', 'Inclusiveness and mutual learning: online cultural exchange'],
    about: ['网络空间中的文化交流、包容与互鉴。', 'Cultural exchange, inclusiveness and mutual learning online.'],
    room: 'forum-b', day: 4, from: '09:00', to: '12:00', audience: 320,
    people: [['p-laurent', 'moderator'], ['p-haddad', 'speaker'], ['p-yamamoto', 'speaker']], hosts: ['host-inclusion'] },
  { code: 'F13', kind: 'forum', board: 4, title: ['网络空间国际规则:共识与前景', 'International rules for cyberspace: consensus and prospects'],
    about: ['网络空间国际规则的现有共识与未来前景。', 'Existing consensus on, and the outlook for, international rules in cyberspace.'],
    room: 'forum-c', day: 4, from: '09:00', to: '12:00', audience: 260,
    people: [['p-sokolova', 'moderator'], ['p-oconnell', 'speaker'], ['p-wang-siyuan', 'speaker']], hosts: ['host-cyber-norms'] },
  { code: 'F17', kind: 'forum', board: 5, title: ['"数字丝绸之路"国际合作', '"Digital Silk Road" international cooperation'],
    about: ['"数字丝绸之路"沿线的国际合作。', 'International cooperation along the "Digital Silk Road".'],
    room: 'forum-d', day: 4, from: '09:00', to: '12:00', audience: 140,
    people: [['p-nguyen', 'moderator'], ['p-njoroge', 'speaker'], ['p-morales', 'speaker']], hosts: ['host-exchange'] },

  // 12-04 early afternoon
  { code: 'F04', kind: 'forum', board: 1, title: ['企业家高峰对话——"迎接万物互联时代"', "Entrepreneurs' summit dialogue: embracing the era of the internet of everything"],
    about: ['企业家就万物互联时代的机遇展开对话。', 'Entrepreneurs in dialogue on the era of the internet of everything.'],
    room: 'main-hall', day: 4, from: '14:00', to: '15:45', audience: 1800,
    people: [['p-he-jingyi', 'moderator'], ['p-zhou-jianhua', 'speaker'], ['p-kim', 'speaker'], ['p-brandt', 'speaker']], hosts: ['host-digital-economy'] },
  { code: 'F07', kind: 'forum', board: 2, title: ['大连接时代:创新智能变革', 'The era of massive connectivity: innovation and intelligent change'],
    about: ['大连接时代的技术创新与智能化变革。', 'Innovation and intelligent change in the era of massive connectivity.'],
    room: 'forum-a', day: 4, from: '14:00', to: '15:45', audience: 500,
    people: [['p-sato', 'moderator'], ['p-mensah', 'speaker'], ['p-sharma', 'speaker']], hosts: ['host-frontier-tech'] },
  { code: 'F10', kind: 'forum', board: 3, title: ['网络传播与社会责任——新时代新机遇新担当', 'Online communication and social responsibility: new era, new opportunities, new duties'],
    about: ['网络传播在新时代的机遇与社会责任。', 'Opportunities and social responsibility of online communication in a new era.'],
    room: 'forum-b', day: 4, from: '14:00', to: '15:45', audience: 350,
    people: [['p-haddad', 'moderator'], ['p-yamamoto', 'speaker'], ['p-park', 'speaker']] },
  { code: 'F14', kind: 'forum', board: 4, title: ['打击网络犯罪和网络恐怖主义国际合作', 'International cooperation against cybercrime and cyberterrorism'],
    about: ['打击网络犯罪和网络恐怖主义的国际合作机制。', 'International cooperation to counter cybercrime and cyberterrorism.'],
    room: 'forum-c', day: 4, from: '14:00', to: '15:45', audience: 280,
    people: [['p-hartwell', 'moderator'], ['p-oconnell', 'speaker']], hosts: ['host-cyber-norms'] },
  { code: 'F15', kind: 'closed_door', board: 4, title: ['网络安全闭门会', 'Cybersecurity closed-door meeting'],
    about: ['仅限受邀人员参加的网络安全闭门会议。', 'Cybersecurity meeting for invited participants only.'],
    room: 'closed-room', day: 4, from: '14:00', to: '16:30', audience: 45,
    people: [['p-wang-siyuan', 'host'], ['p-voronov', 'speaker']] },

  // 12-04 late afternoon
  { code: 'F12', kind: 'forum', board: 3, title: ['中外部长高峰对话论坛——互联网普惠共享', "Chinese and foreign ministers' summit dialogue: inclusive internet"],
    about: ['中外部长围绕互联网普惠共享展开对话。', 'Chinese and foreign ministers in dialogue on an inclusive, shared internet.'],
    room: 'main-hall', day: 4, from: '16:15', to: '18:00', audience: 1200,
    people: [['p-lin-xiaoming', 'moderator']], hosts: ORGANISERS },
  { code: 'F02', kind: 'forum', board: 1, title: ['分享经济:创新与治理', 'Sharing economy: innovation and governance'],
    about: ['分享经济的创新模式与治理方式。', 'Innovation and governance in the sharing economy.'],
    room: 'forum-a', day: 4, from: '16:15', to: '18:00', audience: 480,
    people: [['p-ferreira', 'moderator'], ['p-sun-haoran', 'speaker'], ['p-mensah', 'speaker']], hosts: ['host-digital-economy'] },
  { code: 'F11', kind: 'forum', board: 3, title: ['共享红利:互联网精准扶贫', 'Sharing the dividend: internet-enabled targeted poverty alleviation'],
    about: ['利用互联网开展精准扶贫、共享发展红利。', 'Using the internet for targeted poverty alleviation and shared benefits.'],
    room: 'forum-b', day: 4, from: '16:15', to: '18:00', audience: 300,
    people: [['p-morales', 'moderator'], ['p-njoroge', 'speaker'], ['p-chen-yaqin', 'speaker']], hosts: ['host-inclusion'] },
  { code: 'F16', kind: 'forum', board: 4, title: ['守护未来:未成年人网络保护', 'Guarding the future: protecting minors online'],
    about: ['未成年人网络保护的政策与实践。', 'Policies and practice for protecting minors online.'],
    room: 'forum-c', day: 4, from: '16:15', to: '18:00', audience: 250,
    people: [['p-zhao-ruolan', 'moderator'], ['p-park', 'speaker'], ['p-oconnell', 'speaker']] },
  { code: 'F18', kind: 'forum', board: 5, title: ['海峡两岸暨香港、澳门互联网发展论坛', 'Cross-Strait, Hong Kong and Macao internet development forum'],
    about: ['海峡两岸及香港、澳门互联网发展交流。', 'Internet development across the Strait and in Hong Kong and Macao.'],
    room: 'forum-d', day: 4, from: '16:15', to: '18:00', audience: 140,
    people: [['p-he-jingyi', 'moderator'], ['p-zhou-jianhua', 'speaker']], hosts: ['host-exchange'] },

  // 12-05 morning, then the closing ceremony
  { code: 'F08', kind: 'forum', board: 2, title: ['前沿技术领域科学家高峰对话', "Scientists' summit dialogue on frontier technologies"],
    about: ['科学家就前沿技术发展展开高端对话。', 'Scientists in dialogue on frontier technologies.'],
    room: 'main-hall', day: 5, from: '09:00', to: '11:00', audience: 1000,
    people: [['p-chen-yaqin', 'moderator'], ['p-voronov', 'speaker'], ['p-sato', 'speaker'], ['p-sharma', 'speaker']], hosts: ['host-frontier-tech'] },
  { code: 'F03', kind: 'forum', board: 1, title: ['风险投资和互联网产业发展:下一个风口', 'Venture capital and the internet industry: the next big wave'],
    about: ['风险投资视角下的互联网产业发展趋势。', 'Trends in the internet industry seen from venture capital.'],
    room: 'forum-a', day: 5, from: '09:00', to: '11:00', audience: 450,
    people: [['p-sun-haoran', 'moderator'], ['p-ruiz', 'speaker'], ['p-kim', 'speaker']] },
  { code: 'F05', kind: 'forum', board: 1, title: ['互联网与金融——回归·绿色·共享', 'Internet and finance: back to basics, green, shared'],
    about: ['互联网金融回归本源、绿色发展与共享。', 'Internet finance: back to basics, green and shared.'],
    room: 'forum-b', day: 5, from: '09:00', to: '11:00', audience: 330,
    people: [['p-alfarsi', 'moderator'], ['p-lin-xiaoming', 'speaker'], ['p-ferreira', 'speaker']], hosts: ['host-digital-economy'] },
  { code: 'F19', kind: 'forum', board: 5, title: ['互联网人才培养和交流', 'Internet talent development and exchange'],
    about: ['互联网人才的培养与国际交流。', 'Developing and exchanging internet talent.'],
    room: 'forum-c', day: 5, from: '09:00', to: '11:00', audience: 220,
    people: [['p-nguyen', 'moderator'], ['p-park', 'speaker'], ['p-mensah', 'speaker']], hosts: ['host-talent'] },
  { code: 'F20', kind: 'forum', board: 5, title: ['互联网国际高端智库:网络空间新型大国关系', 'International high-level think tank: a new type of major-country relations in cyberspace'],
    about: ['国际智库探讨网络空间新型大国关系。', 'Think tanks on a new type of major-country relations in cyberspace.'],
    room: 'forum-d', day: 5, from: '09:00', to: '11:00', audience: 130,
    people: [['p-hartwell', 'moderator'], ['p-sokolova', 'speaker'], ['p-laurent', 'speaker']], hosts: ['host-exchange'] },
  { code: 'CC', kind: 'ceremony', title: ['闭幕式', 'Closing ceremony'],
    about: ['第四届世界互联网大会闭幕式。', 'Closing ceremony of the 4th World Internet Conference.'],
    room: 'main-hall', day: 5, from: '11:30', to: '12:30', audience: 1500, hosts: ORGANISERS },

  // Side events named in the source; all times are illustrative.
  { code: 'SE-EXPO', kind: 'side_event', title: ['互联网之光博览会', '"Light of the Internet" Expo'],
    about: ['400余家中外互联网企业展示最新趋势与前沿技术。', 'Over 400 internet companies from China and abroad show the latest trends and frontier technologies.'],
    room: 'expo-a', day: 3, from: '09:00', untilDay: 5, to: '17:00', audience: 4000, interpreted: false, hosts: ORGANISERS },
  { code: 'SE-TREE', kind: 'side_event', title: ['"互联网纪念林"植树', 'Tree planting in the Internet Memorial Forest'],
    about: ['在"互联网纪念林"植树。', 'Tree planting in the Internet Memorial Forest.'],
    room: 'memorial-forest', day: 3, from: '11:00', to: '12:00', audience: 120, interpreted: false },
  { code: 'SE-RCP', kind: 'side_event', title: ['欢迎招待会', 'Welcome reception'],
    about: ['大会欢迎招待会。', 'Welcome reception for conference guests.'],
    room: 'reception-hall', day: 3, from: '18:30', to: '20:30', audience: 1000, hosts: ORGANISERS },
  { code: 'SE-CAFE1', kind: 'side_event', title: ['"乌镇咖荟"(一)', 'Wuzhen coffee salon (1)'],
    about: ['在乌镇的非正式交流沙龙。', 'Informal conversation salon in Wuzhen.'],
    room: 'coffee-salon', day: 3, from: '21:00', to: '22:30', audience: 100, interpreted: false },
  { code: 'SE-CAFE2', kind: 'side_event', title: ['"乌镇咖荟"(二)', 'Wuzhen coffee salon (2)'],
    about: ['在乌镇的非正式交流沙龙。', 'Informal conversation salon in Wuzhen.'],
    room: 'coffee-salon', day: 4, from: '12:15', to: '13:45', audience: 100, interpreted: false },
  { code: 'SE-ART', kind: 'side_event', title: ['专场文艺演出', 'Art performance'],
    about: ['为大会嘉宾举办的专场文艺演出。', 'A dedicated art performance for conference guests.'],
    room: 'theatre', day: 4, from: '19:30', to: '21:00', audience: 900, interpreted: false },
  { code: 'SE-CAFE3', kind: 'side_event', title: ['"乌镇咖荟"(三)', 'Wuzhen coffee salon (3)'],
    about: ['在乌镇的非正式交流沙龙。', 'Informal conversation salon in Wuzhen.'],
    room: 'coffee-salon', day: 4, from: '21:15', to: '22:45', audience: 100, interpreted: false },
];

const ZH_EN_CHANNELS = [
  { channel: 1, language: 'zh' },
  { channel: 2, language: 'en' },
];

export function wic2017Sessions(): SessionInput[] {
  return DEFS.map((d) => ({
    key: d.code,
    code: d.code,
    kind: d.kind,
    boardKey: d.board === undefined ? null : `board-${d.board}`,
    title: { zh: d.title[0], en: d.title[1] },
    description: { zh: d.about[0], en: d.about[1] },
    languages: ['zh', 'en'],
    interpretation: d.interpreted === false ? [] : ZH_EN_CHANNELS.map((c) => ({ ...c })),
    roomKey: d.room,
    startsAt: shanghai(d.day, d.from),
    endsAt: shanghai(d.untilDay ?? d.day, d.to),
    expectedAudience: d.audience,
    people: (d.people ?? []).map(([personKey, role]) => ({ personKey, role })),
    hostKeys: [...(d.hosts ?? [])],
  }));
}
