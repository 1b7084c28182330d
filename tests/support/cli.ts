import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.js';

/** The checkout's root: the CLI runs from here, as a user runs it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without any Huiwu setting (nor PORT/HOST), plus the given ones. */
export function cliEnv(settings: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUIWU_') && k !== 'PORT' && k !== 'HOST'));
  return { ...clean, ...settings };
}

let entry: string | undefined;
/**
 * The built CLI: CI's `npm run build` output when HUIWU_TEST_CLI names it (dist/src/cli/main.js), else the build
 * tests/support/build-cli.ts makes once per state of src/ (the first CLI test of a run builds it; later ones, in any
 * worker, find it).
 */
export function cliEntry(): string {
  return (entry ??= process.env.HUIWU_TEST_CLI ? resolve(ROOT, process.env.HUIWU_TEST_CLI) : buildCli());
}
// built while the test file loads, outside any test's time limit
cliEntry();

/**
 * Starts `huiwu <args>` as `npm start` runs it, `node <built>/src/cli/main.js`, from the checkout's root: no child
 * process compiles src/ again (through tsx that took 1–25 s a start on this machine).
 */
export function spawnHuiwu(args: string[], settings: Record<string, string> = {}, options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [cliEntry(), ...args], { cwd: ROOT, env: cliEnv(settings), stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/**
 * Runs `huiwu <args>` in a child process, with none of this process's HUIWU_* settings (so a command that needs no
 * database opens none) but the given ones, and collects its exit code and output.
 */
export function runHuiwu(args: string[], timeoutMs = 120_000, settings: Record<string, string> = {}): Promise<CliRun> {
  const child = spawnHuiwu(args, settings);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
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
