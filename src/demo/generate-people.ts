import { pinyin } from 'pinyin-pro';
import type { Bilingual } from '../platform/schema.js';
import {
  CATEGORY_INFO,
  CN_BRANDS,
  COUNTRIES,
  EXHIBITOR_CATEGORIES,
  FOREIGN_BRANDS,
  LEGAL_FORMS,
  LOCALES,
  ORG_TEMPLATES_EN,
  ORG_TEMPLATES_ZH,
  UNIVERSITIES,
  type Continent,
  type Country,
  type ExhibitorCategory,
  type NameLocale,
  type Pair,
  type Script,
} from './generate-people-data.js';

export type { Continent, ExhibitorCategory, Script } from './generate-people-data.js';
export { EXHIBITOR_CATEGORIES } from './generate-people-data.js';

export const GUEST_CATEGORIES = ['vip', 'international_org', 'speaker', 'guest', 'media'] as const;
export type GuestCategory = (typeof GUEST_CATEGORIES)[number];

/** A name in the person's own script and order, with its Latin transliteration (family name first for CJK/VI). */
export interface DemoName {
  name: string;
  familyName: string;
  givenName: string;
  nameLatin: string;
  /** family name in Latin, lower case, without diacritics */
  sortKey: string;
  script: Script;
}

export interface DemoGuest extends DemoName {
  key: string;
  organisation: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  continent: Continent;
  /** national delegation code such as `DEL-FR`, or null for guests travelling on their own */
  delegation: string | null;
  category: GuestCategory;
  language: string;
  email: string;
  phone: string;
}

export interface DemoVolunteer extends DemoName {
  key: string;
  university: Bilingual;
  languages: string[];
  email: string;
  phone: string;
}

export interface DemoExhibitor {
  key: string;
  name: Bilingual;
  /** hall letter + three-digit number, e.g. `B014` */
  booth: string;
  category: ExhibitorCategory;
  country: string;
  contact: DemoName & { email: string; phone: string };
}

export interface GeneratedPeople {
  guests: DemoGuest[];
  volunteers: DemoVolunteer[];
  exhibitors: DemoExhibitor[];
}

type Rng = () => number;

