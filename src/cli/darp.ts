import { readFileSync } from 'node:fs';
import { parseCordeau, solveStatic, totalDistance, violations } from '../engines/dispatch/index.js';

export interface DarpReport {
  feasible: boolean;
  distance: number;
  violations: number;
  ms: number;
  requests: number;
  served: number;
  vehicles: number;
  unserved: string[];
}

/** Solves a Cordeau dial-a-ride instance with the dispatcher's insertion logic and checks the result independently. */
export function solveDarpFile(file: string): { ok: true; value: DarpReport } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read ${file}: ${(err as Error).message}` };
  }
  const parsed = parseCordeau(text);
  if (!parsed.ok) return { ok: false, message: `${file}: ${parsed.message}` };
  const { problem } = parsed.value;
  const started = performance.now();
  const solution = solveStatic(problem);
  const ms = performance.now() - started;
  const broken = violations(problem, solution.routes);
  return {
    ok: true,
    value: {
      feasible: solution.unserved.length === 0 && broken === 0,
      distance: Math.round(totalDistance(problem, solution.routes) * 100) / 100,
      violations: broken,
      ms: Math.round(ms * 10) / 10,
      requests: problem.requests.length,
      served: problem.requests.length - solution.unserved.length,
      vehicles: problem.vehicles.length,
      unserved: solution.unserved.map((i) => problem.requests[i]!.id),
    },
  };
}

export function runDarp(file: string, json: boolean): void {
  const res = solveDarpFile(file);
  if (!res.ok) {
    console.error(`error: ${res.message}`);
    process.exit(1);
  }
  const r = res.value;
  if (json) {
    console.log(JSON.stringify({ feasible: r.feasible, distance: r.distance, violations: r.violations, ms: r.ms }));
    return;
  }
  console.log(`${file}: ${r.requests} requests, ${r.vehicles} vehicles`);
  console.log(`  served ${r.served} of ${r.requests}${r.unserved.length ? ` (unserved: ${r.unserved.join(', ')})` : ''}`);
  console.log(`  total distance ${r.distance.toFixed(2)}, ${r.violations} violations, ${r.feasible ? 'feasible' : 'NOT feasible'}, ${r.ms} ms`);
}
