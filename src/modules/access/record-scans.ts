import { sql } from 'kysely';
import { decide, sessionsAt, type GateState } from '../../engines/gate/decide.js';
import { parseCredential } from '../../engines/gate/credential.js';
import type { Tx } from '../../platform/db/database.js';
import type { Actor, Deps } from '../../platform/deps.js';
import { emitMany } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { ScanInput, ScanResult, VerdictCode } from './access.schema.js';
import { chunks, countInside, findScans, latestAdmitted, loadPresence, type StoredScan } from './access.store.js';
import { cachedBundle, type BundleEntry } from './build-gate-bundle.js';

/** Namespace of the PostgreSQL advisory lock that serialises scan uploads per event. */
const SCAN_LOCK = 0x4857_0004;

interface Applied {
  id: number;
  guestId: number | null;
  gateId: number | null;
  zoneId: number | null;
  direction: string;
  verdict: string;
  code: string;
  scannedAt: string;
}

class LostRace extends Error {}

/**
 * Records scans from a station (one live scan, or a queue uploaded after being offline) and answers each in
 * input order. The server decides with the same engine as the station (node:crypto verification, presence from
 * the database), in `scannedAt` order, so a queue replays as it happened:
 *
 * - Each nonce is applied once: a nonce already stored (or repeated in the same upload) answers the stored
 *   original with `duplicate: true` and changes nothing. Uploads of one event are serialised (one writer in
 *   SQLite, an advisory lock in PostgreSQL) and the unique (event, nonce) key backs it.
 * - A scan with `offlineVerdict` already happened: the station's verdict is recorded as what happened (the
 *   person went in or not) and presence follows it; `code` is the server's own reason, and `conflict` says when
 *   the server would have decided otherwise: `entered_elsewhere` when it refuses as already inside after an entry
 *   through another gate (the same badge at two gates), `verdict_differs` for any other disagreement.
 * - Presence: an admitted entry puts the guest inside the gate's zone, an admitted exit takes them out, unless a
 *   later admitted scan of that guest and zone is already recorded (a late upload does not undo newer history).
 */
export async function recordScans(deps: Deps, actor: Actor, eventId: number, inputs: readonly ScanInput[]): Promise<Result<ScanResult[]>> {
  const entry = await cachedBundle(deps, eventId);
  if (!entry) return refuse('not_found', 'slug');
  for (let attempt = 0; ; attempt++) {
    try {
      const results = await deps.db.transaction().execute(async (trx) => {
        const { results, applied } = await applyScans(deps, trx, entry, actor, eventId, inputs);
        // written with the scans (one insert, the audit rows with it): a crash cannot keep a scan and lose its event
        await emitMany(
          deps,
          actor,
          eventId,
          applied.map((a) => ({
            type: 'gate.scanned',
            payload: {
              scanId: a.id,
              guestId: a.guestId,
              gateId: a.gateId,
              zoneId: a.zoneId,
              direction: a.direction,
              verdict: a.verdict,
              code: a.code,
              scannedAt: a.scannedAt,
            },
          })),
          { tx: trx },
        );
        return results;
      });
      // the push to the gates' live views follows the commit; nothing here waits for it
      void deps.bus.flush();
      return ok(results);
    } catch (err) {
      if (!(err instanceof LostRace) || attempt >= 3) throw err;
    }
  }
}

function fromStored(entry: BundleEntry, nonce: string, row: StoredScan): ScanResult {
  return {
    nonce,
    verdict: row.verdict === 'admit' ? 'admit' : 'refuse',
    code: row.code as VerdictCode,
    person: row.guest_id !== null ? (entry.persons.get(row.guest_id) ?? null) : null,
    duplicate: true,
    conflict: row.conflict,
  };
}

interface Present {
  gateId: number | null;
  since: string;
}