/** mulberry32: tiny, fast and good enough for demo data; the whole output depends only on the seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty table');
  return item;
}

function pickWeighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return pick(rng, items);
}

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Latin → plain ASCII lower case for sort keys and e-mail addresses. */
export function asciiFold(latin: string): string {
  return latin
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/** Pinyin as used on passports and badges: family name, space, given name run together; no tone marks. */
export function chinesePinyin(family: string, given: string): string {
  const fam = pinyin(family, { mode: 'surname', toneType: 'none', type: 'array' }).join('');
  const giv = pinyin(given, { toneType: 'none', type: 'array' }).join('');
  return `${capitalise(fam)} ${capitalise(giv)}`;
}

const country = (code: string): Country => {
  const c = COUNTRIES[code];
  if (!c) throw new Error(`unknown country ${code}`);
  return c;
};

function makeName(rng: Rng, locale: NameLocale): DemoName {
  const female = rng() < 0.5;
  let family: Pair = pick(rng, locale.families);
  const given: Pair = pick(rng, female ? locale.female : locale.male);
  if (locale.script === 'Hani') {
    const pool = female ? locale.female : locale.male;
    let chars = given[0];
    if (rng() < 0.75) {
      let second = pick(rng, pool)[0];
      while (second === chars) second = pick(rng, pool)[0];
      chars += second;
    }
    const nameLatin = chinesePinyin(family[0], chars);
    const familyLatin = nameLatin.slice(0, nameLatin.indexOf(' '));
    return { name: family[0] + chars, familyName: family[0], givenName: chars, nameLatin, sortKey: asciiFold(familyLatin), script: 'Hani' };
  }
  if (locale.feminineSurnameA && female) family = [`${family[0]}а`, `${family[1]}a`];
  // Spanish-style names carry two surnames; the first one sorts.
  const sortFamily = family[1];
  if (locale.twoSurnames) {
    let second = pick(rng, locale.families);
    while (second[0] === family[0]) second = pick(rng, locale.families);
    family = [`${family[0]} ${second[0]}`, `${family[1]} ${second[1]}`];
  }
  const familyFirst = locale.order === 'family-first';
  const native = familyFirst ? family[0] + locale.joiner + given[0] : given[0] + locale.joiner + family[0];
  const latin = familyFirst ? `${family[1]} ${given[1]}` : `${given[1]} ${family[1]}`;
  return { name: native, familyName: family[0], givenName: given[0], nameLatin: latin, sortKey: asciiFold(sortFamily), script: locale.script };
}

/** Hands out unique example.org addresses across all generated people. */
class Mailbox {
  private readonly used = new Set<string>();
  address(n: DemoName, domain = 'example.org'): string {
    const parts = asciiFold(n.nameLatin).split(/\s+/).map((p) => p.replace(/[^a-z0-9]/g, '')).filter(Boolean);
    const base = parts.join('.') || 'guest';
    let local = base;
    for (let i = 2; this.used.has(`${local}@${domain}`); i++) local = `${base}${i}`;
    const email = `${local}@${domain}`;
    this.used.add(email);
    return email;
  }
}

function phone(rng: Rng, c: Country): string {
  if (c.code === 'CN') return `+86 1${pick(rng, ['3', '5', '7', '8', '9'])}${digits(rng, 9)}`;
  return `${c.dial} ${1 + Math.floor(rng() * 9)}${digits(rng, 8)}`;
}

const CATEGORY_WEIGHTS: { value: GuestCategory; weight: number }[] = [
  { value: 'vip', weight: 5 },
  { value: 'international_org', weight: 12 },
  { value: 'speaker', weight: 13 },
  { value: 'guest', weight: 58 },
  { value: 'media', weight: 12 },
];

function organisation(rng: Rng, category: GuestCategory, c: Country): string {
  const city = pick(rng, c.cities);
  const templates = c.code === 'CN' ? ORG_TEMPLATES_ZH[category] : ORG_TEMPLATES_EN[category];
  return pick(rng, templates).replace('{city}', city).replace('{country}', c.name);
}

function makeGuest(rng: Rng, mail: Mailbox, index: number): DemoGuest {
  // The first guests take one locale each, so every script and continent appears even in small samples.
  const rotating = LOCALES[index];
  const locale = rotating ?? pickWeighted(rng, LOCALES);
  const c = country(rotating?.countries[0] ?? pick(rng, locale.countries));
  const name = makeName(rng, locale);
  const category = pickWeighted(rng, CATEGORY_WEIGHTS).value;
  const inDelegation = c.code !== 'CN' && category !== 'media' && category !== 'international_org' && rng() < 0.35;
  return {
    key: `G${String(index + 1).padStart(4, '0')}`,
    ...name,
    organisation: organisation(rng, category, c),
    country: c.code,
    continent: c.continent,
    delegation: inDelegation ? `DEL-${c.code}` : null,
    category,
    language: locale.language,
    email: mail.address(name),
    phone: phone(rng, c),
  };
}

const CHINESE = LOCALES.find((l) => l.script === 'Hani') as NameLocale;
const FOREIGN = LOCALES.filter((l) => l.script !== 'Hani');
const EXTRA_LANGUAGES = ['ja', 'ko', 'fr', 'es', 'ru', 'de', 'ar', 'pt'];

function makeVolunteer(rng: Rng, mail: Mailbox, index: number): DemoVolunteer {
  // Mostly Chinese students; about one in ten is an international student at a Zhejiang university.
  const international = rng() < 0.1;
  const locale = international ? pickWeighted(rng, FOREIGN) : CHINESE;
  const name = makeName(rng, locale);
  const languages = international ? [...new Set([locale.language, 'en', 'zh'])] : ['zh', 'en'];
  if (!international && rng() < 0.3) languages.push(pick(rng, EXTRA_LANGUAGES));
  const [uzh, uen] = pick(rng, UNIVERSITIES);
  return {
    key: `V${String(index + 1).padStart(4, '0')}`,
    ...name,
    university: { zh: uzh, en: uen },
    languages,
    email: mail.address(name),
    phone: phone(rng, country('CN')),
  };
}

function makeExhibitor(rng: Rng, mail: Mailbox, index: number, taken: Set<string>, booths: Map<string, number>): DemoExhibitor {
  const category = pick(rng, EXHIBITOR_CATEGORIES);
  const info = CATEGORY_INFO[category];
  const foreign = rng() < 0.2;
  const locale = foreign ? pickWeighted(rng, FOREIGN) : CHINESE;
  const c = country(pick(rng, locale.countries));
  let name: Bilingual = { zh: '', en: '' };
  const clash = (n: Bilingual): boolean => n.en === '' || taken.has(`en:${n.en}`) || taken.has(`zh:${n.zh}`);
  for (let attempt = 0; attempt < 50 && clash(name); attempt++) {
    const [wzh, wen] = pick(rng, info.words);
    if (foreign) {
      const [bzh, ben] = pick(rng, FOREIGN_BRANDS);
      name = { zh: `${bzh}${wzh}公司`, en: `${ben} ${wen} ${LEGAL_FORMS[c.code] ?? 'Ltd'}` };
    } else {
      const brand = pick(rng, CN_BRANDS);
      const latin = capitalise(pinyin(brand, { toneType: 'none', type: 'array' }).join(''));
      name = { zh: `${brand}${wzh}科技有限公司`, en: `${latin} ${wen} Technology Co., Ltd.` };
    }
  }
  // Once the brand space runs dry, a numbered subsidiary keeps names unique.
  const base = name;
  for (let n = 2; clash(name); n++) name = { zh: `${base.zh}(${n})`, en: `${base.en} (${n})` };
  taken.add(`en:${name.en}`);
  taken.add(`zh:${name.zh}`);
  const number = (booths.get(info.hall) ?? 0) + 1;
  booths.set(info.hall, number);
  const contact = makeName(rng, locale);
  return {
    key: `X${String(index + 1).padStart(4, '0')}`,
    name,
    booth: `${info.hall}${String(number).padStart(3, '0')}`,
    category,
    country: c.code,
    contact: { ...contact, email: mail.address(contact), phone: phone(rng, c) },
  };
}

/** Deterministic people at the scale of WIC 2017 (1,500 guests, 1,000+ volunteers, 400+ exhibitors). */
export function generatePeople(opts: { guests: number; volunteers: number; exhibitors: number; seed: number }): GeneratedPeople {
  const rng = mulberry32(opts.seed);
  const mail = new Mailbox();
  const guests = Array.from({ length: opts.guests }, (_, i) => makeGuest(rng, mail, i));
  const volunteers = Array.from({ length: opts.volunteers }, (_, i) => makeVolunteer(rng, mail, i));
  const taken = new Set<string>();
  const booths = new Map<string, number>();
  const exhibitors = Array.from({ length: opts.exhibitors }, (_, i) => makeExhibitor(rng, mail, i, taken, booths));
  return { guests, volunteers, exhibitors };
}
