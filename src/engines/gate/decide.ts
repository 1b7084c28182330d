/**
 * The gate verdict: one pure function the server and the offline gate station both run (ADR 0007). No I/O, no
 * Node APIs: the caller injects the signature check (node:crypto on the server, @noble/curves in the browser) and
 * the presence state (the database on the server, the station's local record offline).
 *
 * Rules, in order; the first that fails gives the code:
 *  1. parse            malformed | truncated | unknown_version
 *  2. event            wrong_event (claims of another event; checked before the signature because another
 *                      event's badge is signed with another key and would otherwise only say bad_signature —
 *                      either way it is refused, this just says why)
 *  3. signature        bad_signature (checked with the injected `verify` against the event's public key)
 *  4. unknown gate     unknown_gate (the gate code is not in the bundle)
 *  — an exit stops here: it is always admitted (people are let out; pretix does the same), with code
 *    `not_inside` instead of `admitted` at an anti-passback gate whose zone the person is not recorded in, so a
 *    station can show the anomaly without holding anyone back. Expired, revoked or withdrawn badges may leave.
 *  5. time             not_yet_valid (issued more than 5 minutes after `at`: clock skew is tolerated) |
 *                      expired (`at` at or after the claims' expiry)
 *  6. revoked          revoked (the credential id is in the bundle's revocation list)
 *  7. person           not_accredited: the bundle has no such person (not approved, cancelled) or the person's
 *                      current credential is another one that is not in the revocation list. Exception: a badge
 *                      signed AFTER the bundle was generated (issuedAt > generatedAt) is newer than the station's
 *                      knowledge, so its signature is trusted: a newer credential id than the person's stands for a
 *                      reprint, and a person absent from the bundle is judged by the category in the signed claims
 *                      (without individual overrides), if that category exists. Otherwise absent = not accredited.
 *  8. ban              banned (a ban override on the gate's zone whose window covers `at`)
 *  9. zone             wrong_zone (neither the category nor a grant override gives the gate's zone at all) |
 *                      outside_window (it does, but no window covers `at`)
 * 10. closed door      not_invited (the gate has a room where an invitation-only session runs at `at`, counting
 *                      from 30 minutes before its start, and the guest is not on its list)
 * 11. anti-passback    already_inside (the gate is anti-passback and the person is inside its zone)
 * 12. capacity         session_full (a session with a capacity runs in the gate's room, same 30-minute lead, and
 *                      insideCount(zone, room) has reached it)
 * 13. admitted
 */

import type { Direction, EngineBundle, EngineCategory, EngineGate, EnginePerson, EngineSession, EngineWindow } from './bundle.js';
import { parseCredential, type CredentialClaims } from './credential.js';

export type { EngineBundle } from './bundle.js';

/** The verdict codes (identical to VERDICT_CODES in the station API schema; checked at compile time there). */
export type VerdictCode =
  | 'admitted'
  | 'malformed'
  | 'truncated'
  | 'unknown_version'
  | 'wrong_event'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'revoked'
  | 'unknown_gate'
  | 'not_accredited'
  | 'banned'
  | 'wrong_zone'
  | 'outside_window'
  | 'not_invited'
  | 'already_inside'
  | 'not_inside'
  | 'session_full';

/** Issued-in-the-future tolerance for station clocks. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A session's room admits (and counts against its capacity and invitation list) from this long before start. */
export const SESSION_LEAD_MS = 30 * 60_000;

export interface GateState {
  isInside(guestId: number, zoneId: number): boolean;
  /** people inside the zone; with a room, those inside who entered through a gate of that room */
  insideCount(zoneId: number, roomId: number | null): number;
}

export interface DecideInput {
  credential: string;
  /** the gate's code */
  gate: string;
  direction: Direction;
  at: Date;
}

export interface Decision {
  verdict: 'admit' | 'refuse';
  code: VerdictCode;
  guestId: number | null;
  credentialId: number | null;
  gateId: number | null;
  zoneId: number | null;
}

