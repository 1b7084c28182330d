import type { Bus } from '../bus/bus.js';
import { toJson } from '../db/database.js';

/**
 * The one subscriber that writes the audit log: every domain event, once per installation. It is a durable
 * subscriber of the outbox, so its row is written in the transaction that records the delivery: a failure is
 * retried with back-off, and an event published in a change's transaction is never lost once the change commits.
 */
export function recordAuditLog(bus: Bus): () => void {
  return bus.subscribe('audit', async (e, tx) => {
    await tx
      .insertInto('audit_log')
      .values({
        at: e.at,
        type: e.type,
        actor_user_id: e.actorUserId,
        event_id: e.eventId,
        request_id: e.requestId,
        payload: toJson(e.payload),
      })
      .execute();
  });
}
