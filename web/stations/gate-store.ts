import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64Url, parseCredential } from '../../src/engines/gate/credential.js';
import { decide, indexBundle, type BundleIndex, type Decision, type GateState } from '../../src/engines/gate/decide.js';
import type { Direction, GateBundle, ScanInput, ScanResult } from '../../src/modules/access/access.schema.js';
import { ApiError } from '../shared/api.js';
import { stationFetch, unreachable } from './station-api.js';

/**
 * The gate station's offline core: the downloaded bundle, who is inside (continued locally from the bundle's
 * `inside`), and the queue of scans the server has not answered yet. All three live in localStorage, so a
 * reload or a crashed tab loses nothing; each queued scan keeps its nonce and original time, and is removed
 * only once the server has answered that nonce (a retry after a lost answer is applied once by the server).
 */

export interface QueuedScan extends ScanInput {
  offlineVerdict: 'admit' | 'refuse';
}

interface Presence {
  guestId: number;
  zoneId: number;
  roomId: number | null;
}

/** A scan as the screen shows it: the local decision at once, the server's answer when it comes. */
export interface ShownScan {
  nonce: string;
  decision: Decision;
  /** the server's answer, when online */
  server: ScanResult | null;
  /** decided without the server; queued for upload */
  offline: boolean;
  /** not recorded at all (text far too long to be a badge) */
  unsent?: boolean;
  at: string;
}

export interface GateSnapshot {
  bundle: GateBundle | null;
  online: boolean;
  queued: number;
  lastSync: string | null;
  syncing: boolean;
  /** uploaded scans the server flagged (the same badge at two gates, or a verdict it would not have given) */
  conflicts: number;
  /** rehearsing: the station's clock runs at real time + this many ms (null: real time) */
  rehearsalOffset: number | null;
}

const REFRESH_MS = 30_000;
const UPLOAD_MS = 3_000;
const BATCH = 500;
const RECENT_MS = 60_000;
/** ScanInput.credential's limit in the station API */
const MAX_CREDENTIAL = 2000;

function load<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}
const save = (key: string, value: unknown) => localStorage.setItem(key, JSON.stringify(value));

export class GateStore {
  private bundle: GateBundle | null;
  private etag: string | null;
  private index: BundleIndex | null = null;
  private publicKey: Uint8Array | null = null;
  private presence: Presence[];
  private queue: QueuedScan[];
  private online = navigator.onLine;
  private lastSync: string | null = null;
  private syncing = false;
  private conflicts = 0;
  /** admitted scans of the last minute, replayed onto a new bundle whose `inside` may predate them */
  private recent: Array<{ nonce: string; at: number; gate: string; direction: Direction; guestId: number }> = [];
  private listeners = new Set<() => void>();
  private timers: number[] = [];
  private snapshot: GateSnapshot;
  /** the rehearsal clock's distance from real time, per event (null: real time) */
  private offset: number | null;

  constructor(private readonly slug: string) {
    this.bundle = load<GateBundle | null>(this.key('bundle'), null);
    this.etag = load<string | null>(this.key('etag'), null);
    this.presence = load<Presence[]>(this.key('presence'), []);
    this.queue = load<QueuedScan[]>(this.key('queue'), []);
    this.offset = load<number | null>(this.key('clockOffset'), null);
    if (this.bundle) this.prepare(this.bundle);
    this.snapshot = this.makeSnapshot();
  }

  private key(part: string) {
    return `huiwu.gate.${this.slug}.${part}`;
  }

