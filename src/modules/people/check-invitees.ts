import type { Db } from '../../platform/db/database.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.js';
import type { RefusalCode } from '../../platform/result.js';
import {
  INVITEE_FIELDS,
  type InviteeField,
  type InviteeRow,
  type InviteeValues,
  type NormalisedInvitee,
  type RowError,
} from './invitations.schema.js';

/** Headers as organisers write them, in Chinese and English, compared without case, spaces or punctuation. */
const ALIASES: Record<InviteeField, string[]> = {
  name: ['姓名', '名字', '中文姓名', '本名', 'name', 'full name', 'fullname', 'name (own script)'],
  name_latin: [
    '拉丁姓名',
    '拼音',
    '姓名拼音',
    '英文名',
    '英文姓名',
    '拉丁文姓名',
    'name_latin',
    'latin name',
    'name (latin)',
    'name in latin',
  ],
  organisation: ['单位', '工作单位', '机构', '组织', '所属机构', 'organisation', 'organization', 'org', 'company', 'affiliation'],
  country: ['国家', '国家/地区', '国家或地区', '国籍', 'country', 'country/region', 'nationality'],
  delegation: ['代表团', 'delegation'],
  delegation_head: ['团长', '代表团团长', '是否团长', 'delegation head', 'head of delegation', 'head'],
  category: ['类别', '类型', '嘉宾类别', '身份类别', '证件类别', 'category', 'type'],
  language: ['语言', '语种', '邮件语言', 'language', 'lang'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'mail', 'email address'],
  phone: ['电话', '手机', '手机号', '手机号码', '联系电话', 'phone', 'mobile', 'tel', 'telephone'],
  title: ['职务', '职位', '头衔', '职称', 'title', 'position', 'job title'],
};
const squash = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
const BY_ALIAS = new Map(Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [squash(n), field as InviteeField])));

export interface HeaderMapping {
  /** column index of each recognised field */
  index: Partial<Record<InviteeField, number>>;
  headers: Partial<Record<InviteeField, string>>;
  ignored: string[];
}

export function mapHeader(header: string[]): HeaderMapping {
  const mapping: HeaderMapping = { index: {}, headers: {}, ignored: [] };
  header.forEach((raw, i) => {
    const field = BY_ALIAS.get(squash(raw));
    if (field && mapping.index[field] === undefined) {
      mapping.index[field] = i;
      mapping.headers[field] = raw.trim();
    } else if (raw.trim()) mapping.ignored.push(raw.trim());
  });
  return mapping;
}

const LANGUAGES: Record<string, 'zh' | 'en'> = Object.fromEntries([
  ...['zh', 'zhcn', 'zhhans', 'cn', 'chinese', '中文', '汉语', '简体中文', '普通话'].map((k) => [k, 'zh'] as const),
  ...['en', 'enus', 'engb', 'english', '英文', '英语'].map((k) => [k, 'en'] as const),
]);
const YES = new Set(['yes', 'y', 'true', '1', 'x', '是', '对', '√', '✓', 'head', '团长']);
const NO = new Set(['', 'no', 'n', 'false', '0', '否']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()\-./]{4,30}$/;
const HAN = /\p{Script=Han}/u;
const MAX_CELL = 200;

/** What the checks need to know about the event: its categories and its guests so far. */
export interface InviteeContext {
  categories: Map<string, string>;
  guestsByEmail: Map<string, number>;
  guestsByPerson: Map<string, number>;
}

export async function inviteeContext(db: Db, eventId: number): Promise<InviteeContext> {
  const [categories, guests] = await Promise.all([
    db.selectFrom('categories').select(['code', 'name_zh', 'name_en']).where('event_id', '=', eventId).execute(),
    db.selectFrom('guests').select(['id', 'email', 'name_latin', 'organisation']).where('event_id', '=', eventId).execute(),
  ]);
  const byName = new Map<string, string>();
  for (const c of categories) for (const key of [c.code, c.name_zh, c.name_en]) byName.set(squash(key), c.code);
  const guestsByEmail = new Map<string, number>();
  const guestsByPerson = new Map<string, number>();
  for (const g of guests) {
    if (g.email) guestsByEmail.set(g.email.toLowerCase(), g.id);
    guestsByPerson.set(personKey(g.name_latin, g.organisation ?? ''), g.id);
  }
  return { categories: byName, guestsByEmail, guestsByPerson };
}