interface TimedWindow {
  from: number;
  to: number;
}

interface IndexedSession {
  session: EngineSession;
  from: number;
  to: number;
  invited: ReadonlySet<number>;
}

/** The bundle prepared for fast decisions (maps by id and code, windows as epoch milliseconds). */
export interface BundleIndex {
  readonly bundle: EngineBundle;
  readonly eventId: number;
  readonly generatedAt: number;
  readonly gatesByCode: ReadonlyMap<string, EngineGate>;
  readonly peopleById: ReadonlyMap<number, EnginePerson>;
  readonly categoriesById: ReadonlyMap<number, EngineCategory>;
  /** categoryId → zoneId → windows */
  readonly categoryZones: ReadonlyMap<number, ReadonlyMap<number, TimedWindow[]>>;
  /** guestId → zoneId → windows */
  readonly grants: ReadonlyMap<number, ReadonlyMap<number, TimedWindow[]>>;
  readonly bans: ReadonlyMap<number, ReadonlyMap<number, TimedWindow[]>>;
  readonly revoked: ReadonlySet<number>;
  /** roomId → sessions in that room */
  readonly sessionsByRoom: ReadonlyMap<number, IndexedSession[]>;
}

function instant(iso: string | null, open: number): number {
  if (iso === null) return open;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? open : t;
}

function timed(w: EngineWindow): TimedWindow {
  return { from: instant(w.startsAt, -Infinity), to: instant(w.endsAt, Infinity) };
}

function addWindow(map: Map<number, Map<number, TimedWindow[]>>, key: number, zoneId: number, w: TimedWindow): void {
  let zones = map.get(key);
  if (!zones) map.set(key, (zones = new Map()));
  const list = zones.get(zoneId);
  if (list) list.push(w);
  else zones.set(zoneId, [w]);
}

export function indexBundle(bundle: EngineBundle): BundleIndex {
  const categoryZones = new Map<number, Map<number, TimedWindow[]>>();
  for (const c of bundle.categories) {
    if (!categoryZones.has(c.id)) categoryZones.set(c.id, new Map());
    for (const z of c.zones) addWindow(categoryZones, c.id, z.zoneId, timed(z));
  }
  const grants = new Map<number, Map<number, TimedWindow[]>>();
  const bans = new Map<number, Map<number, TimedWindow[]>>();
  for (const p of bundle.people) {
    for (const o of p.overrides) addWindow(o.kind === 'ban' ? bans : grants, p.guestId, o.zoneId, timed(o));
  }
  const sessionsByRoom = new Map<number, IndexedSession[]>();
  for (const s of bundle.sessions) {
    const entry: IndexedSession = {
      session: s,
      from: instant(s.startsAt, -Infinity) - SESSION_LEAD_MS,
      to: instant(s.endsAt, Infinity),
      invited: new Set(s.invited),
    };
    const list = sessionsByRoom.get(s.roomId);
    if (list) list.push(entry);
    else sessionsByRoom.set(s.roomId, [entry]);
  }
  return {
    bundle,
    eventId: bundle.event.id,
    generatedAt: instant(bundle.generatedAt, 0),
    gatesByCode: new Map(bundle.gates.map((g) => [g.code, g])),
    peopleById: new Map(bundle.people.map((p) => [p.guestId, p])),
    categoriesById: new Map(bundle.categories.map((c) => [c.id, c])),
    categoryZones,
    grants,
    bans,
    revoked: new Set(bundle.revoked),
    sessionsByRoom,
  };
}

function covers(windows: readonly TimedWindow[] | undefined, at: number): boolean {
  return !!windows && windows.some((w) => w.from <= at && at < w.to);
}

/** The sessions of a room that hold it at `at` (from their lead time to their end). */
export function sessionsAt(index: BundleIndex, roomId: number | null, at: Date): EngineSession[] {
  return runningAt(index, roomId, at.getTime()).map((s) => s.session);
}

