import { parentPort } from 'node:worker_threads';
import { buildExport, type ExportSpec } from './export-build.js';
import type { ProgrammeSnapshot } from './program.schema.js';

/** The exports' worker thread (export-cache.ts): builds one export per message, off the server's event loop. */
export interface BuildRequest {
  id: number;
  snap: ProgrammeSnapshot;
  spec: ExportSpec;
}
export type BuildReply = { id: number; body: string } | { id: number; error: string };

parentPort?.on('message', (req: BuildRequest) => {
  try {
    parentPort!.postMessage({ id: req.id, body: buildExport(req.snap, req.spec) } satisfies BuildReply);
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies BuildReply);
  }
});
