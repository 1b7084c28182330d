import { cartDemand, demoFleet, type DemandCall } from '../demo/cart-demand.js';
import { demandSlice, type HttpReplayOptions, type HttpReplayReport } from './replay-report.js';
import { haversineMetres, type DEMO_CART_RULES } from '../demo/wic2017-carts.js';
import type { CartAdmin as CartRow, CartNetwork as Network, DriverView, RideView } from '../modules/logistics/carts.schema.js';
import { ReplayApi as Api } from './replay-api.js';
import { shortestPaths } from '../engines/dispatch/network.js';
import { measureTrips, type ObservedTrip } from '../engines/dispatch/simulate.js';
import { realTimeClock, steppedReplayClock, type ReplayClock, type SteppedServer } from './replay-clock.js';

const EPS = 1e-6;
/** seconds to board or set down at a stop, as the server and the simulator count them */
const DWELL = 20;

/** The API client whose requests the replay's clock keeps track of (a stepped clock waits for their answers). */
class ClockedApi extends Api {
  clock: ReplayClock | null = null;
  override call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const work = super.call<T>(method, path, body);
    return this.clock ? this.clock.track(work) : work;
  }
}

/**
 * The same seeded demand as `huiwu simulate carts`, replayed through the HTTP API of a running Huiwu: every call is a
 * POST /rides with its own phone number at its (scaled) moment, and one simulated driver per cart in service reads its
 * station's screen, drives link by link along the network (position and arrival reports), and reports pick-ups,
 * drop-offs and no-shows as the in-process simulator's rules say. The server must run its carts' clock at the same
 * speed (HUIWU_SIM_CLOCK_RATE = --speed), so that its decisions and the drivers' trajectory share one clock.
 * The figures are measured from what the drivers did (their scheduled trajectory, in simulated seconds).
 *
 * With `stepped` (tests, the server in-process), the replay and the server share a stepped clock instead: it moves
 * to the next call, driver event or re-optimiser round only once every request of the moment before is answered,
 * so the replay is the same every run and takes as long as its requests (`speed` then only scales the drivers'
 * polls and waits, as it does in real time).
 */