/** The same person: the Latin name and the organisation, compared without case, accents or spacing. */
export const personKey = (latin: string, organisation: string) => `${squash(sortKey(latin))}|${squash(organisation)}`;

const clean = (v: string | undefined) => (v ?? '').replace(/\s+/g, ' ').trim();

/** Trims every value, fills the Latin name and the language, and turns a category name into its code. */
export function normalise(values: InviteeValues, ctx: InviteeContext): NormalisedInvitee {
  const v = Object.fromEntries(INVITEE_FIELDS.map((f) => [f, clean(values[f])])) as NormalisedInvitee;
  if (!v.name_latin && v.name) v.name_latin = latinName(v.name);
  v.email = v.email.toLowerCase().replace(/^mailto:/, '');
  if (v.category) v.category = ctx.categories.get(squash(v.category)) ?? v.category;
  const head = v.delegation_head.toLowerCase();
  if (YES.has(head)) v.delegation_head = 'yes';
  else if (NO.has(head)) v.delegation_head = '';
  if (v.language) v.language = LANGUAGES[squash(v.language)] ?? v.language;
  else if (v.name) v.language = HAN.test(v.name) ? 'zh' : 'en';
  return v;
}

/**
 * Checks normalised invitees against each other and the event's guests: every problem of a row, each on its
 * field, in the caller's language. A later row that repeats a person is the duplicate, not the first one.
 */
export function checkInvitees(rows: Array<{ line: number; values: NormalisedInvitee }>, ctx: InviteeContext, locale: Locale): InviteeRow[] {
  const seenEmail = new Map<string, number>();
  const seenPerson = new Map<string, number>();
  return rows.map(({ line, values: v }) => {
    const errors: RowError[] = [];
    const add = (field: InviteeField, code: RefusalCode, params: Record<string, string | number> = {}) => {
      if (!errors.some((e) => e.field === field))
        errors.push({ field, code, message: translate(locale, `error.${code}` as MessageKey, params) });
    };
    for (const f of INVITEE_FIELDS) if (v[f].length > MAX_CELL) add(f, 'value_too_long', { max: MAX_CELL });
    if (!v.name) add('name', 'missing_name');
    if (!v.email && !v.phone) add('email', 'missing_contact');
    if (v.email && !EMAIL.test(v.email)) add('email', 'invalid_email');
    if (v.phone && !PHONE.test(v.phone)) add('phone', 'invalid_phone');
    if (v.category && ![...ctx.categories.values()].includes(v.category)) add('category', 'unknown_category', { value: v.category });
    if (v.delegation_head && v.delegation_head !== 'yes') add('delegation_head', 'invalid_flag', { value: v.delegation_head });
    else if (v.delegation_head && !v.delegation) add('delegation_head', 'head_without_delegation');
    if (v.language && v.language !== 'zh' && v.language !== 'en') add('language', 'unknown_language', { value: v.language });

    const person = v.name_latin ? personKey(v.name_latin, v.organisation) : null;
    const existing = (v.email ? ctx.guestsByEmail.get(v.email) : undefined) ?? (person ? ctx.guestsByPerson.get(person) : undefined);
    const earlier = (v.email ? seenEmail.get(v.email) : undefined) ?? (person ? seenPerson.get(person) : undefined);
    const dupField: InviteeField = v.email && (ctx.guestsByEmail.has(v.email) || seenEmail.has(v.email)) ? 'email' : 'name_latin';
    if (existing !== undefined) add(dupField, 'duplicate_guest', { guestId: existing });
    else if (earlier !== undefined) add(dupField, 'duplicate_in_file', { line: earlier });
    if (v.email && !seenEmail.has(v.email)) seenEmail.set(v.email, line);
    if (person && !seenPerson.has(person)) seenPerson.set(person, line);
    return { line, values: v, errors };
  });
}
