import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../platform/deps.js';
import { approvedGuests, eventDelegations, guestCategories, guestTallies, type GuestTally } from '../people/index.js';
import { ok, type Result } from '../../platform/result.js';
import type { ArrivalCounts, ArrivalGroup, Arrivals, NoShow } from './reports.schema.js';

type Lang = 'zh' | 'en';

/** The guests of the event with an admitted entry through any gate: they have arrived. */
async function arrivedGuests(deps: Deps, eventId: number): Promise<Set<number>> {
  const rows = await deps.db
    .selectFrom('scans')
    .select('guest_id')
    .distinct()
    .where('event_id', '=', eventId)
    .where('verdict', '=', 'admit')
    .where('direction', '=', 'entry')
    .where('guest_id', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.guest_id!));
}

/**
 * Counts per category or delegation, folded from people's tallies of the event's guests (cancelled ones are left
 * out there); `registered` counts everyone past the invitation (registered, asked for changes, approved or rejected).
 */
function countBy(guests: readonly GuestTally[], arrived: ReadonlySet<number>, column: 'category_id' | 'delegation_id') {
  const counts = new Map<number | null, ArrivalCounts>();
  for (const g of guests) {
    const key = g[column];
    const c = counts.get(key) ?? { ...ZERO };
    c.invited++;
    if (g.status !== 'invited') c.registered++;
    if (g.status === 'approved') c.approved++;
    if (g.badge_collected_at !== null) c.badgeCollected++;
    if (arrived.has(g.id)) c.arrived++;
    counts.set(key, c);
  }
  return counts;
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
  const [guests, arrived, categories, delegations] = await Promise.all([
    guestTallies(deps.db, eventId),
    arrivedGuests(deps, eventId),
    guestCategories(deps.db, eventId),
    eventDelegations(deps.db, eventId),
  ]);
  const byCat = countBy(guests, arrived, 'category_id');
  const byDel = countBy(guests, arrived, 'delegation_id');
  const total = { ...ZERO };
  for (const c of byCat.values()) for (const k of Object.keys(total) as Array<keyof ArrivalCounts>) total[k] += c[k];
  // every category is listed (the rules exist even before anyone holds them); delegations only with guests
  return ok({ total, byCategory: groups(categories, byCat, true), byDelegation: groups(delegations, byDel, false) });
}

/** Approved guests who never passed a gate inwards, by name (the guest list's order). */
export async function noShows(deps: Deps, eventId: number): Promise<Result<NoShow[]>> {
  const [guests, arrived, categories, delegations] = await Promise.all([
    approvedGuests(deps.db, eventId),
    arrivedGuests(deps, eventId),
    guestCategories(deps.db, eventId),
    eventDelegations(deps.db, eventId),
  ]);
  const categoryOf = new Map(categories.map((c) => [c.id, c]));
  const delegationOf = new Map(delegations.map((d) => [d.id, d]));
  return ok(
    guests
      .filter((g) => !arrived.has(g.id))
      .map((g) => {
        const cat = g.category_id !== null ? categoryOf.get(g.category_id) : undefined;
        const del = g.delegation_id !== null ? delegationOf.get(g.delegation_id) : undefined;
        return {
          guestId: g.id,
          name: g.name,
          nameLatin: g.name_latin,
          organisation: g.organisation,
          category: cat ? { code: cat.code, name: { zh: cat.name_zh, en: cat.name_en } } : null,
          delegation: del ? { code: del.code, name: { zh: del.name_zh, en: del.name_en } } : null,
          email: g.email,
          phone: g.phone,
          badgeCollectedAt: g.badge_collected_at,
        };
      }),
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
