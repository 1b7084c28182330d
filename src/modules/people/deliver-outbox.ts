import type { Deps } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { RetryReport } from './invitations.schema.js';
import { invitationLinkIn, mailerOf } from './mailer.js';

/** After this many failed attempts a message waits for an explicit retry instead of going out with every send. */
export const AUTO_RETRY_ATTEMPTS = 3;
const MAX_ERROR = 500;
/** Up to this many messages a send or retry delivers before answering; more go out after the answer. */
export const SYNC_DELIVERY = 25;
/** Errors that say the server is unreachable, not that it refused this message: the rest would fail the same way. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'EAUTH', 'ETLS']);

/**
 * Sends outbox messages by SMTP, one by one, recording each outcome (sent, or failed with the server's answer)
 * and counting attempts. Called by a send for its new messages and the failed ones before them, and by retry.
 */
export async function deliverOutbox(deps: Deps, eventId: number, ids: number[]): Promise<{ sent: number; failed: number }> {
  const mailer = mailerOf(deps.config);
  const report = { sent: 0, failed: 0 };
  if (!mailer || ids.length === 0) return report;
  const rows = await deps.db
    .selectFrom('outbox')
    .select(['id', 'kind', 'recipient', 'subject', 'body', 'attempts'])
    .where('event_id', '=', eventId)
    .where('id', 'in', ids)
    .where('status', 'in', ['queued', 'failed'])
    .orderBy('id')
    .execute();
  let down: string | null = null;
  for (const row of rows) {
    if (down) {
      await deps.db
        .updateTable('outbox')
        .set({ status: 'failed', attempts: row.attempts + 1, error: down })
        .where('id', '=', row.id)
        .execute();
      report.failed++;
      continue;
    }
    try {
      await mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        qr: row.kind === 'invitation' ? invitationLinkIn(row.body) : null,
      });
      await deps.db
        .updateTable('outbox')
        .set({ status: 'sent', attempts: row.attempts + 1, error: null, sent_at: nowIso() })
        .where('id', '=', row.id)
        .execute();
      report.sent++;
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR);
      if (CONNECTION_ERRORS.has(String((err as { code?: unknown }).code))) down = error;
      await deps.db
        .updateTable('outbox')
        .set({ status: 'failed', attempts: row.attempts + 1, error })
        .where('id', '=', row.id)
        .execute();
      report.failed++;
    }
  }
  return report;
}

/** The failed messages a send takes along: those not yet tried too often. */
export async function pendingRetries(deps: Deps, eventId: number): Promise<number[]> {
  const rows = await deps.db
    .selectFrom('outbox')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'failed')
    .where('attempts', '<', AUTO_RETRY_ATTEMPTS)
    .execute();
  return rows.map((r) => r.id);
}

/** Sends failed (or still queued) messages again: the given ones, or all of the event's. */
export async function retryOutbox(deps: Deps, eventId: number, ids: number[] | undefined): Promise<Result<RetryReport>> {
  if (ids) {
    const found = await deps.db.selectFrom('outbox').select('id').where('event_id', '=', eventId).where('id', 'in', ids).execute();
    const known = new Set(found.map((r) => r.id));
    const missing = ids.findIndex((id) => !known.has(id));
    if (missing >= 0) return refuse('not_found', `ids.${missing}`);
  }
  if (!deps.config.smtpUrl) return refuse('smtp_not_configured', 'HUIWU_SMTP_URL');
  const targets =
    ids ??
    (
      await deps.db.selectFrom('outbox').select('id').where('event_id', '=', eventId).where('status', 'in', ['queued', 'failed']).execute()
    ).map((r) => r.id);
  return ok(await deliverSoon(deps, eventId, targets));
}

/**
 * Delivers now when the batch is small, so the organiser sees each outcome in the answer; a large batch (the
 * whole guest list) goes out after the answer, and the outbox shows each message move from queued to sent.
 */
export async function deliverSoon(deps: Deps, eventId: number, ids: number[]): Promise<RetryReport> {
  if (ids.length <= SYNC_DELIVERY) return { ...(await deliverOutbox(deps, eventId, ids)), pending: 0 };
  // a job (platform/jobs): each outcome is recorded per message, so a run cut short by a crash or restart is taken
  // over and sends only what is still queued or failed
  await deps.jobs.enqueue(DELIVER_JOB, { eventId, ids } satisfies DeliverPayload, { maxAttempts: 3, backoffMs: 5000 });
  return { sent: 0, failed: 0, pending: ids.length };
}

export const DELIVER_JOB = 'people.deliver-outbox';
interface DeliverPayload {
  eventId: number;
  ids: number[];
}

/** Registers the large sends' delivery with this instance's worker. */
export function handleOutboxDelivery(deps: Deps): void {
  deps.jobs.handle(DELIVER_JOB, async (payload) => {
    const p = payload as DeliverPayload;
    return deliverOutbox(deps, p.eventId, p.ids);
  });
}
