import type { Generated } from 'kysely';

/** Domain events written in the transaction that causes them, until every subscriber has had them (migrations/). */
export interface EventOutboxTable {
  /** the order events are delivered in, per aggregate */
  seq: Generated<number>;
  /** the event's id (a UUID): what subscribers deduplicate by */
  id: string;
  type: string;
  at: string;
  event_id: number | null;
  actor_user_id: number | null;
  request_id: string | null;
  /** events of one aggregate reach each subscriber in the order they were written */
  aggregate: string;
  payload: string;
  origin: string;
  attempts: Generated<number>;
  /** after a failed delivery: not before this instant (ISO) */
  next_attempt_at: string | null;
  last_error: string | null;
  /**
   * The durable subscribers (names, sorted, comma-separated) that had it in the transaction that wrote it: null
   * when none ran there (the dispatcher delivers it to all), '' when they ran and failed. Written once, with the row.
   */
  subscribed: string | null;
  /** every subscriber has had it (or it was given up after too many failures: then last_error says why) */
  delivered_at: string | null;
}

/** Which subscriber has had which event: a crash between two subscribers re-runs only the unfinished ones. */
export interface EventDeliveryTable {
  event: string;
  subscriber: string;
  at: string;
}

export type OutboxTables = {
  event_outbox: EventOutboxTable;
  event_deliveries: EventDeliveryTable;
};