async function applyScans(deps: Deps, trx: Tx, entry: BundleEntry, actor: Actor, eventId: number, inputs: readonly ScanInput[]) {
  if (deps.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SCAN_LOCK}, ${eventId})`.execute(trx);
  const stored = await findScans(
    trx,
    eventId,
    inputs.map((i) => i.nonce),
  );

  // A scan cannot have happened after the server received it: a station clock running ahead is taken back to now,
  // so a wrong clock cannot put a presence beyond every later scan.
  const receipt = Date.now();
  const times = inputs.map((i) => new Date(Math.min(Date.parse(i.scannedAt), receipt)));
  const fresh = inputs.filter((i) => !stored.has(i.nonce));
  const guestIds = fresh.flatMap((i) => {
    const parsed = parseCredential(i.credential);
    return parsed.ok ? [parsed.claims.guestId] : [];
  });

  // Presence as the engine sees it (the guests of this upload, and head counts per zone and room), kept in memory
  // while the upload replays and written once at the end.
  const roomOfGate = new Map(entry.bundle.gates.map((g) => [g.id, g.roomId]));
  const presence = new Map<string, Present>();
  const counts = new Map<string, number>();
  const countKey = (zoneId: number, roomId: number | null) => `${zoneId}:${roomId ?? '*'}`;
  const add = (key: string, by: number) => counts.set(key, (counts.get(key) ?? 0) + by);
  // Head counts only matter at a gate whose room holds a session with a capacity at the scan's time.
  const gatesByCode = entry.index.gatesByCode;
  const counted = new Set<number>();
  inputs.forEach((input, i) => {
    const gate = gatesByCode.get(input.gate);
    if (gate && !stored.has(input.nonce) && sessionsAt(entry.index, gate.roomId, times[i]!).some((s) => s.capacity !== null))
      counted.add(gate.zoneId);
  });
  for (const c of counted.size ? await countInside(trx, eventId, [...counted], roomOfGate) : []) {
    add(countKey(c.zoneId, null), c.n);
    if (c.roomId !== null) add(countKey(c.zoneId, c.roomId), c.n);
  }
  const bump = (zoneId: number, gateId: number | null, by: number) => {
    const room = gateId !== null ? (roomOfGate.get(gateId) ?? null) : null;
    add(countKey(zoneId, null), by);
    if (room !== null) add(countKey(zoneId, room), by);
  };
  for (const p of await loadPresence(trx, eventId, guestIds))
    presence.set(`${p.guest_id}:${p.zone_id}`, { gateId: p.gate_id, since: p.since });
  const state: GateState = {
    isInside: (guestId, zoneId) => presence.has(`${guestId}:${zoneId}`),
    insideCount: (zoneId, roomId) => counts.get(countKey(zoneId, roomId)) ?? 0,
  };
  const latest = await latestAdmitted(trx, eventId, guestIds);
  const touched = new Set<string>();

  const order = inputs.map((_, i) => i).sort((a, b) => times[a]!.getTime() - times[b]!.getTime() || a - b);
  const results: ScanResult[] = new Array<ScanResult>(inputs.length);
  const seen = new Map<string, ScanResult>();
  const rows: Array<{
    nonce: string;
    guestId: number | null;
    gateId: number | null;
    zoneId: number | null;
    direction: string;
    verdict: string;
    code: string;
    scannedAt: string;
    offline: number;
    conflict: string | null;
    credentialId: number | null;
  }> = [];
  const receivedAt = new Date(receipt).toISOString();

  for (const i of order) {
    const input = inputs[i]!;
    const before = stored.get(input.nonce);
    if (before) {
      results[i] = fromStored(entry, input.nonce, before);
      continue;
    }
    const again = seen.get(input.nonce);
    if (again) {
      results[i] = { ...again, duplicate: true };
      continue;
    }
    const at = times[i]!;
    const scannedAt = at.toISOString();
    const d = decide(entry.index, state, { credential: input.credential, gate: input.gate, direction: input.direction, at }, entry.verify);
    const verdict = input.offlineVerdict ?? d.verdict;
    let conflict: string | null = null;
    if (input.offlineVerdict && input.offlineVerdict !== d.verdict) {
      const where = d.guestId !== null && d.zoneId !== null ? presence.get(`${d.guestId}:${d.zoneId}`) : undefined;
      conflict = d.code === 'already_inside' && where && where.gateId !== d.gateId ? 'entered_elsewhere' : 'verdict_differs';
    }
    if (verdict === 'admit' && d.guestId !== null && d.zoneId !== null && entry.persons.has(d.guestId)) {
      const key = `${d.guestId}:${d.zoneId}`;
      const newest = latest.get(key);
      if (newest === undefined || newest <= scannedAt) {
        const was = presence.get(key);
        if (was) bump(d.zoneId, was.gateId, -1);
        if (input.direction === 'entry') {
          presence.set(key, { gateId: d.gateId, since: scannedAt });
          bump(d.zoneId, d.gateId, 1);
        } else {
          presence.delete(key);
        }
        latest.set(key, scannedAt);
        touched.add(key);
      }
    }
    rows.push({
      nonce: input.nonce,
      guestId: d.guestId,
      gateId: d.gateId,
      zoneId: d.zoneId,
      direction: input.direction,
      verdict,
      code: d.code,
      scannedAt,
      offline: input.offlineVerdict ? 1 : 0,
      conflict,
      credentialId: d.credentialId,
    });
    const result: ScanResult = {
      nonce: input.nonce,
      verdict,
      code: d.code,
      person: d.guestId !== null ? (entry.persons.get(d.guestId) ?? null) : null,
      duplicate: false,
      conflict,
    };
    seen.set(input.nonce, result);
    results[i] = result;
  }

  const applied: Applied[] = [];
  for (const part of chunks(rows, 400)) {
    const inserted = await trx
      .insertInto('scans')
      .values(
        part.map((r) => ({
          event_id: eventId,
          nonce: r.nonce,
          credential_id: r.credentialId,
          guest_id: r.guestId !== null && entry.persons.has(r.guestId) ? r.guestId : null,
          gate_id: r.gateId,
          zone_id: r.zoneId,
          direction: r.direction,
          verdict: r.verdict,
          code: r.code,
          scanned_at: r.scannedAt,
          received_at: receivedAt,
          device_user_id: actor.userId,
          offline: r.offline,
          conflict: r.conflict,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'nonce']).doNothing())
      .returning(['id', 'nonce'])
      .execute();
    // Another upload stored one of these nonces between our read and our write: start again from its state.
    if (inserted.length !== part.length) throw new LostRace();
    const idOf = new Map(inserted.map((r) => [r.nonce, r.id]));
    for (const r of part)
      applied.push({
        id: idOf.get(r.nonce)!,
        guestId: r.guestId,
        gateId: r.gateId,
        zoneId: r.zoneId,
        direction: r.direction,
        verdict: r.verdict,
        code: r.code,
        scannedAt: r.scannedAt,
      });
  }

  const gone: Array<[number, number]> = [];
  const here: Array<{ guest_id: number; zone_id: number; event_id: number; gate_id: number | null; since: string }> = [];
  for (const key of touched) {
    const [guestId, zoneId] = key.split(':').map(Number) as [number, number];
    const now = presence.get(key);
    if (now) here.push({ guest_id: guestId, zone_id: zoneId, event_id: eventId, gate_id: now.gateId, since: now.since });
    else gone.push([guestId, zoneId]);
  }
  for (const part of chunks(gone, 400)) {
    await trx
      .deleteFrom('presence')
      .where('event_id', '=', eventId)
      .where((eb) => eb.or(part.map(([g, z]) => eb.and([eb('guest_id', '=', g), eb('zone_id', '=', z)]))))
      .execute();
  }
  for (const part of chunks(here, 400)) {
    await trx
      .insertInto('presence')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['guest_id', 'zone_id']).doUpdateSet((eb) => ({ gate_id: eb.ref('excluded.gate_id'), since: eb.ref('excluded.since') })),
      )
      .execute();
  }
  return { results, applied };
}
