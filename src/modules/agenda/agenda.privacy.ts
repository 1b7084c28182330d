import { affected } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';

/** The agenda's personal data: which sessions a person starred, and their private calendar feed. */
export const agendaPrivacy: PrivacyRegistrant = {
  module: 'agenda',
  holds: [
    { what: 'starred sessions of an account', why: 'the personal agenda and the expected audience per session', retention: 'deleted after the event; the count per session is in the shred report', zh: { what: '账户收藏的议程', why: '个人日程和各场次的预计人数', retention: '活动结束后删除；各场次收藏数见销毁报告' } },
    { what: 'calendar feed (a secret link of the account)', why: 'the personal agenda in a calendar application', retention: 'deleted after the event', zh: { what: '日历订阅（账户的私密链接）', why: '在日历应用中查看个人日程', retention: '活动结束后删除' } },
  ],

  async export(ctx, person) {
    if (person.userId === null) return [];
    const stars = await ctx.db.selectFrom('agenda_stars').select(['session_id', 'created_at']).where('event_id', '=', person.eventId).where('user_id', '=', person.userId).orderBy('session_id').execute();
    const feeds = await ctx.db.selectFrom('calendar_feeds').select(['created_at']).where('event_id', '=', person.eventId).where('user_id', '=', person.userId).execute();
    return [
      ...stars.map((s) => ({ kind: 'star', sessionId: s.session_id, starredAt: s.created_at })),
      ...feeds.map((f) => ({ kind: 'calendar_feed', createdAt: f.created_at })),
    ];
  },

  async shred(ctx, event) {
    const sessions = await ctx.db.selectFrom('agenda_stars').select('session_id').distinct().where('event_id', '=', event.id).execute();
    const stars = affected(await ctx.db.deleteFrom('agenda_stars').where('event_id', '=', event.id).executeTakeFirst());
    const calendarFeeds = affected(await ctx.db.deleteFrom('calendar_feeds').where('event_id', '=', event.id).executeTakeFirst());
    return { removed: { stars, calendarFeeds }, kept: { starredSessions: sessions.length } };
  },
};
