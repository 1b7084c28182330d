/**
 * Name, country and organisation tables for the demo people generator. Each non-Chinese name carries its Latin
 * form beside it (Chinese names get pinyin from pinyin-pro at generation time). All combinations are random and
 * stand for no real person.
 */

export type Script = 'Hani' | 'Latn' | 'Cyrl' | 'Arab' | 'Jpan' | 'Hang' | 'Deva' | 'Thai';
export type Continent = 'Asia' | 'Europe' | 'Africa' | 'Americas' | 'Oceania';
/** [own script, Latin] */
export type Pair = readonly [string, string];

export interface Country {
  code: string;
  name: string;
  continent: Continent;
  dial: string;
  cities: readonly string[];
}

export const COUNTRIES: Record<string, Country> = {
  CN: { code: 'CN', name: 'China', continent: 'Asia', dial: '+86', cities: ['北京', '上海', '杭州', '深圳', '广州', '成都', '武汉', '南京', '西安', '嘉兴'] },
  US: { code: 'US', name: 'United States', continent: 'Americas', dial: '+1', cities: ['Boston', 'Seattle', 'Austin', 'Denver'] },
  GB: { code: 'GB', name: 'United Kingdom', continent: 'Europe', dial: '+44', cities: ['Leeds', 'Bristol', 'Edinburgh'] },
  CA: { code: 'CA', name: 'Canada', continent: 'Americas', dial: '+1', cities: ['Toronto', 'Ottawa', 'Calgary'] },
  AU: { code: 'AU', name: 'Australia', continent: 'Oceania', dial: '+61', cities: ['Sydney', 'Melbourne', 'Perth'] },
  NZ: { code: 'NZ', name: 'New Zealand', continent: 'Oceania', dial: '+64', cities: ['Auckland', 'Wellington'] },
  SG: { code: 'SG', name: 'Singapore', continent: 'Asia', dial: '+65', cities: ['Singapore'] },
  RU: { code: 'RU', name: 'Russia', continent: 'Europe', dial: '+7', cities: ['Moscow', 'Kazan', 'Novosibirsk'] },
  KZ: { code: 'KZ', name: 'Kazakhstan', continent: 'Asia', dial: '+7', cities: ['Almaty', 'Astana'] },
  EG: { code: 'EG', name: 'Egypt', continent: 'Africa', dial: '+20', cities: ['Cairo', 'Alexandria'] },
  SA: { code: 'SA', name: 'Saudi Arabia', continent: 'Asia', dial: '+966', cities: ['Riyadh', 'Jeddah'] },
  AE: { code: 'AE', name: 'United Arab Emirates', continent: 'Asia', dial: '+971', cities: ['Dubai', 'Abu Dhabi'] },
  MA: { code: 'MA', name: 'Morocco', continent: 'Africa', dial: '+212', cities: ['Rabat', 'Casablanca'] },
  JO: { code: 'JO', name: 'Jordan', continent: 'Asia', dial: '+962', cities: ['Amman'] },
  JP: { code: 'JP', name: 'Japan', continent: 'Asia', dial: '+81', cities: ['Tokyo', 'Osaka', 'Fukuoka'] },
  KR: { code: 'KR', name: 'Republic of Korea', continent: 'Asia', dial: '+82', cities: ['Seoul', 'Busan', 'Daejeon'] },
  ES: { code: 'ES', name: 'Spain', continent: 'Europe', dial: '+34', cities: ['Madrid', 'Valencia', 'Bilbao'] },
  MX: { code: 'MX', name: 'Mexico', continent: 'Americas', dial: '+52', cities: ['Monterrey', 'Guadalajara'] },
  AR: { code: 'AR', name: 'Argentina', continent: 'Americas', dial: '+54', cities: ['Córdoba', 'Rosario'] },
  CL: { code: 'CL', name: 'Chile', continent: 'Americas', dial: '+56', cities: ['Santiago', 'Valparaíso'] },
  CO: { code: 'CO', name: 'Colombia', continent: 'Americas', dial: '+57', cities: ['Medellín', 'Bogotá'] },
  FR: { code: 'FR', name: 'France', continent: 'Europe', dial: '+33', cities: ['Lyon', 'Toulouse', 'Nantes'] },
  BE: { code: 'BE', name: 'Belgium', continent: 'Europe', dial: '+32', cities: ['Liège', 'Namur'] },
  CH: { code: 'CH', name: 'Switzerland', continent: 'Europe', dial: '+41', cities: ['Geneva', 'Basel'] },
  SN: { code: 'SN', name: 'Senegal', continent: 'Africa', dial: '+221', cities: ['Dakar', 'Thiès'] },
  CI: { code: 'CI', name: "Côte d'Ivoire", continent: 'Africa', dial: '+225', cities: ['Abidjan', 'Bouaké'] },
  DE: { code: 'DE', name: 'Germany', continent: 'Europe', dial: '+49', cities: ['Hamburg', 'Leipzig', 'Stuttgart'] },
  AT: { code: 'AT', name: 'Austria', continent: 'Europe', dial: '+43', cities: ['Vienna', 'Graz'] },
  IN: { code: 'IN', name: 'India', continent: 'Asia', dial: '+91', cities: ['Bengaluru', 'Pune', 'Hyderabad'] },
  BR: { code: 'BR', name: 'Brazil', continent: 'Americas', dial: '+55', cities: ['Recife', 'Curitiba', 'Campinas'] },
  PT: { code: 'PT', name: 'Portugal', continent: 'Europe', dial: '+351', cities: ['Porto', 'Coimbra'] },
  KE: { code: 'KE', name: 'Kenya', continent: 'Africa', dial: '+254', cities: ['Nairobi', 'Mombasa'] },
  NG: { code: 'NG', name: 'Nigeria', continent: 'Africa', dial: '+234', cities: ['Lagos', 'Abuja'] },
  ZA: { code: 'ZA', name: 'South Africa', continent: 'Africa', dial: '+27', cities: ['Johannesburg', 'Durban'] },
  GH: { code: 'GH', name: 'Ghana', continent: 'Africa', dial: '+233', cities: ['Accra', 'Kumasi'] },
  VN: { code: 'VN', name: 'Viet Nam', continent: 'Asia', dial: '+84', cities: ['Hanoi', 'Da Nang'] },
  TH: { code: 'TH', name: 'Thailand', continent: 'Asia', dial: '+66', cities: ['Bangkok', 'Chiang Mai'] },
};

