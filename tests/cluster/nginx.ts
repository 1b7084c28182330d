import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited } from './processes.js';

/** The operator's config, as shipped: what the cluster test and bench put in front of their instances. */
export const NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx/huiwu.conf', import.meta.url));

/** Debian's nginx, or whichever `nginx` is on the PATH; null when there is none. */
export function findNginx(): string | null {
  if (process.env.HUIWU_NGINX) return process.env.HUIWU_NGINX;
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

/**
 * deploy/nginx/huiwu.conf with its upstream's `server` lines replaced by `upstreams` and its `listen` by a loopback
 * port: nothing else changes, so the test runs the config an operator installs.
 */
export function renderSite(upstreams: string[], port: number): string {
  const site = readFileSync(NGINX_CONF, 'utf8');
  const servers = /^([ \t]*)server[ \t]+\d[^\s;]*([ \t][^;\n]*)?;\n/gm;
  const first = servers.exec(site);
  if (!first) throw new Error(`${NGINX_CONF}: no upstream server lines`);
  const [indent, options] = [first[1]!, first[2] ?? ''];
  let placed = false;
  const rewritten = site.replace(servers, () => {
    if (placed) return '';
    placed = true;
    return upstreams.map((u) => `${indent}server ${u}${options};\n`).join('');
  });
  if (!/^[ \t]*listen 80;$/m.test(rewritten)) throw new Error(`${NGINX_CONF}: no "listen 80;" line`);
  return rewritten.replace(/^([ \t]*)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
}

/** A whole nginx.conf for an unprivileged nginx whose files all live in `dir`, serving the site. */
export function standaloneConf(dir: string, site: string): string {
  const temp = (name: string) => {
    mkdirSync(join(dir, 'temp', name), { recursive: true });
    return join(dir, 'temp', name);
  };
  return [
    // as root, nginx would hand its workers to "nobody", who cannot write the temp folders made here
    ...(process.getuid?.() === 0 ? [`user ${userInfo().username};`] : []),
    'worker_processes 1;',
    `error_log ${join(dir, 'error.log')} warn;`,
    `pid ${join(dir, 'nginx.pid')};`,
    'events { worker_connections 4096; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    `  client_body_temp_path ${temp('body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    site,
    '}',
    '',
  ].join('\n');
}

export interface RunningNginx {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground on `port` in front of `upstreams`, its config, logs and temp files in `dir`. */
export async function startNginx(binary: string, dir: string, upstreams: string[], port: number): Promise<RunningNginx> {
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, standaloneConf(dir, renderSite(upstreams, port)));
  const check = spawnSync(binary, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const out = openSync(join(dir, 'nginx.out'), 'a');
  const child = spawn(binary, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    // any answer (the upstreams may not be up yet: 502) means nginx listens
    const up = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('nginx did not listen within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGQUIT');
      if (!(await exited(child, 5000))) child.kill('SIGKILL');
    },
  };
}
