import type { ProgrammeImportInput } from '../modules/program/program.schema.js';
import { wic2017Sessions } from './wic2017-sessions.js';

/**
 * The 4th World Internet Conference (Wuzhen, 2017-12-03..05) as a programme import.
 * Source: docs/demo-wic2017-facts.md (from a Chinese news article). The board and forum names, the
 * organisers and the side events are from the source; times, rooms, capacities, host organisations and all
 * speakers are invented for the demo and are flagged as such in `note`, in the names ("demo") and in the bios.
 */

type Input = ProgrammeImportInput;
type Zone = NonNullable<Input['zones']>[number];
type Room = NonNullable<Input['rooms']>[number];
type Board = NonNullable<Input['boards']>[number];
type Organisation = NonNullable<Input['organisations']>[number];
type Person = NonNullable<Input['people']>[number];

const NOTE =
  'Demo data. The event, its theme, dates, place (Wuzhen, its permanent venue), the 5 boards, the 20 forum names ' +
  'and the side events come from a news article published before WIC 2017. The venue buildings, organising bodies, ' +
  'times of day, rooms, capacities, expected audiences, interpretation channels, host organisations and every ' +
  'moderator or speaker are illustrative and NOT from the source article; the people and host organisations are fictional.';

const ZONES: Zone[] = [
  { code: 'MAIN', name: { zh: '主会场区', en: 'Main hall area' } },
  { code: 'FORUM', name: { zh: '分论坛区', en: 'Forum area' } },
  { code: 'VIP', name: { zh: '贵宾区', en: 'VIP area' } },
  { code: 'PRESS', name: { zh: '新闻中心区', en: 'Press area' } },
  { code: 'EXPO', name: { zh: '博览会区', en: 'Expo area' } },
  { code: 'CLOSED', name: { zh: '闭门会议区', en: 'Closed-door area' } },
  { code: 'OUTDOOR', name: { zh: '户外区域', en: 'Outdoor area' } },
  { code: 'TOWN', name: { zh: '乌镇镇区', en: 'Wuzhen town' } },
];

/** The convention centre is the permanent venue; the memorial forest and the town venues are illustrative sites. */
export const WIC2017_VENUES = [
  {
    key: 'wiicec',
    name: { zh: '乌镇互联网国际会展中心', en: 'Wuzhen Internet International Convention and Exhibition Center' },
    address: { zh: '浙江省嘉兴市桐乡市乌镇', en: 'Wuzhen, Tongxiang, Jiaxing, Zhejiang' },
  },
  { key: 'forest', name: { zh: '互联网纪念林', en: 'Internet Memorial Forest' }, address: { zh: '乌镇', en: 'Wuzhen' } },
  { key: 'xizha', name: { zh: '乌镇西栅景区', en: 'Wuzhen West Scenic Area (Xizha)' }, address: { zh: '乌镇西栅', en: 'Xizha, Wuzhen' } },
];
const VENUE_OF_ZONE: Record<string, string> = { OUTDOOR: 'forest', TOWN: 'xizha' };

const room = (key: string, zh: string, en: string, capacity: number, floor: string | null, zoneCode: string): Room => ({
  key,
  name: { zh, en },
  venueKey: VENUE_OF_ZONE[zoneCode] ?? 'wiicec',
  capacity,
  floor,
  zoneCode,
});

export const WIC2017_ROOMS: Room[] = [
  room('main-hall', '主会场', 'Main Hall', 2000, '1F', 'MAIN'),
  room('forum-a', '第一分论坛厅', 'Forum Hall A', 600, '2F', 'FORUM'),
  room('forum-b', '第二分论坛厅', 'Forum Hall B', 400, '2F', 'FORUM'),
  room('forum-c', '第三分论坛厅', 'Forum Hall C', 300, '3F', 'FORUM'),
  room('forum-d', '第四分论坛厅', 'Forum Hall D', 150, '3F', 'FORUM'),
  room('closed-room', '闭门会议室', 'Closed-door Meeting Room', 60, '3F', 'CLOSED'),
  room('press-centre', '新闻中心', 'Press Centre', 300, '1F', 'PRESS'),
  room('vip-lounge', '贵宾厅', 'VIP Lounge', 80, '2F', 'VIP'),
  room('reception-hall', '宴会厅', 'Reception Hall', 1200, '1F', 'MAIN'),
  room('expo-a', '互联网之光博览中心A馆', '"Light of the Internet" Expo Hall A', 5000, '1F', 'EXPO'),
  room('expo-b', '互联网之光博览中心B馆', '"Light of the Internet" Expo Hall B', 4000, '1F', 'EXPO'),
  room('memorial-forest', '互联网纪念林', 'Internet Memorial Forest', 300, null, 'OUTDOOR'),
  room('theatre', '乌镇剧场', 'Wuzhen Theatre', 1000, null, 'TOWN'),
  room('coffee-salon', '乌镇咖荟沙龙', 'Wuzhen Coffee Salon', 120, null, 'TOWN'),
];

