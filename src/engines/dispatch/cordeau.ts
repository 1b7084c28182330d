import type { Problem, RideRequest, Vehicle } from './types.js';

export interface CordeauInstance {
  vehicles: number;
  requests: number;
  maxRouteDuration: number;
  capacity: number;
  maxRideTime: number;
  problem: Problem;
}

export type CordeauParse = { ok: true; value: CordeauInstance } | { ok: false; line: number; message: string };

/**
 * Parses a Cordeau (2006) dial-a-ride instance as published in jinete's datasets: a header
 * `vehicles 2n maxRouteDuration capacity maxRideTime`, then `id x y service load twStart twEnd` for node 0 (the
 * depot), pickups 1..n, dropoffs n+1..2n (load = minus the pickup's) and optionally the return depot 2n+1.
 * Travel time is the Euclidean distance. A malformed file is refused with the line at fault (1-based).
 */
export function parseCordeau(text: string): CordeauParse {
  const lines = text.split(/\r?\n/).map((t, i) => ({ no: i + 1, fields: t.trim().split(/\s+/).filter(Boolean) })).filter((l) => l.fields.length > 0);
  const refuse = (line: number, message: string): CordeauParse => ({ ok: false, line, message: `line ${line}: ${message}` });
  const header = lines[0];
  if (!header) return refuse(1, 'empty file');
  const h = header.fields.map(Number);
  if (h.length !== 5 || h.some((x) => !Number.isFinite(x))) return refuse(header.no, 'the header needs 5 numbers: vehicles, nodes (2n), max route duration, capacity, max ride time');
  const [m, nodes2n, T, Q, L] = h as [number, number, number, number, number];
  if (!Number.isInteger(m) || m < 1) return refuse(header.no, `vehicle count ${m} is not a positive whole number`);
  if (!Number.isInteger(nodes2n) || nodes2n < 2 || nodes2n % 2 !== 0) return refuse(header.no, `node count ${nodes2n} is not a positive even number (2n)`);
  if (!(Q > 0) || !(T > 0) || !(L > 0)) return refuse(header.no, 'max route duration, capacity and max ride time must be positive');
  const n = nodes2n / 2;
  const body = lines.slice(1);
  if (body.length !== 2 * n + 1 && body.length !== 2 * n + 2) {
    const at = body[Math.min(body.length, 2 * n + 2) - 1]?.no ?? header.no;
    return refuse(at, `expected ${2 * n + 1} node lines (depot, ${n} pickups, ${n} dropoffs) or ${2 * n + 2} with the return depot, found ${body.length}`);
  }
  const rows: Array<{ x: number; y: number; service: number; load: number; start: number; end: number }> = [];
  for (const [k, line] of body.entries()) {
    const f = line.fields.map(Number);
    if (f.length !== 7 || f.some((x) => !Number.isFinite(x))) return refuse(line.no, 'a node line needs 7 numbers: id x y service load twStart twEnd');
    const [id, x, y, service, load, start, end] = f as [number, number, number, number, number, number, number];
    if (id !== k) return refuse(line.no, `node id ${id} out of sequence (expected ${k})`);
    if (service < 0) return refuse(line.no, `negative service time ${service}`);
    if (start > end) return refuse(line.no, `time window [${start}, ${end}] is empty`);
    rows.push({ x, y, service, load, start, end });
  }
  for (let i = 1; i <= n; i++) {
    const p = rows[i]!;
    const d = rows[n + i]!;
    if (!(p.load > 0)) return refuse(body[i]!.no, `pickup ${i} has load ${p.load}; a pickup must carry a positive load`);
    if (d.load !== -p.load) return refuse(body[n + i]!.no, `dropoff ${n + i} has load ${d.load}; it must be -${p.load}, minus its pickup's`);
  }
  const hasEnd = rows.length === 2 * n + 2;
  if (rows[0]!.load !== 0 || (hasEnd && rows[2 * n + 1]!.load !== 0)) return refuse(body[hasEnd && rows[0]!.load === 0 ? 2 * n + 1 : 0]!.no, 'a depot carries no load');
  const travel = (a: number, b: number) => Math.hypot(rows[a]!.x - rows[b]!.x, rows[a]!.y - rows[b]!.y);
  const requests: RideRequest[] = [];
  for (let i = 1; i <= n; i++) {
    const p = rows[i]!;
    const d = rows[n + i]!;
    requests.push({
      id: String(i),
      pickup: i,
      dropoff: n + i,
      load: p.load,
      pickupWindow: { start: p.start, end: p.end },
      dropoffWindow: { start: d.start, end: d.end },
      pickupService: p.service,
      dropoffService: d.service,
      maxRide: L,
    });
  }
  const endDepot = hasEnd ? rows[2 * n + 1]! : rows[0]!;
  const vehicles: Vehicle[] = Array.from({ length: m }, (_, k) => ({
    id: String(k + 1),
    capacity: Q,
    depot: 0,
    endDepot: hasEnd ? 2 * n + 1 : 0,
    window: { start: rows[0]!.start, end: Math.min(rows[0]!.end, endDepot.end) },
    maxDuration: T,
  }));
  return { ok: true, value: { vehicles: m, requests: n, maxRouteDuration: T, capacity: Q, maxRideTime: L, problem: { requests, vehicles, travel } } };
}