function runningAt(index: BundleIndex, roomId: number | null, t: number): IndexedSession[] {
  if (roomId === null) return [];
  return (index.sessionsByRoom.get(roomId) ?? []).filter((s) => s.from <= t && t < s.to);
}

export function decide(
  index: BundleIndex,
  state: GateState,
  input: DecideInput,
  verify: (message: Uint8Array, signature: Uint8Array) => boolean,
): Decision {
  const parsed = parseCredential(input.credential);
  if (!parsed.ok) return refuse(parsed.code);
  const claims: CredentialClaims = parsed.claims;
  if (claims.eventId !== index.eventId) return refuse('wrong_event');
  let good = false;
  try {
    good = verify(parsed.message, parsed.signature);
  } catch {
    good = false;
  }
  if (!good) return refuse('bad_signature');

  const gate = index.gatesByCode.get(input.gate) ?? null;
  const who = { guestId: claims.guestId, credentialId: claims.credentialId };
  if (!gate) return { verdict: 'refuse', code: 'unknown_gate', ...who, gateId: null, zoneId: null };
  const at = input.at.getTime();
  const result = (verdict: Decision['verdict'], code: VerdictCode): Decision => ({
    verdict,
    code,
    ...who,
    gateId: gate.id,
    zoneId: gate.zoneId,
  });

  if (input.direction === 'exit') {
    return result('admit', gate.antiPassback && !state.isInside(claims.guestId, gate.zoneId) ? 'not_inside' : 'admitted');
  }

  if (claims.issuedAt * 1000 > at + CLOCK_SKEW_MS) return result('refuse', 'not_yet_valid');
  if (at >= claims.expiresAt * 1000) return result('refuse', 'expired');
  if (index.revoked.has(claims.credentialId)) return result('refuse', 'revoked');

  const newerThanBundle = claims.issuedAt * 1000 > index.generatedAt;
  const person = index.peopleById.get(claims.guestId);
  let zoneWindows: TimedWindow[] | undefined;
  let grantWindows: TimedWindow[] | undefined;
  if (person) {
    if (person.credentialId !== claims.credentialId && !(newerThanBundle && claims.credentialId > person.credentialId)) {
      return result('refuse', 'not_accredited');
    }
    if (covers(index.bans.get(person.guestId)?.get(gate.zoneId), at)) return result('refuse', 'banned');
    zoneWindows = index.categoryZones.get(person.categoryId)?.get(gate.zoneId);
    grantWindows = index.grants.get(person.guestId)?.get(gate.zoneId);
  } else {
    if (!newerThanBundle || !index.categoriesById.has(claims.categoryId)) return result('refuse', 'not_accredited');
    zoneWindows = index.categoryZones.get(claims.categoryId)?.get(gate.zoneId);
  }
  if (!zoneWindows && !grantWindows) return result('refuse', 'wrong_zone');
  if (!covers(zoneWindows, at) && !covers(grantWindows, at)) return result('refuse', 'outside_window');

  const running = runningAt(index, gate.roomId, at);
  if (running.some((s) => s.session.invitationOnly && !s.invited.has(claims.guestId))) return result('refuse', 'not_invited');
  if (gate.antiPassback && state.isInside(claims.guestId, gate.zoneId)) return result('refuse', 'already_inside');
  const capacities = running.map((s) => s.session.capacity).filter((c): c is number => c !== null);
  if (capacities.length && state.insideCount(gate.zoneId, gate.roomId) >= Math.min(...capacities)) {
    return result('refuse', 'session_full');
  }
  return result('admit', 'admitted');
}

/** A refusal before the badge is trusted: it names nobody. */
function refuse(code: VerdictCode): Decision {
  return { verdict: 'refuse', code, guestId: null, credentialId: null, gateId: null, zoneId: null };
}
