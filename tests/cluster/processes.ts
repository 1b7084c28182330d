import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Waits for a child to end, at most `ms`; answers whether it ended. */
export async function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return once(child, 'exit', { signal: AbortSignal.timeout(ms) }).then(
    () => true,
    () => child.exitCode !== null || child.signalCode !== null,
  );
}
