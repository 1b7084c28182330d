import type { NewDomainEvent } from '../platform/bus/bus.js';
import type { Tx } from '../platform/db/database.js';
import { type Actor, type Deps, emit } from '../platform/deps.js';
import type { Refusal, Result } from '../platform/result.js';

/** An event a decision caused; it is published only once the decision has committed. */
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
 * at all. The events are published here and nowhere else, after the commit and in the order they were caused;
 * the outbox (issue 11, point 4) writes them inside the transaction instead.
 */
export async function decide<T>(deps: Deps, actor: Actor, eventId: number, work: (trx: Tx, events: Caused[]) => Promise<Result<T>>): Promise<Result<T>> {
  const events: Caused[] = [];
  let value: T;
  try {
    value = await deps.db.transaction().execute(async (trx) => {
      const result = await work(trx, events);
      if (!result.ok) throw new Refused(result);
      return result.value;
    });
  } catch (err) {
    if (err instanceof Refused) return err.refusal;
    throw err;
  }
  for (const e of events) await emit(deps, actor, eventId, e);
  return { ok: true, value };
}
