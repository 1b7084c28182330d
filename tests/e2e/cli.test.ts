import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { inCI } from '../support/ci.js';
import { spawnHuiwu } from '../support/cli.js';
import { DEMO_ACCOUNTS } from '../../src/demo/load-demo.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrations } from '../../src/main.js';

/** What a first `migrate` prints: every migration, in order. */
const APPLIED_ALL = `applied: ${Object.keys(migrations).sort().join(', ')}\n`;

/** The CLI as a user runs it: a child process of the CLI built once for the run (tests/support/cli.ts), configured by environment. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/schedule');
const PRETALX = join(FIXTURES, 'pretalx-democon.json');
const XSD = join(FIXTURES, 'schedule.xml.xsd');
const HAS_XMLLINT = spawnSync('xmllint', ['--version']).error === undefined;
if (!HAS_XMLLINT && !inCI) console.log('xmllint not installed: skipping XSD validation of the CLI export');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one command to its end; a command still running after `timeoutMs` is killed and the case fails. */
function huiwu(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  const child = spawnHuiwu(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`huiwu ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
const opened: Database[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-cli-'));
  dirs.push(dir);
  return dir;
}
function database(dir: string): Database {
  const d = openDatabase({ kind: 'sqlite', file: join(dir, 'huiwu.sqlite') });
  opened.push(d);
  return d;
}
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What the pretalx example holds, counted from the file itself. */
function pretalxCounts() {
  const conf = (
    JSON.parse(readFileSync(PRETALX, 'utf8')) as {
      schedule: { conference: { rooms: unknown[]; days: { rooms: Record<string, { track: string; persons: { code: string }[] }[]> }[] } };
    }
  ).schedule.conference;
  const events = conf.days.flatMap((d) => Object.values(d.rooms).flat());
  return {
    rooms: conf.rooms.length,
    boards: new Set(events.map((e) => e.track)).size,
    organisations: 0,
    people: new Set(events.flatMap((e) => e.persons.map((p) => p.code))).size,
    sessions: events.length,
  };
}

/** `huiwu import`'s one line, read back: created and updated counts per kind, and the conflicts found. */
function importLine(stdout: string) {
  const m = /^imported into "democon": created (\{[^}]*\}), updated (\{[^}]*\}), (\d+) conflicts\n$/.exec(stdout);
  if (!m) throw new Error(`not an import summary: ${JSON.stringify(stdout)}`);
  return {
    created: JSON.parse(m[1]!) as Record<string, number>,
    updated: JSON.parse(m[2]!) as Record<string, number>,
    conflicts: Number(m[3]),
  };
}
/** These counts, and 0 for every other kind the summary lists (kinds may be added, e.g. venues). */
const only = (summary: Record<string, number>, counts: Record<string, number>) => ({
  ...Object.fromEntries(Object.keys(summary).map((k) => [k, 0])),
  ...counts,
});

const validateScheduleJson = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object);
  addFormats.default(ajv);
  // The schema uses format "color" without defining it; the XSD's hexColor is the definition we honour.
  ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/);
  return ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'schema.json'), 'utf8')) as object);
})();

describe('huiwu CLI on SQLite (HUIWU_DATA_DIR)', { timeout: 120_000 }, () => {
  it('migrate applies every migration to a fresh data dir, then says the database is up to date', async () => {
    const env = { HUIWU_DATA_DIR: dataDir() };
    expect(await huiwu(['migrate'], env)).toEqual({ code: 0, signal: null, stdout: APPLIED_ALL, stderr: '' });
    expect(await huiwu(['migrate'], env)).toEqual({ code: 0, signal: null, stdout: 'database is up to date\n', stderr: '' });
  });

  it('admin create makes one organiser, then refuses the same email and a short password', async () => {
    const env = { HUIWU_DATA_DIR: dataDir() };
    const first = await huiwu(['admin', 'create', '--email', 'a@example.org', '--password', 'long enough pw'], env);
    expect(first).toEqual({ code: 0, signal: null, stdout: 'organiser a@example.org created (user 1)\n', stderr: '' });

    const again = await huiwu(['admin', 'create', '--email', 'a@example.org', '--password', 'long enough pw'], env);
    expect(again).toEqual({ code: 1, signal: null, stdout: '', stderr: 'error: An account with this email already exists. (email)\n' });

    const short = await huiwu(['admin', 'create', '--email', 'b@example.org', '--password', 'short'], env);
    expect([short.code, short.signal, short.stdout]).toEqual([1, null, '']);
    // the detail is zod's wording; what matters is one line naming the field and its minimum
    expect(short.stderr).toMatch(/^error: Invalid value for password: [^\n]*\b10\b[^\n]* \(password\)\n$/);
  });

  it('demo loads wic2017 with published version 1, 45 generated accounts and 6 demo logins, and adds nothing the second time', async () => {
    const dir = dataDir();
    const args = ['demo', '--guests', '30', '--volunteers', '10', '--exhibitors', '5', '--seed', '7'];
    const first = await huiwu(args, { HUIWU_DATA_DIR: dir });
    expect([first.code, first.stdout]).toEqual([0, 'demo event "wic2017" ready; 45 new accounts\n']);
    expect(first.stderr).toContain('45/45');

    const state = async () => {
      const { db } = database(dir);
      const event = await db
        .selectFrom('events')
        .select(['id', 'slug', 'timezone'])
        .where('slug', '=', 'wic2017')
        .executeTakeFirstOrThrow();
      const versions = await db.selectFrom('publications').select('version').where('event_id', '=', event.id).execute();
      const users = await db.selectFrom('users').select(['email', 'password_hash']).execute();
      // the demo organiser runs the whole installation (no event); every other grant is in wic2017
      const grants = await db.selectFrom('role_grants').select(['role', 'event_id']).execute();
      const byRole: Record<string, number> = {};
      for (const g of grants) {
        const key = `${g.role}@${g.event_id === null ? 'installation' : g.event_id === event.id ? 'wic2017' : g.event_id}`;
        byRole[key] = (byRole[key] ?? 0) + 1;
      }
      const demoEmails = new Set(DEMO_ACCOUNTS.map((a) => a.email));
      return {
        timezone: event.timezone,
        versions: versions.map((v) => v.version),
        users: users.length,
        demoLogins: users.filter((u) => demoEmails.has(u.email) && u.password_hash !== null).length,
        generated: users.filter((u) => !demoEmails.has(u.email) && u.password_hash === null).length,
        byRole,
      };
    };
    const expected = {
      timezone: 'Asia/Shanghai',
      versions: [1],
      users: 51,
      demoLogins: 6,
      generated: 45,
      byRole: {
        'organiser@installation': 1,
        'board_chair@wic2017': 1,
        'guest@wic2017': 31,
        'desk_staff@wic2017': 1,
        'gate_staff@wic2017': 1,
        'driver@wic2017': 1,
        'volunteer@wic2017': 10,
        'exhibitor@wic2017': 5,
      },
    };
    expect(await state()).toEqual(expected);

    const second = await huiwu(args, { HUIWU_DATA_DIR: dir });
    expect([second.code, second.stdout]).toEqual([0, 'demo event "wic2017" ready; 0 new accounts\n']);
    expect(await state()).toEqual(expected);
  });

  it('import of the pretalx example creates 36 sessions, 2 rooms, 2 tracks and 27 speakers, and a second import only updates', async () => {
    const dir = dataDir();
    const counts = pretalxCounts();
    expect(counts).toEqual({ rooms: 2, boards: 2, organisations: 0, people: 27, sessions: 36 });

    const first = await huiwu(['import', PRETALX, '--event', 'democon'], { HUIWU_DATA_DIR: dir });
    expect([first.code, first.stderr]).toEqual([0, '']);
    const created = importLine(first.stdout);
    // the example books one speaker into two overlapping talks on 2020-12-16: one genuine conflict
    expect(created).toEqual({ created: only(created.created, counts), updated: only(created.updated, {}), conflicts: 1 });
    expect(Object.keys(created.created)).toEqual(expect.arrayContaining(Object.keys(counts)));

    const again = await huiwu(['import', PRETALX, '--event', 'democon'], { HUIWU_DATA_DIR: dir });
    expect([again.code, again.stderr]).toEqual([0, '']);
    const updated = importLine(again.stdout);
    expect(updated).toEqual({ created: only(updated.created, {}), updated: only(updated.updated, counts), conflicts: 1 });

    const { db } = database(dir);
    const event = await db.selectFrom('events').select(['id', 'timezone']).where('slug', '=', 'democon').executeTakeFirstOrThrow();
    const sessions = await db
      .selectFrom('sessions')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect([event.timezone, Number(sessions.n)]).toEqual(['UTC', 36]);
  });

  it('export writes schedule.xml valid against the XSD, iCalendar in Asia/Shanghai, schedule.json valid against its schema, and refuses an unknown event', async () => {
    const dir = dataDir();
    const env = { HUIWU_DATA_DIR: dir };
    expect((await huiwu(['demo', '--guests', '0', '--volunteers', '0', '--exhibitors', '0'], env)).code).toBe(0);

    const xmlFile = join(dir, 'f.xml');
    expect(await huiwu(['export', '--event', 'wic2017', '--format', 'xml', '--out', xmlFile], env)).toEqual({
      code: 0,
      signal: null,
      stdout: '',
      stderr: '',
    });
    expect(readFileSync(xmlFile, 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<schedule/);
    // in CI a missing xmllint fails here rather than skipping
    if (HAS_XMLLINT || inCI) {
      const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, xmlFile], { encoding: 'utf8' });
      expect([lint.status, lint.stderr.trim()]).toEqual([0, `${xmlFile} validates`]);
    }

    const ics = await huiwu(['export', '--event', 'wic2017', '--format', 'ics'], env);
    expect([ics.code, ics.stderr]).toEqual([0, '']);
    expect(ics.stdout.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(ics.stdout).toContain('DTSTART;TZID=Asia/Shanghai:20171203T090000');

    const jsonFile = join(dir, 'f.json');
    expect((await huiwu(['export', '--event', 'wic2017', '--format', 'json', '--out', jsonFile], env)).code).toBe(0);
    const doc = JSON.parse(readFileSync(jsonFile, 'utf8')) as { schedule: { conference: { acronym: string } } };
    const valid = validateScheduleJson(doc);
    expect(valid ? [] : (validateScheduleJson.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)).toEqual([]);
    expect(doc.schedule.conference.acronym).toBe('wic2017');

    const unknown = await huiwu(['export', '--event', 'no-such-event', '--format', 'json'], env);
    expect(unknown).toEqual({ code: 1, signal: null, stdout: '', stderr: 'error: Not found: event. (event)\n' });
  });

  it('start on an empty data dir serves the demo at the printed URL, lets the printed organiser log in, and exits 0 on SIGTERM', async () => {
    const child = spawnHuiwu(['start'], { HUIWU_DATA_DIR: dataDir(), PORT: '0', HOST: '127.0.0.1' });
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    try {
      // loading 2,900 generated people takes a few seconds; the URL line comes after the server listens
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "Huiwu is running at" line in 90 s\nstdout: ${stdout}\nstderr: ${stderr}`)),
          90_000,
        );
        child.stdout!.setEncoding('utf8').on('data', (d: string) => {
          stdout += d;
          const m = /Huiwu is running at (http:\/\/127\.0\.0\.1:\d+) {2}\(database: sqlite\)/.exec(stdout);
          if (m && stdout.includes('Demo login:')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        void exited.then(({ code, signal }) =>
          reject(new Error(`huiwu start exited early (${code ?? signal})\nstdout: ${stdout}\nstderr: ${stderr}`)),
        );
      });
      expect(stdout).toContain('Loading the WIC 2017 demo event');
      expect(stderr).toContain('2900/2900');

      const health = await fetch(`${url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok', database: 'sqlite', bus: 'memory' }]);

      const events = await fetch(`${url}/api/v1/events`);
      expect(events.status).toBe(200);
      expect(((await events.json()) as { slug: string }[]).map((e) => e.slug)).toEqual(['wic2017']);

      const login = /Demo login: (\S+) \/ (\S+) {2}\(POST (\S+)\)/.exec(stdout);
      expect(login?.[1]).toBe(DEMO_ACCOUNTS[0]!.email);
      expect(login?.[3]).toBe(`${url}/api/v1/auth/login`);
      const res = await fetch(login![3]!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login![1], password: login![2] }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('huiwu_session='))).toBe(true);
      const me = (await res.json()) as { email: string; grants: { role: string }[] };
      expect([me.email, me.grants.map((g) => g.role)]).toEqual([DEMO_ACCOUNTS[0]!.email, ['organiser']]);

      child.kill('SIGTERM');
      const stopped = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
      expect(stopped).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });
});

const pgUrl = inject('pgUrl');

describe.skipIf(!pgUrl)('huiwu CLI on PostgreSQL (HUIWU_DATABASE_URL with a search_path)', { timeout: 120_000 }, () => {
  it('migrates and imports into its own schema, named by ?options=-c search_path=… in the URL', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const url = new URL(pgUrl!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const env = { HUIWU_DATABASE_URL: url.toString(), HUIWU_DATA_DIR: dataDir() };

      expect(await huiwu(['migrate'], env)).toEqual({ code: 0, signal: null, stdout: APPLIED_ALL, stderr: '' });
      expect(await huiwu(['migrate'], env)).toEqual({ code: 0, signal: null, stdout: 'database is up to date\n', stderr: '' });
      const counts = pretalxCounts();
      const imported = await huiwu(['import', PRETALX, '--event', 'democon'], env);
      expect([imported.code, imported.stderr]).toEqual([0, '']);
      const summary = importLine(imported.stdout);
      expect(summary).toEqual({ created: only(summary.created, counts), updated: only(summary.updated, {}), conflicts: 1 });

      // the tables were made in this schema (a URL whose options were ignored would have used public)
      const tables = await admin.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name in ('sessions', 'kysely_migration')`,
        [schema],
      );
      expect(tables.rows[0]?.n).toBe(2);
      const sessions = await admin.query<{ n: number }>(`select count(*)::int as n from ${schema}.sessions`);
      expect(sessions.rows[0]?.n).toBe(36);
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
