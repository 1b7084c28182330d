import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The checkout's root: the CLI runs from here as a user runs it, `node --import tsx src/cli/main.ts …`. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `huiwu <args>` from source in a child process, with none of this process's HUIWU_* settings (so a command
 * that needs no database opens none) but the given ones, and collects its exit code and output.
 */
export function runHuiwu(args: string[], timeoutMs = 120_000, settings: Record<string, string> = {}): Promise<CliRun> {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUIWU_'))), ...settings };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`huiwu ${args.join(' ')} did not finish in ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