  /** Starts the refresh and upload loops; returns the stop function. */
  start(): () => void {
    const wake = () => {
      this.online = navigator.onLine;
      this.changed();
      if (navigator.onLine) void this.refresh().then(() => this.upload());
    };
    const sleep = () => {
      this.online = false;
      this.changed();
    };
    window.addEventListener('online', wake);
    window.addEventListener('offline', sleep);
    this.timers.push(window.setInterval(() => void this.refresh(), REFRESH_MS));
    this.timers.push(window.setInterval(() => void this.upload(), UPLOAD_MS));
    void this.refresh().then(() => this.upload());
    return () => {
      window.removeEventListener('online', wake);
      window.removeEventListener('offline', sleep);
      for (const t of this.timers) clearInterval(t);
      this.timers = [];
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = (): GateSnapshot => this.snapshot;

  private makeSnapshot(): GateSnapshot {
    return {
      bundle: this.bundle,
      online: this.online,
      queued: this.queue.length,
      lastSync: this.lastSync,
      syncing: this.syncing,
      conflicts: this.conflicts,
      rehearsalOffset: this.offset,
    };
  }
  private changed() {
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }

  /** The station's clock: real time, or while rehearsing real time + the chosen offset. Decisions and uploads use it. */
  now(): Date {
    return new Date(Date.now() + (this.offset ?? 0));
  }

  /** Rehearses with the clock set to `at` (it then runs on from there), or back to real time with null. */
  rehearseAt(at: Date | null): void {
    this.offset = at ? at.getTime() - Date.now() : null;
    if (this.offset === null) localStorage.removeItem(this.key('clockOffset'));
    else save(this.key('clockOffset'), this.offset);
    this.changed();
  }

  private prepare(bundle: GateBundle) {
    this.index = indexBundle(bundle);
    this.publicKey = fromBase64Url(bundle.publicKey);
  }

  /** Downloads the bundle when it changed (If-None-Match); a new one resets presence to the server's, plus what is queued. */
  async refresh(): Promise<boolean> {
    try {
      const res = await stationFetch<GateBundle>(
        'GET',
        `/api/v1/events/${this.slug}/gate-bundle`,
        undefined,
        this.etag && this.bundle ? { 'if-none-match': this.etag } : {},
      );
      this.online = true;
      this.lastSync = new Date().toISOString();
      if (res.status === 200) {
        this.bundle = res.data;
        this.etag = res.etag;
        this.prepare(res.data);
        // the server's view as of generatedAt, then, in scan order, what it has not seen yet (the queue) and what
        // it may not have had when the bundle was built (the last minute's live scans; applying one twice is harmless)
        this.presence = res.data.inside.map((p) => ({ guestId: p.guestId, zoneId: p.zoneId, roomId: null }));
        const since = this.now().getTime() - RECENT_MS;
        this.recent = this.recent.filter((r) => r.at >= since);
        const queued = new Set(this.queue.map((q) => q.nonce));
        const replay = [
          ...this.queue.map((q) => ({
            at: Date.parse(q.scannedAt),
            gate: q.gate,
            direction: q.direction,
            verdict: q.offlineVerdict,
            guestId: this.guestOf(q.credential),
          })),
          ...this.recent.filter((r) => !queued.has(r.nonce)).map((r) => ({ ...r, verdict: 'admit' as const })),
        ].sort((a, b) => a.at - b.at);
        for (const r of replay) this.applyPresence(r.gate, r.direction, r.verdict, r.guestId);
        save(this.key('bundle'), this.bundle);
        save(this.key('etag'), this.etag);
        save(this.key('presence'), this.presence);
      }
      this.changed();
      return true;
    } catch (err) {
      if (unreachable(err)) {
        this.online = false;
        this.changed();
      }
      return false;
    }
  }

  private guestOf(credential: string): number | null {
    const parsed = parseCredential(credential);
    return parsed.ok ? parsed.claims.guestId : null;
  }

  private state(): GateState {
    return {
      isInside: (guestId, zoneId) => this.presence.some((p) => p.guestId === guestId && p.zoneId === zoneId),
      insideCount: (zoneId, roomId) => this.presence.filter((p) => p.zoneId === zoneId && (roomId === null || p.roomId === roomId)).length,
    };
  }

  private decideRaw(input: { credential: string; gate: string; direction: Direction; at: Date }): Decision {
    const key = this.publicKey;
    return decide(this.index!, this.state(), input, (message, signature) => !!key && ed25519.verify(signature, message, key));
  }

  private applyPresence(gateCode: string, direction: Direction, verdict: 'admit' | 'refuse', guestId: number | null, nonce?: string) {
    const gate = this.bundle?.gates.find((g) => g.code === gateCode);
    if (verdict !== 'admit' || !gate || guestId === null) return;
    if (nonce) this.recent.push({ nonce, at: this.now().getTime(), gate: gateCode, direction, guestId });
    this.presence = this.presence.filter((p) => !(p.guestId === guestId && p.zoneId === gate.zoneId));
    if (direction === 'entry') this.presence.push({ guestId, zoneId: gate.zoneId, roomId: gate.roomId });
    save(this.key('presence'), this.presence);
  }

  /**
   * Decides locally at once (the verdict is on screen before any network), records presence, then sends the
   * scan. `onServer` gets the server's answer; without one the scan waits in the queue with the local verdict.
   */
  scan(credential: string, gate: string, direction: Direction, onServer: (shown: ShownScan) => void): ShownScan | null {
    if (!this.index) return null;
    const at = this.now();
    const decision = this.decideRaw({ credential, gate, direction, at });
    const scan: QueuedScan = {
      credential,
      gate,
      direction,
      nonce: crypto.randomUUID(),
      scannedAt: at.toISOString(),
      offlineVerdict: decision.verdict,
    };
    this.applyPresence(gate, direction, decision.verdict, decision.guestId, scan.nonce);
    const shown: ShownScan = { nonce: scan.nonce, decision, server: null, offline: false, at: scan.scannedAt };
    // text longer than the API takes is no badge (the engine says malformed): recording it would block the queue
    if (credential.length > MAX_CREDENTIAL) return { ...shown, unsent: true };
    void this.sendLive(scan, shown, onServer);
    return shown;
  }

  private async sendLive(scan: QueuedScan, shown: ShownScan, onServer: (shown: ShownScan) => void) {
    if (this.online && this.queue.length === 0) {
      try {
        // live: the server decides (its data may be newer than the bundle); the station follows its answer
        const { offlineVerdict: _, ...live } = scan;
        const res = await stationFetch<ScanResult>('POST', `/api/v1/events/${this.slug}/scans`, live);
        this.online = true;
        if (res.data.verdict !== shown.decision.verdict) {
          const guestId = res.data.person?.guestId ?? shown.decision.guestId;
          this.recent = this.recent.filter((r) => r.nonce !== scan.nonce);
          if (res.data.verdict === 'admit') this.applyPresence(scan.gate, scan.direction, 'admit', guestId, scan.nonce);
          else this.undoEntry(scan, guestId);
        }
        onServer({ ...shown, server: res.data });
        this.changed();
        return;
      } catch (err) {
        // a refused shape will never be accepted; anything else (server down, session expired) waits in the queue
        if (err instanceof ApiError && err.status === 400) {
          onServer({ ...shown, offline: true });
          return;
        }
        if (unreachable(err)) this.online = false;
      }
    }
    // no answer: the local verdict stood at the gate; queue it as what happened
    this.queue.push(scan);
    save(this.key('queue'), this.queue);
    onServer({ ...shown, offline: true });
    this.changed();
    // queued behind older scans while the server answers: send them all now rather than at the next tick
    if (this.online) void this.upload();
  }

  /** The server refused what the station admitted (newer data): take the person back out of local presence. */
  private undoEntry(scan: QueuedScan, guestId: number | null) {
    const gate = this.bundle?.gates.find((g) => g.code === scan.gate);
    if (!gate || guestId === null || scan.direction !== 'entry') return;
    this.presence = this.presence.filter((p) => !(p.guestId === guestId && p.zoneId === gate.zoneId));
    save(this.key('presence'), this.presence);
  }

  /** Uploads the queue in batches, oldest first; removes exactly the nonces the server answered. */
  async upload(): Promise<void> {
    if (this.syncing || this.queue.length === 0) return;
    this.syncing = true;
    this.changed();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, BATCH);
        const res = await stationFetch<ScanResult[]>('POST', `/api/v1/events/${this.slug}/scans`, batch);
        this.online = true;
        const answered = new Set(res.data.map((r) => r.nonce));
        this.conflicts += res.data.filter((r) => r.conflict !== null && !r.duplicate).length;
        // re-read: scans queued while the batch was in flight stay
        this.queue = this.queue.filter((q) => !answered.has(q.nonce));
        save(this.key('queue'), this.queue);
        this.lastSync = new Date().toISOString();
        this.changed();
        if (answered.size === 0) break;
      }
    } catch (err) {
      if (unreachable(err)) this.online = false;
    } finally {
      this.syncing = false;
      this.changed();
    }
  }
}
