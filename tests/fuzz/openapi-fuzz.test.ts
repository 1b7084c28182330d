import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { loadDemoEvent } from '../support/fixtures.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { anyJson, type JsonSchema, type Mode, validOf, valueOf } from './schema-arbitraries.js';

/**
 * A property-based fuzzer over every operation of /api/v1/openapi.json: valid, boundary and invalid values of
 * its path parameters, query and body, odd headers and content types, as anonymous, as the installation's
 * admin and as each demo role, plus HTTP methods no route serves. Every answer must be below 500, have a status
 * the operation's OpenAPI entry declares, and a JSON body matching the schema declared for that status.
 * Seeded (HUIWU_FUZZ_SEED) and bounded (HUIWU_FUZZ_RUNS per operation), so a failure replays exactly.
 */

const SEED = Number(process.env['HUIWU_FUZZ_SEED'] ?? 20171203);
const RUNS = Number(process.env['HUIWU_FUZZ_RUNS'] ?? 5);
const EV_SLUG = 'wic2017';
/** a file to follow the fuzzer's progress in (each operation as it starts, each request when 'requests') */
const TRACE = process.env['HUIWU_FUZZ_TRACE'];
/** only the operations whose `METHOD /path` matches, to replay one */
const ONLY = process.env['HUIWU_FUZZ_ONLY'] ? new RegExp(process.env['HUIWU_FUZZ_ONLY']) : null;
const trace = (line: string) => TRACE && appendFileSync(TRACE, `${new Date().toISOString()} ${line}\n`);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}
interface Identity {
  name: string;
  headers: Record<string, string>;
}

const ACCEPT_LANGUAGES = ['en', 'zh-CN', 'zh;q=0.9, en;q=0.8', 'fr', '*', '', 'en;q=abc', 'zh-Hant-TW'];
const ODD_METHODS = ['QUERY', 'PROPFIND', 'TRACE', 'SEARCH', 'MKCOL', 'LOCK', 'OPTIONS', 'PATCH', 'PUT', 'DELETE'];

function operationsOf(doc: { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })));
}

/** Event streams never end, so inject() would wait forever on a permitted one; they are covered by their own suites. */
const isStream = (op: Operation) => Object.values(op.responses).some((r) => r.content && 'text/event-stream' in r.content);

function pathValue(p: Parameter, mode: Mode): fc.Arbitrary<unknown> {
  if (p.name === 'slug') return fc.oneof({ weight: 6, arbitrary: fc.constant(EV_SLUG) }, { weight: 1, arbitrary: mode === 'valid' ? validOf(p.schema) : valueOf(p.schema, mode) });
  return mode === 'invalid' ? anyJson : valueOf(p.schema, mode);
}

const seedOf = (key: string) => SEED ^ createHash('sha256').update(key).digest().readInt32BE(0);

function buildRequest(op: Operation, identity: Identity, values: { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown }, extra: { language: string; contentType: number; oddHeader: number }) {
  let url = op.path;
  for (const [name, value] of Object.entries(values.path)) url = url.replace(`{${name}}`, encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value)));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values.query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (query.size > 0) url += `?${query.toString()}`;
  const headers: Record<string, string> = { ...identity.headers, 'accept-language': extra.language };
  if (extra.oddHeader === 1) headers['x-request-id'] = '../../etc/passwd\t';
  if (extra.oddHeader === 2) headers['if-none-match'] = '*';
  if (extra.oddHeader === 3) headers['accept-encoding'] = 'gzip, br';
  if (extra.oddHeader === 4) headers['accept'] = 'application/xml';
  let payload: string | Buffer | undefined;
  const json = op.requestBody?.content['application/json'];
  if (values.body !== undefined && op.method !== 'GET') {
    const types = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'image/jpeg', 'multipart/form-data; boundary=x'];
    headers['content-type'] = json ? (extra.contentType < 7 ? 'application/json' : types[extra.contentType % types.length]!) : types[extra.contentType % types.length]!;
    payload = extra.contentType === 9 ? '{"unterminated": ' : JSON.stringify(values.body);
  }
  return { method: op.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) };
}

