import type { MessageArea } from './define.js';
import { privacyMessages } from '../privacy/privacy.messages.js';

/** The platform's own areas; each module's come from its manifest (installMessages). */
const PLATFORM_AREAS = [privacyMessages] as const;
type KeysOf<A> = A extends { en: infer E } ? keyof E : never;
/** The modules' message keys, merged in by the composition root (src/composed-types.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleMessageKeys {}
type AreaKey = KeysOf<(typeof PLATFORM_AREAS)[number]> | keyof ModuleMessageKeys;

/**
 * Server-side messages in both languages. The web app has its own catalogue; these are what the API
 * says in `error.message`. Keys under `error.` double as refusal codes.
 */
const en = {
  'error.validation': 'Invalid value for {field}: {detail}',
  'error.malformed_json': 'The request body is not valid JSON.',
  'error.body_too_large': 'The request body is too large.',
  'error.unsupported_media_type': 'Unsupported content type; send application/json.',
  'error.unauthenticated': 'Please log in first.',
  'error.forbidden': 'You do not have permission to do this.',
  'error.csrf': 'Missing or wrong CSRF token (send the x-csrf-token header you got at login).',
  'error.bad_credentials': 'Wrong email or password.',
  'error.rate_limited': 'Too many attempts; try again in {after}.',
  'error.not_found': 'Not found: {field}.',
  'error.route_not_found': 'No such API route: {method} {url}.',
  'error.slug_taken': 'The slug "{slug}" is already used by another event.',
  'error.email_taken': 'An account with this email already exists.',
  'error.code_taken': 'The code "{code}" is already used in this event.',
  'error.ends_before_start': 'The end must be after the start ({field}).',
  'error.outside_event': 'The time lies outside the event\'s days ({start} to {end}).',
  'error.wrong_event': '{field} belongs to another event.',
  'error.board_scope': 'As a board chair you can only edit the forums of your own board.',
  'error.not_published': 'The programme has not been published yet.',
  'error.nothing_to_publish': 'The programme has no sessions to publish.',
  'error.unknown_timezone': 'Unknown time zone "{value}".',
  'error.import_unreadable': 'The file could not be read as a schedule: {detail}',
  'error.in_use': '{field} is still in use.',
  'error.board_required': 'A board chair needs a board ({field}).',
  'error.file_type': 'The file is not a PDF (checked by its content, not its name).',
  'error.file_empty': 'The file is empty.',
  'error.file_too_large': 'The file is larger than {max} MB.',
  'error.file_missing': 'Attach the PDF as a file part named "file".',
  'error.file_count': 'Send exactly one file per upload.',
  'error.file_gone': 'The file of this document is no longer available.',
  'error.multipart_required': 'Send the upload as multipart/form-data.',
  'error.multipart_malformed': 'The multipart/form-data body could not be read.',
  'error.in_the_past': '{field} lies in the past.',
  'error.notice_not_scheduled': 'Only a scheduled notice can be withdrawn; this one is {status}.',
  'error.taken': '{field} "{value}" is already taken.',
  'error.event_too_long': 'An event lasts at most {max} days ({field}).',
  'error.nul_character': '{field} contains the character U+0000, which text may not hold.',
  'error.value_out_of_range': 'A value is out of the range the database can store.',
  'error.method_not_allowed': '{method} is not allowed on {url}; allowed: {allow}.',
  'error.uri_too_long': 'The URL is too long.',
  'error.headers_too_large': 'The request headers are too large.',
  'error.bad_url': 'The URL is not valid (a bad percent-encoding).',
  'error.bad_request': 'The request could not be read: {detail}',
  'error.internal': 'Something went wrong on our side; the request id is {requestId}.',
} as const;

type CoreKey = keyof typeof en;
export type MessageKey = CoreKey | AreaKey;

