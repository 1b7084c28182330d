import type { NewDomainEvent } from '../platform/bus/bus.js';
import type { Tx } from '../platform/db/database.js';
import type { Actor, Deps } from '../platform/deps.js';
import type { Refusal, Result } from '../platform/result.js';

/** An event a decision caused; it commits with the decision (the outbox) and is delivered after. */
export type Caused = Pick<NewDomainEvent, 'type' | 'payload'>;

/** Thrown inside the transaction to roll a refused decision back; never leaves `decide`. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

/**
 * Runs one decision that spans modules as ONE transaction: `work` writes through the modules' store functions
 * on `trx` and pushes the events it causes onto `events`. A refusal returned by `work` rolls every write back,
 * as does a throw (a failing write, a crash), so a status and the credential it implies commit together or not
 * at all. The events are published here and nowhere else: written to the outbox in the same transaction, in the
 * order they were caused, and delivered once it has committed.
 */
export async function decide<T>(deps: Deps, actor: Actor, eventId: number, work: (trx: Tx, events: Caused[]) => Promise<Result<T>>): Promise<Result<T>> {
  const events: Caused[] = [];
  let value: T;
  try {
    value = await deps.db.transaction().execute(async (trx) => {
      const result = await work(trx, events);
      if (!result.ok) throw new Refused(result);
      for (const e of events) await deps.bus.publish({ ...e, eventId, actorUserId: actor.userId, requestId: actor.requestId }, { tx: trx });
      return result.value;
    });
  } catch (err) {
    if (err instanceof Refused) return err.refusal;
    throw err;
  }
  await deps.bus.flush();
  return { ok: true, value };
}
