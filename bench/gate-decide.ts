import { ed25519 } from '@noble/curves/ed25519.js';
import type { EngineBundle } from '../src/engines/gate/bundle.js';
import { encodeClaims, formatCredential, fromBase64Url, toBase64Url } from '../src/engines/gate/credential.js';
import { decide, indexBundle, type GateState } from '../src/engines/gate/decide.js';

/**
 * The gate engine's decision as a station runs it (BENCH_ONLY=decide): pure-JS ed25519 (@noble/curves, no
 * node:crypto), a bundle index, a presence state in memory. The baseline, measured in the same interleaved rounds,
 * is the signature check alone: the decision's own work is the ratio above 1. The station's budget is 300 ms a scan
 * (the test suite used to assert < 30 ms a decision; speed belongs here, not in a pass/fail test).
 */
export const STATION_BUDGET_MS = 300;

export interface DecideResult {
  decisionMs: number;
  verifyMs: number;
  ratio: number;
  rounds: Array<{ decisionMs: number; verifyMs: number }>;
}

const name = (en: string) => ({ zh: en, en });

function fixture() {
  const secretKey = ed25519.utils.randomSecretKey();
  const publicKey = ed25519.getPublicKey(secretKey);
  const people = Array.from({ length: 5000 }, (_, i) => ({
    guestId: 100 + i,
    credentialId: 1000 + i,
    name: `嘉宾${i}`,
    nameLatin: `Guest ${i}`,
    organisation: null,
    categoryId: 1,
    delegation: null,
    overrides: [],
  }));
  const bundle: EngineBundle = {
    event: { id: 7, slug: 'demo', timezone: 'Asia/Shanghai', startDate: '2017-12-03', endDate: '2017-12-05' },
    publicKey: toBase64Url(publicKey),
    generatedAt: '2017-12-01T00:00:00.000Z',
    version: 'v1',
    zones: [{ id: 1, code: 'MAIN', name: name('Main hall') }],
    gates: [{ id: 11, code: 'MAIN-1', name: name('Main 1'), zoneId: 1, roomId: null, antiPassback: true }],
    categories: [{ id: 1, code: 'vip', name: name('VIP'), color: '#c00000', zones: [{ zoneId: 1, startsAt: null, endsAt: null }] }],
    people,
    revoked: [],
    sessions: [],
    inside: [],
  };
  const secs = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const message = encodeClaims({ eventId: 7, credentialId: 3000, guestId: 2100, categoryId: 1, issuedAt: secs('2017-11-30T00:00:00Z'), expiresAt: secs('2017-12-07T00:00:00Z') });
  const signature = ed25519.sign(message, secretKey);
  const pk = fromBase64Url(bundle.publicKey)!;
  return { index: indexBundle(bundle), credential: formatCredential(message, signature), message, signature, pk };
}

const nobodyInside: GateState = { isInside: () => false, insideCount: () => 0 };

function timePer(n: number, fn: () => void): number {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
}

export function benchDecide(rounds: number, log: (line: string) => void): DecideResult {
  const f = fixture();
  const verify = (m: Uint8Array, s: Uint8Array) => ed25519.verify(s, m, f.pk);
  const at = new Date('2017-12-03T02:00:00Z');
  const once = () => decide(f.index, nobodyInside, { gate: 'MAIN-1', direction: 'entry', at, credential: f.credential }, verify);
  const code = once().code;
  if (code !== 'admitted') throw new Error(`the bench's badge is not admitted: ${code}`);
  timePer(50, once); // warm the JIT
  const out: DecideResult['rounds'] = [];
  for (let r = 0; r < rounds; r++) {
    const decisionMs = timePer(200, once);
    const verifyMs = timePer(200, () => verify(f.message, f.signature));
    out.push({ decisionMs, verifyMs });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const decisionMs = median(out.map((r) => r.decisionMs));
  const verifyMs = median(out.map((r) => r.verifyMs));
  log(`gate decision: ${decisionMs.toFixed(2)} ms (signature check alone ${verifyMs.toFixed(2)} ms)`);
  return { decisionMs, verifyMs, ratio: decisionMs / verifyMs, rounds: out };
}

/** A plain-text table of the figures, as the bench prints its other parts. */
export function decideTable(r: DecideResult): string {
  const rows: Array<[string, string]> = [
    ['gate decision (verify + rules), 5,000 people in the bundle', `${r.decisionMs.toFixed(2)} ms`],
    ['baseline: the ed25519 signature check alone', `${r.verifyMs.toFixed(2)} ms`],
    ['decision ÷ signature check', `${r.ratio.toFixed(2)} ×`],
    [`share of the station's ${STATION_BUDGET_MS} ms budget a scan`, `${((100 * r.decisionMs) / STATION_BUDGET_MS).toFixed(1)} %`],
  ];
  const w = Math.max(...rows.map(([a]) => a.length));
  return ['Gate engine: one decision as a station makes it', ...rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`)].join('\n');
}
