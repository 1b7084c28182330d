import { sql } from 'kysely';
import { fromJson, toJson } from '../db/database.js';
import type { PrivacyRegistrant } from './registry.js';

/** Roles whose actions stay attributed after a shred: the organisers' and staff's accountability. */
const STAFF_ROLES = ['organiser', 'board_chair', 'desk_staff', 'gate_staff', 'device'];
/** Payload fields that name a person; a shred blanks them and keeps which fields changed. */
const PERSONAL_KEYS = new Set(['name', 'nameLatin', 'email', 'phone', 'recipient', 'owner', 'plate', 'plateRead', 'organisation', 'title', 'note', 'reviewNote', 'displayName']);

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'changes' && v !== null && typeof v === 'object' && !Array.isArray(v)) out[k] = Object.fromEntries(Object.keys(v).map((path) => [path, { changed: true }]));
    else out[k] = PERSONAL_KEYS.has(k) && v !== null ? null : scrub(v);
  }
  return out;
}

/**
 * The audit log's personal data: who acted (the account) and what the payloads say about guests. Export: the
 * person's own actions in the event and the entries about their guest record. Shred: actions of people who are not
 * staff lose their actor, payloads lose names and contact details (which fields changed stays); every entry stays.
 */
export const auditPrivacy: PrivacyRegistrant = {
  module: 'audit',
  holds: [
    { what: 'audit log entries: the acting account, the request, and what changed about a guest', why: 'accountability of every state change', retention: 'kept; after the event the actors who are not staff are unlinked and names and contact details leave the payloads', zh: { what: '审计日志：操作账户、请求以及嘉宾信息的变更', why: '每次状态变更的问责', retention: '保留；活动结束后非工作人员的操作者解除关联，姓名和联系方式从内容中删除' } },
  ],

  async export(ctx, person) {
    const guestRef = person.guestId === null ? [] : [`%"guestId":${person.guestId},%`, `%"guestId":${person.guestId}}%`];
    if (person.userId === null && guestRef.length === 0) return [];
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['id', 'at', 'type', 'actor_user_id', 'payload'])
      .where('event_id', '=', person.eventId)
      .where((eb) => eb.or([...(person.userId !== null ? [eb('actor_user_id', '=', person.userId)] : []), ...guestRef.map((p) => eb('payload', 'like', p))]))
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ kind: 'entry', id: r.id, at: r.at, type: r.type, byThisPerson: person.userId !== null && r.actor_user_id === person.userId, payload: fromJson<unknown>(r.payload, null) }));
  },

  async shred(ctx, event) {
    const staff = ctx.db
      .selectFrom('role_grants')
      .select('user_id')
      .where('role', 'in', STAFF_ROLES)
      .where((eb) => eb.or([eb('event_id', 'is', null), eb('event_id', '=', event.id)]));
    const actors = await ctx.db
      .updateTable('audit_log')
      .set({ actor_user_id: null })
      .where('event_id', '=', event.id)
      .where('actor_user_id', 'is not', null)
      .where('actor_user_id', 'not in', staff)
      .executeTakeFirst();
    const rows = await ctx.db.selectFrom('audit_log').select(['id', 'payload']).where('event_id', '=', event.id).execute();
    let payloads = 0;
    for (const r of rows) {
      const scrubbed = toJson(scrub(fromJson<unknown>(r.payload, null)));
      if (scrubbed === r.payload) continue;
      await ctx.db.updateTable('audit_log').set({ payload: scrubbed }).where('id', '=', r.id).execute();
      payloads++;
    }
    return { removed: { actors: Number(actors.numUpdatedRows), payloads }, kept: { entries: rows.length } };
  },
};

/** Accounts (platform/auth) span events: an export shows the account and its roles in the event; a shred keeps it. */
export const accountsPrivacy: PrivacyRegistrant = {
  module: 'accounts',
  holds: [
    { what: 'account: e-mail, display name, language, profile (Latin name, organisation, country, phone), roles', why: 'signing in and acting in the event', retention: 'kept while the account exists (accounts span events); removed by an administrator on request', zh: { what: '账户：邮箱、显示名、语言、资料（拉丁姓名、单位、国家、电话）、角色', why: '登录并在活动中操作', retention: '账户存在期间保留（账户跨活动）；应请求由管理员删除' } },
  ],

  async identify(ctx, eventId, query) {
    if (!('email' in query)) return null;
    // only an account with a role in this event: an organiser of one event never learns of accounts of another
    const user = await ctx.db
      .selectFrom('users')
      .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
      .select(['users.id', 'users.email'])
      .where(sql<boolean>`lower(users.email) = ${query.email}`)
      .where('role_grants.event_id', '=', eventId)
      .executeTakeFirst();
    return user ? { userId: user.id, email: user.email } : null;
  },

  async export(ctx, person) {
    if (person.userId === null) return [];
    const user = await ctx.db.selectFrom('users').select(['id', 'email', 'display_name', 'locale', 'profile', 'created_at']).where('id', '=', person.userId).executeTakeFirst();
    if (!user) return [];
    const grants = await ctx.db
      .selectFrom('role_grants')
      .select(['role', 'event_id', 'board_id'])
      .where('user_id', '=', user.id)
      .where((eb) => eb.or([eb('event_id', 'is', null), eb('event_id', '=', person.eventId)]))
      .execute();
    return [
      {
        kind: 'account',
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        locale: user.locale,
        profile: fromJson<unknown>(user.profile, {}),
        createdAt: user.created_at,
        roles: grants.map((g) => ({ role: g.role, installationWide: g.event_id === null, boardId: g.board_id })),
      },
    ];
  },

  async shred(ctx, event) {
    const n = await ctx.db.selectFrom('role_grants').select((eb) => eb.fn.count<number>('user_id').distinct().as('n')).where('event_id', '=', event.id).executeTakeFirst();
    return { removed: {}, kept: { accounts: Number(n?.n ?? 0) } };
  },
};
