import { poolingDispatcher } from '../../engines/dispatch/index.js';
import { emit, SYSTEM, type Deps } from '../../platform/deps.js';
import { ok } from '../../platform/result.js';
import { loadDispatch, saveDispatch, withCartLock } from './dispatch-state.js';

/** One re-optimisation of an event's rides not yet picked up; every pickup ETA is refreshed with it. */
export async function reoptimiseEvent(deps: Deps, eventId: number, nowMs: number): Promise<number> {
  const result = await withCartLock(deps, eventId, async (trx, after) => {
    const loaded = await loadDispatch(trx, eventId, nowMs);
    const nowSec = nowMs / 1000;
    const { state, moved } = poolingDispatcher.reoptimise(loaded.state, nowSec);
    await saveDispatch(trx, loaded, state, nowSec);
    if (moved > 0) after.push(() => emit(deps, SYSTEM, eventId, { type: 'rides.reoptimised', payload: { moved } }));
    return ok(moved);
  });
  return result.ok ? result.value : 0;
}

/**
 * One round: every event with rides waiting for their cart, each under the event's lock, at the carts' clock
 * (deps.now). Returns the events looked at and the rides moved to another cart or place in a plan.
 */
export async function reoptimiseCarts(deps: Deps): Promise<{ events: number[]; moved: number }> {
  const events = await deps.db
    .selectFrom('cart_rides')
    .select('event_id')
    .where('status', '=', 'assigned')
    .distinct()
    .orderBy('event_id')
    .execute();
  let moved = 0;
  for (const { event_id } of events) moved += await reoptimiseEvent(deps, event_id, deps.now());
  return { events: events.map((e) => e.event_id), moved };
}

export const CART_ROUND_JOB = 'logistics.reoptimise-carts';

export interface CartRoundPayload {
  /** the round's window: it is due at round × everyMs (epoch ms on the jobs' clock) */
  round: number;
  everyMs: number;
}

interface Rounds {
  everyMs: number;
  /** the jobs' clock (the wall clock, or the stepped clock of a test's embedded jobs) */
  now: () => number;
}
/** this process's rounds, per jobs port (one per running Huiwu), set when its re-optimiser starts */
const rounds = new WeakMap<object, Rounds>();

const roundKey = (everyMs: number, round: number) => `every-${everyMs}-round-${round}`;

/**
 * Enqueues the round of the next window after now. Every instance asks for the same one (the key deduplicates it), and
 * a round done is never asked for again: its window is past by the time it ran.
 */
async function enqueueNextRound(deps: Deps, r: Rounds): Promise<void> {
  const round = Math.floor(r.now() / r.everyMs) + 1;
  await deps.jobs.enqueue(CART_ROUND_JOB, { round, everyMs: r.everyMs } satisfies CartRoundPayload, {
    key: roundKey(r.everyMs, round),
    runAt: round * r.everyMs,
    maxAttempts: 2,
    backoffMs: Math.min(r.everyMs, 1000),
    removeOnDone: true,
  });
}

/**
 * The carts' re-optimiser on the jobs port (platform/jobs): a job per round, keyed by its tick window, so that in a
 * cluster one instance runs each round for the installation; a round first enqueues the next one, then works, so
 * the chain survives a failed round, a restart (the queued round is in the jobs table or Redis) and a killed
 * instance (its round is taken over when its lease lapses). Registered from the logistics module's routes.
 */
export function handleCartRounds(deps: Deps): void {
  deps.jobs.handle(CART_ROUND_JOB, async (payload) => {
    const p = payload as CartRoundPayload;
    // this process's period wins over the one the round was queued with (a restart with another clock rate)
    const own = rounds.get(deps.jobs) ?? { everyMs: p.everyMs, now: Date.now };
    await enqueueNextRound(deps, own);
    return { round: p.round, ...(await reoptimiseCarts(deps)) };
  });
}

/**
 * Starts this process's part in the rounds of re-optimisation (every `everyMs` on the jobs' clock): it asks for the
 * next round, and again now and then should the chain have broken (a round that could not enqueue its successor);
 * the rounds themselves run on whichever instance's jobs worker takes them. The returned function stops the asking.
 */
export function startCartReoptimiser(
  deps: Deps,
  everyMs: number,
  onError: (err: unknown) => void,
  options: { now?: () => number } = {},
): () => Promise<void> {
  const r: Rounds = { everyMs: Math.max(1, Math.round(everyMs)), now: options.now ?? Date.now };
  rounds.set(deps.jobs, r);
  let asking: Promise<void> | null = null;
  const ask = () => {
    asking ??= enqueueNextRound(deps, r)
      .catch(onError)
      .finally(() => {
        asking = null;
      });
  };
  ask();
  // (a timer's longest delay is 2^31 − 1 ms)
  const timer = setInterval(ask, Math.min(Math.max(10 * r.everyMs, 60_000), 2 ** 31 - 1));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await asking;
  };
}
