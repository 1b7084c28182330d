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
 * Periodic re-optimisation of every event with rides waiting for their cart, each under the event's lock (another
 * instance running the same tick only waits and finds nothing to improve). The timer never keeps the process
 * alive; the returned function stops it and waits for a tick under way.
 */
export function startCartReoptimiser(deps: Deps, everyMs: number, onError: (err: unknown) => void): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = async () => {
    const events = await deps.db.selectFrom('cart_rides').select('event_id').where('status', '=', 'assigned').distinct().execute();
    for (const { event_id } of events) {
      if (stopped) return;
      await reoptimiseEvent(deps, event_id, deps.now());
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