export interface NameLocale {
  id: string;
  /** preferred language (BCP-47) */
  language: string;
  script: Script;
  /** how the person writes the name: family first (CJK, Vietnamese) or given first */
  order: 'family-first' | 'given-first';
  /** between family and given name in the own script */
  joiner: '' | ' ';
  /** the first one is used while rotating through locales, so across them it must cover all five continents */
  countries: readonly string[];
  weight: number;
  families: readonly Pair[];
  male: readonly Pair[];
  female: readonly Pair[];
  /** Russian-style surnames take -a for women */
  feminineSurnameA?: boolean;
  /** Spanish-style: two surnames, the first sorts */
  twoSurnames?: boolean;
}

/** Chinese: native only; the Latin column is filled by pinyin-pro. Characters chosen to read unambiguously. */
const zh = (chars: string): Pair[] => [...chars].map((c) => [c, ''] as const);
const same = (names: string): Pair[] => names.split(',').map((n) => [n, n] as const);

export const ZH_FAMILIES: readonly string[] = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '萧', '田', '董', '潘', '袁', '蒋', '蔡', '余',
  '杜', '叶', '程', '苏', '魏', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石', '廖',
  '欧阳', '司马', '诸葛', '上官',
];

export const LOCALES: readonly NameLocale[] = [
  {
    id: 'zh-CN', language: 'zh', script: 'Hani', order: 'family-first', joiner: '', countries: ['CN'], weight: 36,
    families: ZH_FAMILIES.map((f) => [f, ''] as const),
    male: zh('伟强磊军勇杰涛明超辉刚健鹏宇浩博文轩俊峰晨凯然斌志远宁'),
    female: zh('芳娜敏静丽艳娟霞婷雪慧琳颖洁琴晶燕佳欣悦怡萱雅露瑶岚梅'),
  },
  {
    id: 'en', language: 'en', script: 'Latn', order: 'given-first', joiner: ' ',
    countries: ['AU', 'US', 'GB', 'CA', 'NZ', 'SG'], weight: 14,
    families: same('Smith,Johnson,Brown,Taylor,Wilson,Clarke,Walker,Wright,Hughes,Edwards,Bennett,Murphy,Campbell,Mitchell,Turner,Parker,Collins,Stewart,Morgan,Reed'),
    male: same('James,Oliver,William,Henry,Samuel,Daniel,Thomas,Ethan,Noah,Jack,Liam,George'),
    female: same('Emily,Olivia,Charlotte,Grace,Hannah,Sophie,Chloe,Emma,Amelia,Ruby,Isla,Lucy'),
  },
  {
    id: 'ru', language: 'ru', script: 'Cyrl', order: 'given-first', joiner: ' ', countries: ['RU', 'KZ'], weight: 6,
    feminineSurnameA: true,
    families: [['Иванов', 'Ivanov'], ['Смирнов', 'Smirnov'], ['Кузнецов', 'Kuznetsov'], ['Попов', 'Popov'], ['Соколов', 'Sokolov'],
      ['Лебедев', 'Lebedev'], ['Морозов', 'Morozov'], ['Волков', 'Volkov'], ['Павлов', 'Pavlov'], ['Фёдоров', 'Fyodorov'],
      ['Никитин', 'Nikitin'], ['Орлов', 'Orlov']],
    male: [['Алексей', 'Aleksei'], ['Дмитрий', 'Dmitry'], ['Сергей', 'Sergei'], ['Андрей', 'Andrei'], ['Михаил', 'Mikhail'],
      ['Иван', 'Ivan'], ['Николай', 'Nikolai'], ['Павел', 'Pavel']],
    female: [['Анна', 'Anna'], ['Мария', 'Maria'], ['Елена', 'Elena'], ['Ольга', 'Olga'], ['Наталья', 'Natalya'],
      ['Татьяна', 'Tatyana'], ['Екатерина', 'Ekaterina'], ['Ирина', 'Irina']],
  },
  {
    id: 'ar', language: 'ar', script: 'Arab', order: 'given-first', joiner: ' ', countries: ['EG', 'SA', 'AE', 'MA', 'JO'], weight: 6,
    families: [['حداد', 'Haddad'], ['المنصوري', 'Al-Mansouri'], ['الشامي', 'Al-Shami'], ['عبد الله', 'Abdullah'], ['النجار', 'Al-Najjar'],
      ['الزهراني', 'Al-Zahrani'], ['السيد', 'El-Sayed'], ['الخطيب', 'Al-Khatib'], ['العلوي', 'El-Alaoui'], ['حسين', 'Hussein']],
    male: [['محمد', 'Mohammed'], ['أحمد', 'Ahmed'], ['عمر', 'Omar'], ['يوسف', 'Youssef'], ['خالد', 'Khaled'], ['كريم', 'Karim'],
      ['طارق', 'Tarek'], ['سامي', 'Sami']],
    female: [['فاطمة', 'Fatima'], ['ليلى', 'Layla'], ['مريم', 'Mariam'], ['نور', 'Nour'], ['سارة', 'Sara'], ['هدى', 'Huda'],
      ['رنا', 'Rana'], ['ياسمين', 'Yasmine']],
  },
  {
    id: 'ja', language: 'ja', script: 'Jpan', order: 'family-first', joiner: '', countries: ['JP'], weight: 5,
    families: [['佐藤', 'Sato'], ['鈴木', 'Suzuki'], ['高橋', 'Takahashi'], ['田中', 'Tanaka'], ['渡辺', 'Watanabe'], ['伊藤', 'Ito'],
      ['山本', 'Yamamoto'], ['中村', 'Nakamura'], ['小林', 'Kobayashi'], ['加藤', 'Kato'], ['吉田', 'Yoshida'], ['松本', 'Matsumoto']],
    male: [['健一', 'Kenichi'], ['翔太', 'Shota'], ['大輔', 'Daisuke'], ['拓也', 'Takuya'], ['直樹', 'Naoki'], ['隆', 'Takashi'],
      ['悠斗', 'Yuto'], ['和也', 'Kazuya']],
    female: [['美咲', 'Misaki'], ['由美', 'Yumi'], ['陽子', 'Yoko'], ['彩', 'Aya'], ['恵', 'Megumi'], ['真由美', 'Mayumi'],
      ['さくら', 'Sakura'], ['結衣', 'Yui']],
  },
  {
    id: 'ko', language: 'ko', script: 'Hang', order: 'family-first', joiner: '', countries: ['KR'], weight: 5,
    families: [['김', 'Kim'], ['이', 'Lee'], ['박', 'Park'], ['최', 'Choi'], ['정', 'Jung'], ['강', 'Kang'], ['조', 'Cho'],
      ['윤', 'Yoon'], ['장', 'Jang'], ['임', 'Lim'], ['한', 'Han'], ['신', 'Shin']],
    male: [['민준', 'Min-jun'], ['서준', 'Seo-jun'], ['도윤', 'Do-yun'], ['지훈', 'Ji-hun'], ['현우', 'Hyun-woo'], ['성민', 'Sung-min'],
      ['준호', 'Jun-ho'], ['동현', 'Dong-hyun']],
    female: [['서연', 'Seo-yeon'], ['지우', 'Ji-woo'], ['하은', 'Ha-eun'], ['수빈', 'Su-bin'], ['민지', 'Min-ji'], ['예린', 'Ye-rin'],
      ['지영', 'Ji-young'], ['은비', 'Eun-bi']],
  },
  {
    id: 'es', language: 'es', script: 'Latn', order: 'given-first', joiner: ' ', countries: ['ES', 'MX', 'AR', 'CL', 'CO'], weight: 6,
    twoSurnames: true,
    families: same('García,Rodríguez,Martínez,López,Hernández,González,Pérez,Sánchez,Ramírez,Torres,Flores,Díaz,Morales,Vargas,Castro,Ortiz'),
    male: same('Carlos,José,Javier,Diego,Andrés,Miguel,Alejandro,Mateo,Santiago,Pablo'),
    female: same('María,Lucía,Sofía,Valentina,Camila,Isabel,Carmen,Daniela,Paula,Elena'),
  },
  {
    id: 'fr', language: 'fr', script: 'Latn', order: 'given-first', joiner: ' ', countries: ['FR', 'BE', 'CH'], weight: 5,
    families: same('Martin,Bernard,Dubois,Lefèvre,Moreau,Laurent,Fournier,Girard,Rousseau,Bonnet,Mercier,Faure'),
    male: same('Jean,Louis,Hugo,Antoine,Julien,Mathieu,Théo,Nicolas,Étienne,Olivier'),
    female: same('Camille,Chloé,Léa,Manon,Juliette,Élodie,Claire,Margaux,Inès,Amélie'),
  },
  {
    id: 'fr-SN', language: 'fr', script: 'Latn', order: 'given-first', joiner: ' ', countries: ['SN', 'CI'], weight: 2,
    families: same('Diop,Ndiaye,Sow,Fall,Diallo,Kouassi,Koné,Traoré,Cissé,Ba'),
    male: same('Mamadou,Ousmane,Cheikh,Abdoulaye,Moussa,Ibrahima,Serge,Yao'),
    female: same('Aminata,Fatou,Awa,Mariama,Khady,Aïssatou,Adjoua,Rokhaya'),
  },
  {
    id: 'de', language: 'de', script: 'Latn', order: 'given-first', joiner: ' ', countries: ['DE', 'AT', 'CH'], weight: 4,
    families: same('Müller,Schmidt,Schneider,Fischer,Weber,Becker,Wagner,Hoffmann,Schäfer,Koch,Richter,Klein'),
    male: same('Lukas,Felix,Jonas,Maximilian,Paul,Leon,Tobias,Matthias,Jürgen,Stefan'),
    female: same('Anna,Lena,Laura,Sophie,Hannah,Katharina,Julia,Miriam,Jana,Sabine'),
  },
  {
    id: 'hi', language: 'hi', script: 'Deva', order: 'given-first', joiner: ' ', countries: ['IN'], weight: 4,
    families: [['शर्मा', 'Sharma'], ['वर्मा', 'Verma'], ['गुप्ता', 'Gupta'], ['सिंह', 'Singh'], ['पटेल', 'Patel'], ['राव', 'Rao'],
      ['मेहता', 'Mehta'], ['जोशी', 'Joshi'], ['अग्रवाल', 'Agarwal'], ['नायर', 'Nair']],
    male: [['आरव', 'Aarav'], ['राहुल', 'Rahul'], ['विक्रम', 'Vikram'], ['अर्जुन', 'Arjun'], ['रोहन', 'Rohan'], ['अमित', 'Amit'],
      ['संजय', 'Sanjay'], ['करण', 'Karan']],
    female: [['प्रिया', 'Priya'], ['अनन्या', 'Ananya'], ['नेहा', 'Neha'], ['पूजा', 'Pooja'], ['कविता', 'Kavita'], ['दिव्या', 'Divya'],
      ['स्नेहा', 'Sneha'], ['मीरा', 'Meera']],
  },
  {
    id: 'pt', language: 'pt', script: 'Latn', order: 'given-first', joiner: ' ', countries: ['BR', 'PT'], weight: 4,
    families: same('Silva,Santos,Oliveira,Souza,Pereira,Costa,Almeida,Ferreira,Rodrigues,Carvalho,Gomes,Ribeiro'),
    male: same('João,Pedro,Gabriel,Rafael,Lucas,Tiago,Bruno,Gustavo,André,Marcelo'),
    female: same('Ana,Beatriz,Juliana,Mariana,Larissa,Fernanda,Inês,Camila,Letícia,Carolina'),
  },
  {
    id: 'en-AF', language: 'en', script: 'Latn', order: 'given-first', joiner: ' ', countries: ['KE', 'NG', 'ZA', 'GH'], weight: 4,
    families: same('Otieno,Kamau,Mwangi,Odhiambo,Okafor,Adeyemi,Eze,Okonkwo,Nkosi,Dlamini,Mokoena,Mensah,Asante,Boateng'),
    male: same('Amani,Brian,Chinedu,Emeka,Tunde,Thabo,Sipho,Kwame,Kofi,Daniel'),
    female: same('Wanjiku,Akinyi,Ngozi,Amaka,Funmilayo,Lerato,Nomvula,Ama,Abena,Grace'),
  },
  {
    id: 'vi', language: 'vi', script: 'Latn', order: 'family-first', joiner: ' ', countries: ['VN'], weight: 2,
    families: same('Nguyễn,Trần,Lê,Phạm,Hoàng,Phan,Vũ,Đặng,Bùi,Đỗ'),
    male: same('Văn An,Minh Đức,Quốc Huy,Thành Long,Hữu Phước,Đức Anh'),
    female: same('Thị Lan,Thu Hà,Ngọc Anh,Minh Châu,Thanh Hương,Bảo Ngọc'),
  },
  {
    id: 'th', language: 'th', script: 'Thai', order: 'given-first', joiner: ' ', countries: ['TH'], weight: 2,
    families: [['ศรีสุข', 'Srisuk'], ['วงศ์สวัสดิ์', 'Wongsawat'], ['ทองดี', 'Thongdee'], ['แสงทอง', 'Saengthong'],
      ['บุญมา', 'Boonma'], ['จันทร์เพ็ญ', 'Chanpen']],
    male: [['สมชาย', 'Somchai'], ['ธนากร', 'Thanakorn'], ['ประเสริฐ', 'Prasert'], ['วิชัย', 'Wichai'], ['อนันต์', 'Anan']],
    female: [['สุดารัตน์', 'Sudarat'], ['มาลี', 'Malee'], ['ปราณี', 'Pranee'], ['กมลา', 'Kamala'], ['นภา', 'Napha']],
  },
];