const zh: Record<CoreKey, string> = {
  'error.validation': '{field} 的值无效：{detail}',
  'error.malformed_json': '请求正文不是有效的 JSON。',
  'error.body_too_large': '请求正文过大。',
  'error.unsupported_media_type': '不支持的内容类型，请发送 application/json。',
  'error.unauthenticated': '请先登录。',
  'error.forbidden': '您没有执行此操作的权限。',
  'error.csrf': 'CSRF 令牌缺失或错误（请携带登录时获得的 x-csrf-token 请求头）。',
  'error.bad_credentials': '邮箱或密码错误。',
  'error.rate_limited': '尝试次数过多，请在 {after} 后重试。',
  'error.not_found': '未找到：{field}。',
  'error.route_not_found': '没有此 API 路径：{method} {url}。',
  'error.slug_taken': '标识 "{slug}" 已被其他活动使用。',
  'error.email_taken': '该邮箱已有账户。',
  'error.code_taken': '编号 "{code}" 在本活动中已被使用。',
  'error.ends_before_start': '结束时间必须晚于开始时间（{field}）。',
  'error.outside_event': '时间不在活动日期范围内（{start} 至 {end}）。',
  'error.wrong_event': '{field} 属于其他活动。',
  'error.board_scope': '板块主席只能编辑本板块的论坛。',
  'error.not_published': '日程尚未发布。',
  'error.nothing_to_publish': '日程中没有可发布的会议。',
  'error.unknown_timezone': '未知时区 "{value}"。',
  'error.import_unreadable': '无法将文件识别为日程：{detail}',
  'error.in_use': '{field} 仍在使用中。',
  'error.board_required': '板块主席须指定板块（{field}）。',
  'error.file_type': '文件不是 PDF（按文件内容判断，而非文件名）。',
  'error.file_empty': '文件是空的。',
  'error.file_too_large': '文件超过 {max} MB。',
  'error.file_missing': '请以名为 "file" 的文件部分附上 PDF。',
  'error.file_count': '每次上传只能发送一个文件。',
  'error.file_gone': '该文档的文件已不存在。',
  'error.multipart_required': '请以 multipart/form-data 格式上传。',
  'error.multipart_malformed': '无法读取 multipart/form-data 请求正文。',
  'error.in_the_past': '{field} 是过去的时间。',
  'error.notice_not_scheduled': '只能撤回尚未发布的定时通知，此通知的状态为 {status}。',
  'error.taken': '{field}“{value}”已被占用。',
  'error.event_too_long': '活动最长 {max} 天（{field}）。',
  'error.nul_character': '{field} 含有字符 U+0000，文本中不允许出现。',
  'error.value_out_of_range': '有值超出了数据库可存储的范围。',
  'error.method_not_allowed': '{url} 不支持 {method} 方法；允许的方法：{allow}。',
  'error.uri_too_long': 'URL 过长。',
  'error.headers_too_large': '请求头过大。',
  'error.bad_url': 'URL 无效（百分号编码有误）。',
  'error.bad_request': '无法读取请求：{detail}',
  'error.internal': '服务器出错了，请求编号 {requestId}。',
};

export type Locale = 'zh' | 'en';
const compose = (areas: readonly MessageArea[], locale: Locale) =>
  Object.assign({}, locale === 'en' ? en : zh, ...areas.map((a) => a[locale])) as Record<MessageKey, string>;
let catalogues: Record<Locale, Record<MessageKey, string>> = { en: compose(PLATFORM_AREAS, 'en'), zh: compose(PLATFORM_AREAS, 'zh') };

/** HTTP statuses the areas declare for their refusal codes (the core ones are in http/errors.ts). */
export const AREA_STATUS: Record<string, number> = Object.assign({}, ...PLATFORM_AREAS.map((a) => a.status));

/**
 * Composes the platform's catalogue with the modules' areas (from the manifests, once at start). Refuses a key two
 * areas declare, and an area whose Chinese lacks a key its English has.
 */
export function installMessages(sources: ReadonlyArray<{ owner: string; areas: readonly MessageArea[] }>): void {
  const owners = new Map<string, string>(Object.keys(en).map((k) => [k, 'platform']));
  for (const a of PLATFORM_AREAS) for (const k of Object.keys(a.en)) owners.set(k, 'platform');
  const areas: MessageArea[] = [...PLATFORM_AREAS];
  for (const { owner, areas: list } of sources) {
    for (const area of list) {
      for (const key of Object.keys(area.en)) {
        const taken = owners.get(key);
        if (taken) throw new Error(`message ${key} of ${owner} is declared by ${taken} already`);
        if (!(key in area.zh)) throw new Error(`message ${key} of ${owner} has no Chinese text`);
        owners.set(key, owner);
      }
      areas.push(area);
    }
  }
  catalogues = { en: compose(areas, 'en'), zh: compose(areas, 'zh') };
  for (const k of Object.keys(AREA_STATUS)) delete AREA_STATUS[k];
  Object.assign(AREA_STATUS, ...areas.map((a) => a.status));
}

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  // a key no installed area declares (a unit test without the composition root) reads as itself
  const template = catalogues[locale][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Picks zh or en from an Accept-Language header by quality, defaulting to English. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export function pick(locale: Locale, text: { zh: string; en: string }): string {
  return (locale === 'zh' ? text.zh || text.en : text.en || text.zh) ?? '';
}
