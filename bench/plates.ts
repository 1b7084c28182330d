/** The plate reader's bench (BENCH_ONLY=plates): exact-string and province accuracy, per-image time, no-plate photos. */
export interface PlatesResult {
  skipped: string;
}
export function benchPlates(_log: (line: string) => void): Promise<PlatesResult> {
  return Promise.resolve({ skipped: 'not built yet' });
}
export function platesTable(r: PlatesResult): string {
  return `Plates: ${r.skipped}`;
}
