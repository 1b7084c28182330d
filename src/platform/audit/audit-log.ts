import type { Bus, DomainEvent } from '../bus/bus.js';
import { toJson, type Tx } from '../db/database.js';

const row = (e: DomainEvent) => ({
  at: e.at,
  type: e.type,
  actor_user_id: e.actorUserId,
  event_id: e.eventId,
  request_id: e.requestId,
  payload: toJson(e.payload),
});
/** audit rows per insert (6 values each) */
const ROWS = 500;

/**
 * The one subscriber that writes the audit log: every domain event, once per installation. It is a durable
 * subscriber of the outbox, so its row is written in the transaction that writes the event (or, when the
 * dispatcher delivers it, in the one recording the delivery): a failure is retried with back-off, and an event
 * published in a change's transaction is never lost once the change commits. Several events are one insert.
 */
export function recordAuditLog(bus: Bus): () => void {
  return bus.subscribe(
    'audit',
    async (e, tx) => {
      await tx.insertInto('audit_log').values(row(e)).execute();
    },
    async (events, tx: Tx) => {
      for (let i = 0; i < events.length; i += ROWS) await tx.insertInto('audit_log').values(events.slice(i, i + ROWS).map(row)).execute();
    },
  );
}
