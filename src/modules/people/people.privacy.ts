import { sql } from 'kysely';
import { createFileStore } from '../../platform/files/file-store.js';
import { affected, countOf } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';
import { consentsOf, registrationOf } from './people.store.js';

/**
 * The people module's personal data: the guest record, the registration answers (identity document, journeys,
 * hotel, diet, accessibility, vehicle), consents, the photo's presence and the messages sent to the guest. The shred
 * keeps each guest row (status, category, delegation, country, language: the statistics) without the person.
 */
export const peoplePrivacy: PrivacyRegistrant = {
  module: 'people',
  holds: [
    { what: 'guest name (own script and Latin), organisation, title, country, e-mail, phone, language', why: 'invitation, registration, badge and the messages to the guest', retention: 'anonymised after the event; status, category, delegation, country and language stay for the statistics', zh: { what: '嘉宾姓名（原文及拉丁转写）、单位、职务、国家、邮箱、电话、语言', why: '邀请、报名、证件和发给嘉宾的消息', retention: '活动结束后匿名化；状态、类别、代表团、国家和语言保留用于统计' } },
    { what: 'registration answers: identity document (number encrypted at rest), journeys, hotel, diet, accessibility, languages, vehicle', why: 'security review, travel, lodging, catering and parking', retention: 'deleted after the event', zh: { what: '报名信息：身份证件（号码加密存储）、行程、住宿、饮食、无障碍需求、语言、车辆', why: '安全审核、交通、住宿、餐饮和停车', retention: '活动结束后删除' } },
    { what: 'consents (data processing, face recognition, photography) with when and by whom', why: 'the lawful basis of what is kept', retention: 'deleted after the event', zh: { what: '同意书（数据处理、人脸识别、拍摄）及同意的时间和人员', why: '所保存数据的合法依据', retention: '活动结束后删除' } },
    { what: 'guest photo', why: 'badge and identity check at the desk', retention: 'shredded after the event (with the face enrolments, see faces)', zh: { what: '嘉宾照片', why: '服务台的证件及身份核验', retention: '活动结束后销毁（与人脸登记一同，见 faces）' } },
    { what: 'delegation membership and headship', why: 'delegation handling and the head registering for members', retention: 'kept without the person (the guest row is anonymised)', zh: { what: '代表团成员及团长身份', why: '代表团事务及团长为成员报名', retention: '不含个人信息保留（嘉宾记录已匿名化）' } },
    { what: 'invitation token (hashed) and the messages sent (recipient, subject, body)', why: 'inviting and informing the guest', retention: 'token cleared and messages emptied after the event; their count stays', zh: { what: '邀请令牌（哈希）及已发送的消息（收件人、主题、正文）', why: '邀请并通知嘉宾', retention: '活动结束后清除令牌并清空消息内容；消息数量保留' } },
  ],

  async identify(ctx, eventId, query) {
    let q = ctx.db.selectFrom('guests').select(['id', 'user_id', 'email']).where('event_id', '=', eventId);
    q = 'guestId' in query ? q.where('id', '=', query.guestId) : q.where(sql<boolean>`lower(email) = ${query.email}`);
    const row = await q.orderBy('id').executeTakeFirst();
    return row ? { guestId: row.id, userId: row.user_id, email: row.email } : null;
  },

  async export(ctx, person) {
    if (person.guestId === null) return [];
    const g = await ctx.db
      .selectFrom('guests')
      .leftJoin('delegations', 'delegations.id', 'guests.delegation_id')
      .leftJoin('categories', 'categories.id', 'guests.category_id')
      .selectAll('guests')
      .select(['delegations.code as delegation_code', 'delegations.name_en as delegation_en', 'delegations.name_zh as delegation_zh', 'categories.code as category_code'])
      .where('guests.id', '=', person.guestId)
      .where('guests.event_id', '=', person.eventId)
      .executeTakeFirst();
    if (!g) return [];
    const messages = await ctx.db
      .selectFrom('outbox')
      .select(['id', 'kind', 'channel', 'recipient', 'language', 'subject', 'body', 'status', 'created_at', 'sent_at'])
      .where('event_id', '=', person.eventId)
      .where('guest_id', '=', g.id)
      .orderBy('id')
      .execute();
    return [
      {
        kind: 'guest',
        id: g.id,
        name: g.name,
        nameLatin: g.name_latin,
        organisation: g.organisation,
        title: g.title,
        country: g.country,
        email: g.email,
        phone: g.phone,
        language: g.language,
        status: g.status,
        category: g.category_code,
        delegation: g.delegation_code ? { code: g.delegation_code, name: { zh: g.delegation_zh, en: g.delegation_en }, head: g.delegation_head === 1 } : null,
        invitedAt: g.invited_at,
        registeredAt: g.registered_at,
        registration: registrationOf(g, ctx.deps.secret),
        consents: consentsOf(g),
        hasPhoto: g.photo_key !== null,
        reviewNote: g.review_note,
        reviewedAt: g.reviewed_at,
        badgeCollectedAt: g.badge_collected_at,
      },
      ...messages.map((m) => ({ kind: 'message', id: m.id, type: m.kind, channel: m.channel, recipient: m.recipient, language: m.language, subject: m.subject, body: m.body, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
    ];
  },

  async shred(ctx, event) {
    const photos = await ctx.db.selectFrom('guests').select('photo_key').where('event_id', '=', event.id).where('photo_key', 'is not', null).execute();
    const guests = affected(
      await ctx.db
        .updateTable('guests')
        .set({
          user_id: null,
          external_ref: null,
          name: '',
          name_latin: '',
          sort_key: '',
          organisation: null,
          title: null,
          email: null,
          phone: null,
          invite_hash: null,
          registration: null,
          consents: null,
          vehicle: null,
          photo_key: null,
          review_note: null,
          updated_at: new Date().toISOString(),
        })
        .where('event_id', '=', event.id)
        // a guest shredded before has an empty name; shredding again changes nothing
        .where((eb) => eb.or([eb('name', '<>', ''), eb('email', 'is not', null), eb('registration', 'is not', null), eb('photo_key', 'is not', null)]))
        .executeTakeFirst(),
    );
    const messages = affected(
      await ctx.db.updateTable('outbox').set({ recipient: '', subject: '', body: '', error: null }).where('event_id', '=', event.id).where('recipient', '<>', '').executeTakeFirst(),
    );
    const files = createFileStore(ctx.deps.config.filesDir);
    ctx.afterCommit(async () => {
      for (const p of photos) await files.remove(p.photo_key!);
    });
    const keptGuests = countOf(await ctx.db.selectFrom('guests').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    const keptMessages = countOf(await ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    return { removed: { guests, photos: photos.length, messages }, kept: { guests: keptGuests, messages: keptMessages } };
  },
};

