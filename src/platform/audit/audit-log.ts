import type { Bus } from '../bus/bus.js';
import { type Db, toJson } from '../db/database.js';

/** The one subscriber that writes the audit log: every domain event, once, where it happened. */
export function recordAuditLog(bus: Bus, db: Db): () => void {
  return bus.onLocal(async (e) => {
    await db
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