export async function replayOverHttp(
  opts: HttpReplayOptions,
  progress: (line: string) => void = () => {},
  stepped?: SteppedServer,
): Promise<HttpReplayReport> {
  const api = new ClockedApi(opts.baseUrl.replace(/\/$/, ''));
  // callers are anonymous guests with a phone each: the organiser's session would make every call theirs
  const guests = new ClockedApi(opts.baseUrl.replace(/\/$/, ''));
  const ev = `/api/v1/events/${encodeURIComponent(opts.event)}`;
  const publicStops = await api.ok<{ clockRate?: number }>('GET', `${ev}/cart-stops`);
  const rate = publicStops.clockRate ?? 1;
  if (!stepped && Math.abs(rate - opts.speed) > EPS)
    throw new Error(
      `the server's carts' clock runs at ${rate}× real time, not --speed ${opts.speed}: start it with HUIWU_SIM_CLOCK_RATE=${opts.speed}`,
    );
  await api.login(opts.email, opts.password);
  const network = await api.ok<Network>('GET', `${ev}/cart-network`);
  const index = new Map(network.stops.map((s, i) => [s.code, i]));
  const demand = cartDemand(opts.profile, opts.seed);
  for (const c of demand.calls)
    for (const code of [c.origin, c.destination])
      if (!index.has(code)) throw new Error(`the event has no stop ${code}: replay the demo event`);
  const links = network.links.map((l) => ({ from: index.get(l.from)!, to: index.get(l.to)!, seconds: l.seconds, metres: l.metres }));
  const paths = shortestPaths(network.stops.length, links);
  const rules = (await api.ok<{ rules: typeof DEMO_CART_RULES }>('GET', `${ev}/cart-network`)).rules;

  // the fleet: exactly --carts in service (the demo homes for those put back), restored afterwards
  const fleet = await api.ok<CartRow[]>('GET', `${ev}/carts`);
  const restore: Array<{ code: string; patch: Record<string, unknown> }> = [];
  if (opts.carts !== null) {
    if (opts.carts > fleet.length) throw new Error(`--carts ${opts.carts}: the event has ${fleet.length} carts`);
    const homes = new Map(demoFleet(fleet.length).map((c) => [c.code, c.home]));
    for (const [i, c] of fleet.entries()) {
      const want = i < opts.carts;
      if (want === c.inService) continue;
      const stop = homes.get(c.code) ?? c.stop ?? network.stops[0]!.code;
      await api.ok('PATCH', `${ev}/carts/${c.code}`, want ? { inService: true, stop } : { inService: false });
      restore.push({ code: c.code, patch: want ? { inService: false } : { inService: true, stop: c.stop ?? stop } });
    }
  }
  try {
    const carts = (await api.ok<CartRow[]>('GET', `${ev}/carts`)).filter((c) => c.inService && c.stop !== null);
    if (!carts.length) throw new Error('no cart is in service');

    const slice = demandSlice(carts.length, opts.seed, opts.profile, opts.minutes);
    const end = opts.minutes === null ? Infinity : demand.start + opts.minutes * 60;
    const calls = demand.calls.filter((c) => c.at < end);
    const breakdown = slice.breakdown && carts.some((c) => c.code === slice.breakdown!.cart) ? slice.breakdown : null;

    // one clock: simulated seconds since midnight, running --speed times faster than real time from now (or stepped)
    // stepped, a round that moved rides wakes the idle drivers (in real time their polls find out)
    const round = stepped?.tick;
    const server = stepped && {
      ...stepped,
      tick:
        round &&
        (async () => {
          const moved = await round();
          if (moved > 0) wakeIdle();
          return moved;
        }),
    };
    const clock = server ? steppedReplayClock(demand.start, server) : realTimeClock(demand.start, opts.speed);
    api.clock = clock;
    guests.clock = clock;
    const simNow = () => clock.now();
    const until = (sim: number) => clock.until(sim);
    /** a pause of `ms` real milliseconds at --speed, on the replay's clock */
    const sleep = (ms: number) => clock.until(clock.now() + (ms / 1000) * opts.speed);
    // the phone's clock for reports: a little ahead (a second of real time), so the server takes its own now (it
    // never takes a time ahead of it)
    const live = await api.ok<{ at: string }>('GET', `${ev}/cart-live`);
    const serverAt = Date.parse(live.at);
    const liveSim = simNow();
    const phoneTime = () => new Date(serverAt + (simNow() - liveSim + opts.speed) * 1000).toISOString();

    const tag = String(Date.now() % 10_000).padStart(4, '0');
    const observed = new Map<string, ObservedTrip>();
    const callOf = new Map<string, DemandCall>();
    const tokens = new Map<string, string>();
    const decisions: number[] = [];
    const v = { seats: 0, ride: 0, promise: 0, wheelchair: 0, engine: 0 };
    const notes: string[] = [];
    const wake = new Map<string, () => void>();
    const wakeIdle = () => {
      for (const w of wake.values()) w();
    };
    let answered = 0;
    let refused = 0;
    let noShows = 0;
    let rescued = 0;
    let metres = 0;
    let emptyMetres = 0;
    let turnedBack = 0;
    let finished = false;

    const ask = async (c: DemandCall, i: number) => {
      const t = performance.now();
      const r = await guests.call<RideView>('POST', `${ev}/rides`, {
        from: c.origin,
        to: c.destination,
        party: c.party,
        wheelchair: c.wheelchair,
        phone: `+86 139 ${tag} ${String(i).padStart(4, '0')}`,
        lang: 'en',
      });
      decisions.push(performance.now() - t);
      if (r.status !== 201) {
        notes.push(`call ${c.id} answered ${r.status}: ${JSON.stringify(r.body)}`);
        return;
      }
      answered++;
      tokens.set(c.id, r.body.token);
      if (r.body.status === 'refused') refused++;
      else {
        observed.set(c.id, {
          call: { id: c.id, at: c.at, origin: index.get(c.origin)!, destination: index.get(c.destination)! },
          promised: true,
        });
        if (r.body.cart) wake.get(r.body.cart.code)?.();
      }
    };
    calls.forEach((c, i) => callOf.set(String(i % 10_000).padStart(4, '0'), c));

    const drive = async (cart: CartRow) => {
      let node = cart.stop!;
      let t = simNow();
      let seq = 0;
      let arrivedAt = t;
      const aboard = new Map<string, number>();
      const post = async (update: Record<string, unknown>): Promise<{ status: number; body: unknown }> => {
        seq++;
        const r = await api.call('POST', `${ev}/driver/updates`, { cart: cart.code, seq, at: phoneTime(), ...update });
        if (r.status !== 200) {
          const stale = (r.body as { error?: { code?: string } }).error?.code === 'ride_seq_stale';
          if (stale) seq = (await api.ok<DriverView>('GET', `${ev}/driver?cart=${cart.code}`)).seq;
        }
        return r;
      };
      const refusal = (what: string, r: { status: number; body: unknown }) => {
        v.engine++;
        notes.push(`${cart.code} ${what}: ${r.status} ${JSON.stringify(r.body)}`);
      };
      // a timeline slipping behind real time (a slow answer) continues from now
      const behind = () => {
        t = Math.max(t, simNow() - 5);
      };
      seq = (await api.ok<DriverView>('GET', `${ev}/driver?cart=${cart.code}`)).seq;
      while (!finished) {
        if (breakdown && breakdown.cart === cart.code && t >= breakdown.at) {
          const r = await post({ kind: 'out_of_service', reason: 'simulated breakdown' });
          if (r.status !== 200) refusal('out_of_service', r);
          // its riders go to other carts
          wakeIdle();
          rescued += aboard.size;
          return;
        }
        const view = await api.ok<DriverView>('GET', `${ev}/driver?cart=${cart.code}`);
        seq = Math.max(seq, view.seq);
        const first = view.stops[0];
        if (!first) {
          // idle: until a call is assigned to this cart (the station's push) or a poll a few simulated seconds on;
          // stepped, the replay knows when rides move (calls, rounds, a breakdown), and a poll is only a fallback
          const poll = stepped ? 300_000 / opts.speed : Math.min(1000, 20_000 / opts.speed);
          await Promise.race([new Promise<void>((r) => wake.set(cart.code, r)), sleep(poll)]);
          t = simNow();
          continue;
        }
        behind();
        if (first.stop.code !== node) {
          const a = index.get(node)!;
          const next = paths.path(a, index.get(first.stop.code)!)[1]!;
          const seconds = paths.seconds[a]![next]!;
          metres += paths.metres[a]![next]!;
          if (aboard.size === 0) emptyMetres += paths.metres[a]![next]!;
          const from = network.stops[a]!;
          const to = network.stops[next]!;
          // a position report on the road, clear of every stop, so the server times the plan from the road
          const straight = haversineMetres(from, to);
          const along = straight > 0 ? Math.min(0.5, 60 / straight) : 1;
          const p = { lat: from.lat + (to.lat - from.lat) * along, lon: from.lon + (to.lon - from.lon) * along };
          if (along < 1 && network.stops.every((s) => haversineMetres(s, p) > 50)) {
            await until(t + along * seconds);
            const r = await post({ kind: 'position', lat: p.lat, lon: p.lon });
            if (r.status !== 200) refusal('position', r);
            // a call assigned while the server still saw the cart at the stop it had just left: the screen now says
            // to go back there, so turn round at once (the report's answer is the screen)
            const screen = r.status === 200 ? (r.body as DriverView) : null;
            if (screen?.stops[0]?.stop.code === from.code) {
              const linkMetres = paths.metres[a]![next]!;
              metres += 2 * along * linkMetres - linkMetres;
              if (aboard.size === 0) emptyMetres += 2 * along * linkMetres - linkMetres;
              t += 2 * along * seconds;
              await until(t);
              arrivedAt = t;
              const back = await post({ kind: 'arrived', stop: node });
              if (back.status !== 200) refusal(`arrived ${node}`, back);
              turnedBack++;
              continue;
            }
          }
          t += seconds;
          await until(t);
          node = to.code;
          arrivedAt = t;
          const r = await post({ kind: 'arrived', stop: node });
          if (r.status !== 200) refusal(`arrived ${node}`, r);
          continue;
        }
        const drop = first.dropoffs.find((x) => x.status === 'onboard');
        if (drop) {
          const id = callOf.get(drop.who.slice(-4))?.id;
          const r = await post({ kind: 'dropped_off', ride: drop.id });
          if (r.status !== 200) refusal(`dropped_off ${drop.id}`, r);
          const trip = id ? observed.get(id) : undefined;
          aboard.delete(drop.who.slice(-4));
          if (trip && trip.departedAt !== undefined) {
            trip.rideEnd = t;
            const limit = rules.maxRideFactor * paths.travel(trip.call.origin, trip.call.destination);
            if (t - trip.departedAt > limit + EPS) {
              v.ride++;
              notes.push(`${cart.code} took ${id} ${Math.round(t - trip.departedAt - limit)} s over the ride limit`);
            }
          }
          t += DWELL;
          await until(t);
          continue;
        }
        const pick = first.pickups[0];
        if (!pick) {
          // nothing to do here after all (a plan changing under the screen): look again
          await sleep(50);
          continue;
        }
        const call = callOf.get(pick.who.slice(-4));
        const trip = call ? observed.get(call.id) : undefined;
        if (!call || !trip) notes.push(`${cart.code} picks up ride ${pick.id}, not a call of this replay`);
        if (call?.noShow && trip) {
          trip.reachedAt ??= arrivedAt;
          const at = Math.max(arrivedAt, call.at) + rules.noShowSeconds;
          for (let tries = 0; tries < 20; tries++) {
            t = Math.max(t, at + tries);
            await until(t);
            const r = await post({ kind: 'no_show', ride: pick.id });
            if (r.status === 200) break;
            if ((r.body as { error?: { code?: string } }).error?.code !== 'ride_no_show_too_early' || tries === 19) {
              refusal(`no_show ${pick.id}`, r);
              break;
            }
          }
          noShows++;
          continue;
        }
        const r = await post({ kind: 'picked_up', ride: pick.id, code: pick.code });
        if (r.status !== 200) {
          refusal(`picked_up ${pick.id}`, r);
          await sleep(50);
          continue;
        }
        t += DWELL;
        if (!call || !trip) {
          await until(t);
          continue;
        }
        trip.pickedAt = t - DWELL;
        trip.departedAt = t;
        trip.pooled = aboard.size > 0;
        for (const other of aboard.keys()) {
          const o = callOf.get(other);
          if (o) observed.get(o.id)!.pooled = true;
        }
        aboard.set(pick.who.slice(-4), call.party);
        let load = 0;
        for (const n of aboard.values()) load += n;
        if (load > cart.seats) v.seats++;
        if (call.wheelchair && !cart.accessible) v.wheelchair++;
        if (trip.pickedAt > call.at + rules.maxWaitSeconds + EPS) {
          v.promise++;
          notes.push(
            `${cart.code} picked up ${call.id} ${Math.round(trip.pickedAt - call.at - rules.maxWaitSeconds)} s after the promised maximum wait`,
          );
        }
        await until(t);
      }
    };

    await clock.run(async () => {
      progress(
        `replaying ${calls.length} calls (${opts.profile}, seed ${opts.seed}) with ${carts.length} carts at ${opts.speed}× through ${opts.baseUrl}`,
      );
      // a driver whose screen or server fails stops, and says why (never an unhandled rejection)
      const drivers = carts.map((c) =>
        drive(c).catch((err: unknown) => {
          v.engine++;
          notes.push(`${c.code}'s driver stopped: ${err instanceof Error ? err.message : String(err)}`);
        }),
      );
      const asked: Array<Promise<void>> = [];
      let shown = demand.start;
      for (const [i, c] of calls.entries()) {
        await until(c.at);
        asked.push(ask(c, i));
        if (c.at - shown >= 600) {
          shown = c.at;
          progress(`  ${hhmm(c.at)}: ${i + 1} calls, ${refused} refused, ${noShows} no-shows`);
        }
      }
      await Promise.all(asked);
      // the end: every cart idle with nothing planned, or well past the last promise
      const deadline = (calls.at(-1)?.at ?? demand.start) + rules.maxWaitSeconds + 3600;
      for (;;) {
        await sleep(Math.min(2000, 60_000 / opts.speed));
        // one read of the fleet: a cart with nothing planned and nobody aboard has an empty screen
        const ours = new Set(carts.map((c) => c.code));
        const busy = (await api.ok<CartRow[]>('GET', `${ev}/carts`)).filter((c) => ours.has(c.code) && (c.planned > 0 || c.aboard > 0));
        if (!busy.length || simNow() > deadline) break;
        progress(
          `  ${hhmm(simNow())}: waiting for ${busy.map((c) => `${c.code} (${c.planned} planned, ${c.aboard} aboard)`).join(' ')} ${notes.slice(-3).join(' | ')}`,
        );
      }
      finished = true;
      wakeIdle();
      await Promise.all(drivers);
    });

    const statuses: Record<string, number> = {};
    const open = new Set<string>();
    for (const [id, token] of tokens) {
      const ride = await api.ok<RideView>('GET', `/api/v1/rides/${token}`);
      statuses[ride.status] = (statuses[ride.status] ?? 0) + 1;
      if (ride.status === 'assigned' || ride.status === 'onboard') open.add(id);
    }

    const measured = measureTrips({
      trips: observed.values(),
      requests: calls.length,
      maxWaitSeconds: rules.maxWaitSeconds,
      travel: paths.travel,
      open: (id) => open.has(id),
      metres,
      emptyMetres,
      decisionsMs: decisions,
      violations: v.seats + v.ride + v.wheelchair + v.engine + v.promise,
    });
    progress(`done: ${answered}/${calls.length} calls answered, rides ${JSON.stringify(statuses)}`);
    return {
      dispatcher: measured.metrics,
      details: {
        calls: calls.length,
        cartsInService: carts.length,
        answered,
        refused,
        noShows,
        late: measured.late,
        rescued,
        turnedBack,
        pooledShare: measured.pooledShare,
        statuses,
        violations: v,
        notes,
        tokens: [...tokens.values()],
      },
    };
  } finally {
    // the fleet as it was, even when the replay fails
    for (const r of restore) await api.call('PATCH', `${ev}/carts/${r.code}`, r.patch);
  }
}

const hhmm = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