/** Organisation templates by guest category; {city} and {country} are filled in. All are generic and fictional. */
export const ORG_TEMPLATES_EN = {
  vip: ['{country} National Digital Council', '{city} Innovation Authority', '{country} Internet Development Office'],
  international_org: [
    'International Digital Cooperation Council', 'Global Network Inclusion Alliance', 'World Data Policy Roundtable',
    'Cross-Border Digital Trade Association', 'International Cyber Norms Initiative', 'Global Youth Online Network',
  ],
  speaker: ['{city} Institute of Technology', '{city} Digital Futures Lab', '{city} School of Computing', '{city} Policy Institute'],
  guest: ['{city} Cloud Systems', '{city} Internet Society', '{city} Data Technologies', '{city} Smart City Lab', '{country} Chamber of Digital Commerce'],
  media: ['{city} Daily Courier', '{city} Broadcasting Network', '{country} Tech Review', '{city} News Wire'],
} as const;

export const ORG_TEMPLATES_ZH = {
  vip: ['{city}数字经济发展委员会', '{city}网络信息发展中心'],
  international_org: ['国际数字合作理事会', '全球网络普惠联盟', '跨境数字贸易协会'],
  speaker: ['{city}信息工程研究院', '{city}数字未来实验室', '{city}网络治理研究中心'],
  guest: ['{city}云计算有限公司', '{city}网络科技有限公司', '{city}互联网协会', '{city}数据技术有限公司'],
  media: ['{city}科技周刊', '{city}网络广播台', '{city}新闻在线'],
} as const;