export const WIC2017_BOARDS: Board[] = [
  { key: 'board-1', title: { zh: '数字经济:造福人类社会', en: 'Digital economy: benefiting humanity' }, color: '#C0392B' },
  {
    key: 'board-2',
    title: { zh: '前沿技术:拓展未来空间', en: 'Frontier technologies: expanding the space of the future' },
    color: '#2471A3',
  },
  { key: 'board-3', title: { zh: '互联网与社会:推动普惠共享', en: 'Internet and society: inclusive sharing' }, color: '#229954' },
  {
    key: 'board-4',
    title: { zh: '网络空间治理:完善国际规则', en: 'Cyberspace governance: improving international rules' },
    color: '#7D3C98',
  },
  {
    key: 'board-5',
    title: { zh: '交流合作:构建命运共同体', en: 'Exchange and cooperation: a community of common future' },
    color: '#D68910',
  },
];

/** The two organisers are real; every "host" is a fictional stand-in for the 32 unnamed international hosts. */
export const WIC2017_ORGANISATIONS: Organisation[] = [
  { key: 'cac', name: { zh: '国家互联网信息办公室', en: 'Cyberspace Administration of China' }, kind: 'organiser', country: 'CN' },
  { key: 'zhejiang', name: { zh: '浙江省人民政府', en: "People's Government of Zhejiang Province" }, kind: 'organiser', country: 'CN' },
  { key: 'host-digital-economy', name: { zh: '数字经济合作网络(示例)', en: 'Digital Economy Cooperation Network (demo)' }, kind: 'host' },
  { key: 'host-frontier-tech', name: { zh: '未来智能研究联合体(示例)', en: 'Future Intelligence Research Consortium (demo)' }, kind: 'host' },
  { key: 'host-inclusion', name: { zh: '普惠互联基金会(示例)', en: 'Inclusive Connectivity Foundation (demo)' }, kind: 'host' },
  { key: 'host-cyber-norms', name: { zh: '网络空间规则研究中心(示例)', en: 'Centre for Cyberspace Norms Studies (demo)' }, kind: 'host' },
  { key: 'host-exchange', name: { zh: '互联网交流合作理事会(示例)', en: 'Council for Internet Exchange and Cooperation (demo)' }, kind: 'host' },
  { key: 'host-talent', name: { zh: '互联网人才交流协会(示例)', en: 'Internet Talent Exchange Association (demo)' }, kind: 'host' },
];

const FICTIONAL_BIO = {
  zh: '演示用虚构人物,并非真实个人。',
  en: 'Fictional person for the demo; not a real individual.',
};

const person = (key: string, name: string, nameLatin: string, organisation: string, zh: string, en: string): Person => ({
  key,
  name,
  nameLatin,
  organisation,
  title: { zh, en },
  bio: FICTIONAL_BIO,
});

