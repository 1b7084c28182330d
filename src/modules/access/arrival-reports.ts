import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.js';
import { ok, type Result } from '../../platform/result.js';
import type { ArrivalCounts, ArrivalGroup, Arrivals, NoShow } from './reports.schema.js';

type Lang = 'zh' | 'en';
const n = (v: unknown) => Number(v ?? 0);

/** An admitted entry through any gate: the guest has arrived. */
const arrivedSql = (eventId: number) =>
  sql<boolean>`exists (select 1 from scans where scans.guest_id = guests.id and scans.event_id = ${eventId} and scans.verdict = 'admit' and scans.direction = 'entry')`;

/**
 * Counts per category or delegation, in one grouped query. Cancelled guests are left out; `registered` counts
 * everyone past the invitation (registered, asked for changes, approved or rejected).
 */
async function countBy(deps: Deps, eventId: number, column: 'category_id' | 'delegation_id') {
  const rows = await deps.db
    .selectFrom('guests')
    .select([
      `${column} as key`,
      (eb) => eb.fn.countAll<number>().as('invited'),
      sql<number>`sum(case when status <> 'invited' then 1 else 0 end)`.as('registered'),
      sql<number>`sum(case when status = 'approved' then 1 else 0 end)`.as('approved'),
      sql<number>`sum(case when badge_collected_at is not null then 1 else 0 end)`.as('badge'),
      sql<number>`sum(case when ${arrivedSql(eventId)} then 1 else 0 end)`.as('arrived'),
    ])
    .where('event_id', '=', eventId)
    .where('status', '<>', 'cancelled')
    .groupBy(column)
    .execute();
  return new Map(
    rows.map((r) => [
      r.key as number | null,
      { invited: n(r.invited), registered: n(r.registered), approved: n(r.approved), badgeCollected: n(r.badge), arrived: n(r.arrived) } satisfies ArrivalCounts,
    ]),
  );
}

const ZERO: ArrivalCounts = { invited: 0, registered: 0, approved: 0, badgeCollected: 0, arrived: 0 };

function groups(
  all: Array<{ id: number; code: string; name_zh: string; name_en: string }>,
  counts: Map<number | null, ArrivalCounts>,
  keepEmpty: boolean,
): ArrivalGroup[] {
  const out: ArrivalGroup[] = all
    .map((g) => ({ id: g.id, code: g.code, name: { zh: g.name_zh, en: g.name_en }, ...(counts.get(g.id) ?? ZERO) }))
    .filter((g) => keepEmpty || g.invited > 0);
  const none = counts.get(null);
  if (none) out.push({ id: null, code: null, name: null, ...none });
  return out;
}

/** Invited, registered, approved, badge collected and arrived, per category, per delegation and in all. */
export async function arrivalReport(deps: Deps, eventId: number): Promise<Result<Arrivals>> {
  const [byCat, byDel, categories, delegations] = await Promise.all([
    countBy(deps, eventId, 'category_id'),
    countBy(deps, eventId, 'delegation_id'),
    deps.db.selectFrom('categories').select(['id', 'code', 'name_zh', 'name_en']).where('event_id', '=', eventId).orderBy('position').orderBy('id').execute(),
    deps.db.selectFrom('delegations').select(['id', 'code', 'name_zh', 'name_en']).where('event_id', '=', eventId).orderBy('code').execute(),
  ]);
  const total = { ...ZERO };
  for (const c of byCat.values()) for (const k of Object.keys(total) as Array<keyof ArrivalCounts>) total[k] += c[k];
  // every category is listed (the rules exist even before anyone holds them); delegations only with guests
  return ok({ total, byCategory: groups(categories, byCat, true), byDelegation: groups(delegations, byDel, false) });
}

/** Approved guests who never passed a gate inwards, by name. */
export async function noShows(deps: Deps, eventId: number): Promise<Result<NoShow[]>> {
  const rows = await deps.db
    .selectFrom('guests')
    .leftJoin('categories', 'categories.id', 'guests.category_id')
    .leftJoin('delegations', 'delegations.id', 'guests.delegation_id')
    .select([
      'guests.id as id',
      'guests.name as name',
      'guests.name_latin as name_latin',
      'guests.organisation as organisation',
      'guests.email as email',
      'guests.phone as phone',
      'guests.badge_collected_at as badge_collected_at',
      'categories.code as cat_code',
      'categories.name_zh as cat_zh',
      'categories.name_en as cat_en',
      'delegations.code as del_code',
      'delegations.name_zh as del_zh',
      'delegations.name_en as del_en',
    ])
    .where('guests.event_id', '=', eventId)
    .where('guests.status', '=', 'approved')
    .where(sql<boolean>`not ${arrivedSql(eventId)}`)
    .orderBy('guests.sort_key')
    .orderBy('guests.id')
    .execute();
  return ok(
    rows.map((r) => ({
      guestId: r.id,
      name: r.name,
      nameLatin: r.name_latin,
      organisation: r.organisation,
      category: r.cat_code !== null ? { code: r.cat_code, name: { zh: r.cat_zh ?? '', en: r.cat_en ?? '' } } : null,
      delegation: r.del_code !== null ? { code: r.del_code, name: { zh: r.del_zh ?? '', en: r.del_en ?? '' } } : null,
      email: r.email,
      phone: r.phone,
      badgeCollectedAt: r.badge_collected_at,
    })),
  );
}

const HEADERS = {
  arrivals: {
    en: ['Group', 'Code', 'Name', 'Invited', 'Registered', 'Approved', 'Badge collected', 'Arrived'],
    zh: ['分组', '编号', '名称', '已邀请', '已注册', '已批准', '已领证', '已到场'],
  },
  noShows: {
    en: ['Name', 'Latin name', 'Organisation', 'Category', 'Delegation', 'Email', 'Phone', 'Badge collected at'],
    zh: ['姓名', '拉丁字母姓名', '单位', '类别', '代表团', '邮箱', '电话', '领证时间'],
  },
  groups: {
    en: { category: 'Category', delegation: 'Delegation', total: 'Total', none: '(none)' },
    zh: { category: '类别', delegation: '代表团', total: '合计', none: '（无）' },
  },
} as const;

/** UTF-8 with a byte-order mark: without it Excel reads Chinese as mojibake. */
const BOM = '\uFEFF';
/** A name typed as `=HYPERLINK(...)` stays text in a spreadsheet instead of becoming a formula. */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) && !/^\+[\d ()-]+$/.test(v) ? `'${v}` : v);

export function arrivalsCsv(report: Arrivals, lang: Lang): string {
  const g = HEADERS.groups[lang];
  const line = (kind: string, group: ArrivalGroup) => [kind, cell(group.code ?? ''), cell(group.name ? group.name[lang] : g.none), group.invited, group.registered, group.approved, group.badgeCollected, group.arrived];
  const rows = [
    ...report.byCategory.map((c) => line(g.category, c)),
    ...report.byDelegation.map((d) => line(g.delegation, d)),
    [g.total, '', '', report.total.invited, report.total.registered, report.total.approved, report.total.badgeCollected, report.total.arrived],
  ];
  return BOM + stringify([[...HEADERS.arrivals[lang]], ...rows]);
}

export function noShowsCsv(list: NoShow[], lang: Lang): string {
  const rows = list.map((s) =>
    [s.name, s.nameLatin, s.organisation ?? '', s.category?.name[lang] ?? '', s.delegation?.name[lang] ?? '', s.email ?? '', s.phone ?? '', s.badgeCollectedAt ?? ''].map(cell),
  );
  return BOM + stringify([[...HEADERS.noShows[lang]], ...rows]);
}