export const UNIVERSITIES: readonly Pair[] = [
  ['浙江大学', 'Zhejiang University'],
  ['浙江工业大学', 'Zhejiang University of Technology'],
  ['浙江传媒学院', 'Communication University of Zhejiang'],
  ['浙江外国语学院', 'Zhejiang International Studies University'],
  ['杭州电子科技大学', 'Hangzhou Dianzi University'],
  ['浙江理工大学', 'Zhejiang Sci-Tech University'],
  ['浙江师范大学', 'Zhejiang Normal University'],
  ['嘉兴学院', 'Jiaxing University'],
  ['浙江财经大学', 'Zhejiang University of Finance and Economics'],
  ['杭州师范大学', 'Hangzhou Normal University'],
];

export const EXHIBITOR_CATEGORIES = [
  'ai', 'robotics', 'cloud', 'big_data', 'security', 'telecom', 'iot', 'smart_city', 'ecommerce', 'fintech',
] as const;
export type ExhibitorCategory = (typeof EXHIBITOR_CATEGORIES)[number];

/** hall letter and the words a company in that field might use: [zh, en] */
export const CATEGORY_INFO: Record<ExhibitorCategory, { hall: string; words: readonly Pair[] }> = {
  ai: { hall: 'A', words: [['智能', 'Intelligence'], ['智脑', 'AI']] },
  robotics: { hall: 'A', words: [['机器人', 'Robotics'], ['智造', 'Smart Manufacturing']] },
  cloud: { hall: 'B', words: [['云计算', 'Cloud Computing'], ['云服务', 'Cloud Services']] },
  big_data: { hall: 'B', words: [['大数据', 'Big Data'], ['数据', 'Data']] },
  security: { hall: 'C', words: [['信息安全', 'Information Security'], ['网安', 'Cybersecurity']] },
  telecom: { hall: 'C', words: [['通信', 'Communications'], ['网络', 'Networks']] },
  iot: { hall: 'D', words: [['物联', 'IoT'], ['传感', 'Sensing']] },
  smart_city: { hall: 'D', words: [['智慧城市', 'Smart City'], ['城市科技', 'Urban Tech']] },
  ecommerce: { hall: 'E', words: [['电商', 'E-Commerce'], ['数字商贸', 'Digital Trade']] },
  fintech: { hall: 'E', words: [['金融科技', 'Fintech'], ['支付', 'Payments']] },
};