/** Fictional moderators and speakers; organisations are invented too. Names keep their own script and order. */
export const WIC2017_PEOPLE: Person[] = [
  person('p-lin-xiaoming', '林晓明', 'Lin Xiaoming', '江南数字经济研究院(示例)', '院长', 'President'),
  person('p-chen-yaqin', '陈雅琴', 'Chen Yaqin', '东湖大学(示例)', '教授', 'Professor'),
  person('p-zhou-jianhua', '周建华', 'Zhou Jianhua', '云启科技(示例)', '首席技术官', 'Chief Technology Officer'),
  person('p-wang-siyuan', '王思远', 'Wang Siyuan', '西溪网络安全实验室(示例)', '主任', 'Director'),
  person('p-zhao-ruolan', '赵若兰', 'Zhao Ruolan', '明德青少年发展中心(示例)', '秘书长', 'Secretary-General'),
  person('p-sun-haoran', '孙浩然', 'Sun Haoran', '钱塘创投(示例)', '合伙人', 'Partner'),
  person('p-he-jingyi', '何静怡', 'He Jingyi', '运河传媒集团(示例)', '总编辑', 'Editor-in-Chief'),
  person('p-hartwell', 'Amelia Hartwell', 'Amelia Hartwell', 'Northgate Policy Institute (demo)', '高级研究员', 'Senior Fellow'),
  person('p-ferreira', 'Lucas Ferreira', 'Lucas Ferreira', 'Atlântico Digital (demo)', '首席执行官', 'Chief Executive Officer'),
  person('p-laurent', 'Sophie Laurent', 'Sophie Laurent', 'Institut Lumière du Numérique (demo)', '研究主任', 'Research Director'),
  person('p-brandt', 'Jonas Brandt', 'Jonas Brandt', 'Rheinland Netzwerk AG (demo)', '董事', 'Board Member'),
  person('p-morales', 'Diego Morales', 'Diego Morales', 'Fundación Puente Digital (demo)', '执行主任', 'Executive Director'),
  person('p-mensah', 'Kwame Mensah', 'Kwame Mensah', 'Volta Connect (demo)', '创始人', 'Founder'),
  person('p-sharma', 'प्रिया शर्मा', 'Priya Sharma', 'Ganga Institute of Technology (demo)', '教授', 'Professor'),
  person('p-voronov', 'Алексей Воронов', 'Aleksei Voronov', 'Nevsky Cyber Research Centre (demo)', '首席科学家', 'Chief Scientist'),
  person('p-sokolova', 'Марина Соколова', 'Marina Sokolova', 'Volga Digital Policy Forum (demo)', '主席', 'Chair'),
  person('p-haddad', 'ليلى حداد', 'Layla Haddad', 'Cedar Internet Society (demo)', '主席', 'President'),
  person('p-alfarsi', 'عمر الفارسي', 'Omar Al-Farsi', 'Gulf Fintech Alliance (demo)', '总经理', 'Managing Director'),
  person('p-sato', '佐藤健一', 'Sato Kenichi', 'Sakura Robotics Lab (demo)', '所长', 'Head of Laboratory'),
  person('p-yamamoto', '山本美咲', 'Yamamoto Misaki', 'Kansai Media Network (demo)', '记者', 'Correspondent'),
  person('p-kim', '김민준', 'Kim Min-jun', 'Hangang Mobile (demo)', '副总裁', 'Vice President'),
  person('p-park', '박서연', 'Park Seo-yeon', 'Seoul Institute for Digital Youth (demo)', '研究员', 'Research Fellow'),
  person('p-nguyen', 'Nguyễn Thị Lan', 'Nguyen Thi Lan', 'Mekong Talent Network (demo)', '项目主任', 'Programme Director'),
  person('p-njoroge', 'Amani Njoroge', 'Amani Njoroge', 'Savannah Tech Hub (demo)', '执行董事', 'Executive Director'),
  person('p-oconnell', "Grace O'Connell", "Grace O'Connell", 'Tasman Data Trust (demo)', '首席隐私官', 'Chief Privacy Officer'),
  person('p-ruiz', 'Valentina Ruiz', 'Valentina Ruiz', 'Pampa Ventures (demo)', '管理合伙人', 'Managing Partner'),
];

export function wic2017Programme(): ProgrammeImportInput {
  return {
    event: {
      slug: 'wic2017',
      name: { zh: '第四届世界互联网大会', en: 'The 4th World Internet Conference (WIC 2017)' },
      timezone: 'Asia/Shanghai',
      startDate: '2017-12-03',
      endDate: '2017-12-05',
      languages: ['zh', 'en'],
      venue: {
        name: { zh: '乌镇互联网国际会展中心', en: 'Wuzhen Internet International Convention and Exhibition Center' },
        address: {
          zh: '中国浙江省嘉兴市桐乡市乌镇镇',
          en: 'Wuzhen, Tongxiang, Jiaxing, Zhejiang Province, China',
        },
      },
      note: NOTE,
    },
    zones: ZONES.map((z) => ({ ...z, name: { ...z.name } })),
    venues: WIC2017_VENUES.map((v) => ({ ...v, name: { ...v.name }, address: { ...v.address } })),
    rooms: WIC2017_ROOMS.map((r) => ({ ...r, name: { ...r.name } })),
    boards: WIC2017_BOARDS.map((b) => ({ ...b, title: { ...b.title } })),
    organisations: WIC2017_ORGANISATIONS.map((o) => ({ ...o, name: { ...o.name } })),
    people: WIC2017_PEOPLE.map((p) => ({ ...p })),
    sessions: wic2017Sessions(),
  };
}
