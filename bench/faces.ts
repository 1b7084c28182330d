/** The face engine's bench (BENCH_ONLY=faces): TAR at fixed FAR, detect+embed time, 1:N search time. */
export interface FacesResult {
  skipped: string;
}
export function benchFaces(_log: (line: string) => void): Promise<FacesResult> {
  return Promise.resolve({ skipped: 'not built yet' });
}
export function facesTable(r: FacesResult): string {
  return `Faces: ${r.skipped}`;
}
