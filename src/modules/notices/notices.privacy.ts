import { affected } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';

/** The notices' personal data: which account received and read which notice. */
export const noticesPrivacy: PrivacyRegistrant = {
  module: 'notices',
  holds: [
    { what: 'notice deliveries and read receipts of an account', why: 'showing each person their notices and whether they read them', retention: 'deleted after the event; the delivered and read counts per notice are in the shred report', zh: { what: '账户收到的通知及已读回执', why: '向每个人显示其通知及是否已读', retention: '活动结束后删除；各通知的送达和已读数见销毁报告' } },
  ],

  async export(ctx, person) {
    if (person.userId === null) return [];
    const rows = await ctx.db
      .selectFrom('notice_deliveries')
      .innerJoin('notices', 'notices.id', 'notice_deliveries.notice_id')
      .select(['notice_deliveries.id', 'notice_id', 'notices.title_zh', 'notices.title_en', 'notices.published_at', 'read_at'])
      .where('notice_deliveries.event_id', '=', person.eventId)
      .where('notice_deliveries.user_id', '=', person.userId)
      .orderBy('notice_deliveries.id')
      .execute();
    return rows.map((r) => ({ kind: 'delivery', noticeId: r.notice_id, title: { zh: r.title_zh, en: r.title_en }, publishedAt: r.published_at, readAt: r.read_at }));
  },

  async shred(ctx, event) {
    const read = await ctx.db
      .selectFrom('notice_deliveries')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('read_at').as('read')])
      .where('event_id', '=', event.id)
      .executeTakeFirst();
    const deliveries = affected(await ctx.db.deleteFrom('notice_deliveries').where('event_id', '=', event.id).executeTakeFirst());
    const notices = await ctx.db.selectFrom('notices').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst();
    return { removed: { deliveries }, kept: { notices: Number(notices?.n ?? 0), readReceiptsCounted: Number(read?.read ?? 0) } };
  },
};