describe.each(databases())('the API against its own OpenAPI document (%s)', (kind) => {
  let app: TestApp;
  let operations: Operation[];
  let identities: Identity[];
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();

  beforeAll(async () => {
    app = await startTestApp(kind, { HUIWU_FACE_CHECK: 'off' });
    await loadDemoEvent(app);
    const admin = await adminSession(app);
    const sessionHeaders = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
    identities = [
      { name: 'anonymous', headers: {} },
      { name: 'admin', headers: sessionHeaders(admin) },
      { name: 'admin without csrf', headers: { cookie: admin.cookie } },
      { name: 'bearer garbage', headers: { authorization: 'Bearer \u00ffnot-a-token' } },
    ];
    for (const account of DEMO_ACCOUNTS) identities.push({ name: account.role, headers: sessionHeaders(await login(app, account.email, DEMO_PASSWORD)) });
    const device = await call(app, admin, 'POST', `/api/v1/events/${EV_SLUG}/accounts`, { email: 'fuzz-device@wic2017.example.org', displayName: 'Fuzz camera', role: 'device' });
    expect(device.statusCode, device.body).toBe(201);
    identities.push({ name: 'device', headers: { authorization: `Bearer ${device.json<{ token: string }>().token}` } });
    const doc = await app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    operations = operationsOf(doc.json());
  });
  afterAll(async () => {
    await app?.dispose();
  });

  /** What is wrong with an answer, or null when its status and body are what the operation declares. */
  function judge(op: Operation, res: LightMyRequestResponse): string | null {
    if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 300)}`;
    const declared = op.responses[String(res.statusCode)] ?? op.responses['default'];
    if (!declared) return `status ${res.statusCode} is not declared (declared: ${Object.keys(op.responses).join(', ')}) ${res.body.slice(0, 200)}`;
    const schema = declared.content?.['application/json']?.schema;
    const type = String(res.headers['content-type'] ?? '');
    if (!schema || op.method === 'HEAD' || res.body === '' || !type.includes('json')) return null;
    const key = `${op.method} ${op.path} ${res.statusCode}`;
    let validate = validators.get(key);
    if (!validate) validators.set(key, (validate = ajv.compile(schema)));
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return `${res.statusCode} body is not JSON: ${res.body.slice(0, 100)}`;
    }
    if (!validate(body)) return `${res.statusCode} body does not match its schema: ${ajv.errorsText(validate.errors)} ${res.body.slice(0, 200)}`;
    // the database's refusal is the safety net; the schema must have refused first, naming the field
    if ((body as { error?: { code?: string } }).error?.code === 'value_out_of_range') return `the schema let through a value the database cannot store: ${res.body.slice(0, 200)}`;
    return null;
  }

  it(
    'answers every operation with a declared status and schema, never a 5xx, whatever it is sent and by whom',
    async () => {
      const failures: string[] = [];
      for (const op of operations) {
        if (isStream(op) || (ONLY && !ONLY.test(`${op.method} ${op.path}`))) continue;
        // a logout ends the session the later runs need; its own suite covers it
        if (op.path === '/api/v1/auth/logout') continue;
        trace(`${kind} ${op.method} ${op.path}`);
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
        const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
        const bodySchema = op.requestBody?.content['application/json']?.schema;
        const request = fc.constantFrom<Mode>('valid', 'valid', 'boundary', 'invalid').chain((mode) =>
          fc.record({
            mode: fc.constant(mode),
            identity: fc.constantFrom(...identities),
            path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p, mode)]))),
            query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, mode === 'invalid' ? anyJson : valueOf(p.schema, mode)])), { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) }),
            body: bodySchema ? valueOf(bodySchema, mode) : fc.option(anyJson, { nil: undefined, freq: 3 }),
            language: fc.constantFrom(...ACCEPT_LANGUAGES),
            contentType: fc.nat(9),
            oddHeader: fc.nat(8),
          }),
        );
        try {
          await fc.assert(
            fc.asyncProperty(request, async (r) => {
              // renaming the demo event would leave the later runs knocking on a 404
              if (op.path === '/api/v1/events/{slug}' && r.body && typeof r.body === 'object') delete (r.body as Record<string, unknown>)['slug'];
              const req = buildRequest(op, r.identity, r, r);
              trace(`  ${r.mode} ${r.identity.name} ${req.method} ${req.url.slice(0, 200)}`);
              const res = await app.app.inject(req);
              const problem = judge(op, res);
              if (problem) throw new Error(`${r.mode} as ${r.identity.name}: ${req.method} ${req.url.slice(0, 200)} ${req.headers['content-type'] ?? ''}: ${problem}`);
            }),
            { seed: seedOf(`${op.method} ${op.path}`), numRuns: RUNS, endOnFailure: true },
          );
        } catch (err) {
          const cause = (err as { cause?: unknown }).cause;
          failures.push(`${op.method} ${op.path}: ${cause instanceof Error ? cause.message : (err as Error).message.slice(0, 600)}`);
          trace(`FAIL ${failures.at(-1)}`);
        }
      }
      expect(failures).toEqual([]);
    },
    600_000,
  );

  it(
    'answers a method no route serves with 405 (or 404 where no path matches) in the error shape',
    async () => {
      const failures: string[] = [];
      const paths = [...new Set(operations.map((o) => o.path))];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), fc.constantFrom(...ODD_METHODS), fc.constantFrom(...identities), fc.boolean(), async (path, method, identity, withBody) => {
          const served = operations.filter((o) => o.path === path).map((o) => o.method);
          if (served.includes(method)) return;
          const url = path.replace('{slug}', EV_SLUG).replace(/\{[^}]+\}/g, '1');
          const res = await app.app.inject({ method: method as 'GET', url, headers: { ...identity.headers, ...(withBody ? { 'content-type': 'application/json' } : {}) }, ...(withBody ? { payload: '{}' } : {}) });
          const body = res.body ? (JSON.parse(res.body) as { error?: { code?: string } }) : {};
          if (res.statusCode !== 405 || body.error?.code !== 'method_not_allowed' || !res.headers['allow']) failures.push(`${method} ${url} as ${identity.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }),
        { seed: SEED, numRuns: 200 },
      );
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