/** Invented brand stems. Chinese ones get pinyin at generation time. */
export const CN_BRANDS: readonly string[] = [
  '云启', '智衡', '澜图', '青禾', '远帆', '北辰', '墨川', '嘉木', '鸿屿', '清渠', '望舒', '星澜', '锦帆', '栖梧', '明渊',
  '观澜', '凌云', '拾光', '知行', '泓远', '若水', '曦和', '松涛', '听雨', '临川', '长风', '碧桐', '晴川', '南岳', '初晓',
];
export const FOREIGN_BRANDS: readonly Pair[] = [
  ['北风', 'Northwind'], ['蓝峰', 'Bluepeak'], ['银线', 'Silverline'], ['明野', 'Brightfield'], ['橡岭', 'Oakridge'],
  ['清泉', 'Clearspring'], ['红石', 'Redstone'], ['恒光', 'Everlight'], ['天炉', 'Skyforge'], ['百灵', 'Meadowlark'],
  ['铁桥', 'Ironbridge'], ['椋鸟', 'Starling'], ['珊瑚', 'Coralbay'], ['极光', 'Aurorix'], ['松果', 'Pinecone'],
];
export const LEGAL_FORMS: Record<string, string> = {
  US: 'Inc.', GB: 'Ltd', DE: 'GmbH', AT: 'GmbH', CH: 'AG', FR: 'SAS', JP: 'K.K.', KR: 'Co., Ltd.', IN: 'Pvt Ltd',
  BR: 'Ltda.', ES: 'S.L.', RU: 'LLC', SG: 'Pte Ltd', AE: 'FZ-LLC', IL: 'Ltd', AU: 'Pty Ltd', CA: 'Inc.',
};
