import { newToken, sha256 } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import type { Insertable } from 'kysely';
import type { EventRow } from '../events/index.js';
import type { OutboxTable } from './people.tables.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.js';
import { ok, refuse, type RefusalCode, type Result } from '../../platform/result.js';
import { deliverSoon, pendingRetries } from './deliver-outbox.js';
import type { OutboxStatus, SendInput, SendReport } from './invitations.schema.js';
import { listTemplates, render } from './message-templates.js';
import type { GuestLanguage } from './people.schema.js';

const HAN = /\p{Script=Han}/u;
const INSERT_CHUNK = 500;
/** Guests past whom an invitation has no point. */
const NOT_INVITABLE = new Set(['rejected', 'cancelled']);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The personal link of an invitation token: the registration form, and the QR the badge desk scans. */
export const invitationLink = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, '')}/app/register/${token}`;

/**
 * Gives a guest a fresh invitation token: only its sha256 is stored (guests.invite_hash), so the token exists
 * only in the link sent. An earlier token stops working.
 */
export async function createInvitationToken(db: Db, guestId: number, opts: { onlyIfNotInvited?: boolean } = {}): Promise<string | null> {
  const token = newToken();
  const at = nowIso();
  let q = db
    .updateTable('guests')
    .set({ invite_hash: sha256(token), invited_at: at, updated_at: at })
    .where('id', '=', guestId);
  // a concurrent send that got there first has already invited the guest: do not replace the link it sent
  if (opts.onlyIfNotInvited) q = q.where('invited_at', 'is', null);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? token : null;
}

function formatDeadline(date: string, language: GuestLanguage): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return language === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The day before the event starts: registration closes before arrivals begin. */
function defaultDeadline(event: EventRow): string {
  const day = new Date(`${event.start_date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Sends personal invitation links: for each guest a fresh token, the template in the guest's language, and a
 * row in the outbox; by SMTP when configured (failed ones of earlier sends go along), otherwise the row is the
 * message ('written'). The token is never logged nor put in an event; it lives only in the message.
 */
export async function sendInvitations(
  deps: Deps,
  actor: Actor,
  event: EventRow,
  input: SendInput,
  baseUrl: string,
  locale: Locale,
): Promise<Result<SendReport>> {
  const q = deps.db
    .selectFrom('guests')
    .select(['id', 'name', 'name_latin', 'email', 'language', 'status'])
    .where('event_id', '=', event.id);
  const guests = input.guestIds
    ? await q.where('id', 'in', input.guestIds).execute()
    : await q.where('status', '=', 'invited').where('invited_at', 'is', null).orderBy('id').execute();
  if (input.guestIds) {
    const known = new Set(guests.map((g) => g.id));
    const missing = input.guestIds.findIndex((id) => !known.has(id));
    if (missing >= 0) return refuse('not_found', `guestIds.${missing}`);
  }
  const templates = await listTemplates(deps, event.id);
  if (!templates.ok) return templates;
  const smtp = !!deps.config.smtpUrl;
  const deadline = input.deadline ?? defaultDeadline(event);
  const refusal = (guestId: number, code: RefusalCode, params: Record<string, string> = {}) => ({
    guestId,
    outboxId: null,
    status: null,
    code,
    message: translate(locale, `error.${code}` as MessageKey, params),
  });

  const results: SendReport['results'] = [];
  const sending: Array<{ guestId: number; outboxId: number; language: GuestLanguage }> = [];
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const messages: Insertable<OutboxTable>[] = [];
    for (const g of guests) {
      if (NOT_INVITABLE.has(g.status)) {
        results.push(refusal(g.id, 'guest_not_invitable', { status: g.status }));
        continue;
      }
      if (!g.email) {
        results.push(refusal(g.id, 'guest_no_email'));
        continue;
      }
      const language: GuestLanguage = g.language === 'zh' ? 'zh' : 'en';
      const template = templates.value.find((t) => t.kind === 'invitation' && t.language === language)!;
      const token = await createInvitationToken(trx, g.id, { onlyIfNotInvited: !input.guestIds });
      if (!token) continue;
      const values = {
        name: language === 'zh' || !HAN.test(g.name) ? g.name : g.name_latin,
        event: language === 'zh' ? event.name_zh : event.name_en,
        link: invitationLink(baseUrl, token),
        deadline: formatDeadline(deadline, language),
      };
      messages.push({
        event_id: event.id,
        guest_id: g.id,
        kind: 'invitation',
        channel: 'email',
        recipient: g.email,
        language,
        subject: render(template.subject, values),
        body: render(template.body, values),
        status: smtp ? 'queued' : 'written',
        error: null,
        created_at: now,
        sent_at: null,
      });
    }
    // in chunks, as the import does: a statement per message is slow on PostgreSQL
    for (let i = 0; i < messages.length; i += INSERT_CHUNK) {
      const chunk = messages.slice(i, i + INSERT_CHUNK);
      const rows = await trx.insertInto('outbox').values(chunk).returning(['id', 'guest_id']).execute();
      for (const r of rows)
        sending.push({
          guestId: r.guest_id!,
          outboxId: r.id,
          language: chunk.find((m) => m.guest_id === r.guest_id)!.language as GuestLanguage,
        });
    }
  });

  // failed messages of earlier sends go along with the new ones
  const retries = smtp ? await pendingRetries(deps, event.id) : [];
  if (smtp) await deliverSoon(deps, event.id, [...retries, ...sending.map((s) => s.outboxId)]);
  const ids = [...retries, ...sending.map((s) => s.outboxId)];
  const statuses = new Map<number, OutboxStatus>();
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const rows = await deps.db
      .selectFrom('outbox')
      .select(['id', 'status'])
      .where('id', 'in', ids.slice(i, i + INSERT_CHUNK))
      .execute();
    for (const r of rows) statuses.set(r.id, r.status as OutboxStatus);
  }
  for (const s of sending) {
    const status = statuses.get(s.outboxId) ?? 'queued';
    results.push({ guestId: s.guestId, outboxId: s.outboxId, status, code: null, message: null });
    await emit(deps, actor, event.id, {
      type: 'invitation.sent',
      payload: { guestId: s.guestId, outboxId: s.outboxId, language: s.language, status },
    });
  }
  results.sort((a, b) => a.guestId - b.guestId);
  const count = (st: OutboxStatus) => results.filter((r) => r.status === st).length;
  return ok({
    delivery: smtp ? 'smtp' : 'outbox',
    sent: count('sent'),
    written: count('written'),
    failed: count('failed'),
    refused: results.filter((r) => r.code !== null).length,
    retried: retries.filter((id) => statuses.get(id) === 'sent').length,
    queued: count('queued'),
    results,
  });
}
