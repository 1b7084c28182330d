import fc from 'fast-check';

/** The part of JSON Schema (2020-12, as the OpenAPI document of the API writes it) the generators understand. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

const INT4_MAX = 2_147_483_647;
/** Values at and past the edges every route must survive: a coded 4xx at worst, never a 5xx. */
export const BOUNDARY_VALUES: readonly unknown[] = [
  INT4_MAX,
  INT4_MAX + 1,
  2 ** 53,
  -(INT4_MAX + 2),
  0,
  -1,
  1.5,
  1e300,
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x'.repeat(5000),
  '\u202e\u{1F600}\uFEFF',
  '１２３',
  "'; drop table events; --",
  '&mdash; <b>&amp;</b>',
  '0001-01-01',
  '9999-12-31',
  '2100-01-01T00:00:00Z',
  '0000-00-00T00:00:00Z',
  null,
  true,
  [],
  {},
];

/** Small ids hit the demo's rows; the rest reach every branch of the bounds. */
const idLike = (min: number, max: number) =>
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: Math.max(min, 1), max: Math.max(Math.min(max, 60), Math.max(min, 1)) }) }, { weight: 1, arbitrary: fc.integer({ min, max }) });

const DATE_MIN = new Date('2015-01-01T00:00:00Z');
const DATE_MAX = new Date('2021-12-31T23:59:59Z');
const instant = fc.date({ min: DATE_MIN, max: DATE_MAX, noInvalidDate: true }).map((d) => d.toISOString());

/** The characters of a regular-expression class body such as `A-Za-z0-9_-`. */
function expandClass(body: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) chars.push(body[++i]!);
    else if (body[i + 1] === '-' && i + 2 < body.length) {
      for (let code = c.charCodeAt(0); code <= body.charCodeAt(i + 2); code++) chars.push(String.fromCharCode(code));
      i += 2;
    } else chars.push(c);
  }
  return chars;
}

function text(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40));
  switch (schema.format) {
    case 'date-time':
      return instant;
    case 'date':
      return instant.map((s) => s.slice(0, 10));
    case 'email':
      return fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/).map((s) => `${s}@fuzz.example.org`);
    case 'uuid':
      return fc.uuid();
    case 'uri':
      return fc.stringMatching(/^[a-z]{1,12}$/).map((s) => `https://fuzz.example.org/${s}`);
  }
  if (schema.pattern) {
    // `^[A-Za-z0-9_-]+$` with lengths: characters of the class, as many as the lengths allow
    const charClass = /^\^\[([^\]]+)\][+*]\$$/.exec(schema.pattern)?.[1];
    if (charClass) return fc.string({ unit: fc.constantFrom(...expandClass(charClass)), minLength: Math.max(min, 1), maxLength: Math.max(max, 1) });
    // any other pattern: what it matches, left to the server to refuse when a length bound is missed
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => !s.includes('\u0000'));
  }
  const unit = fc.oneof(fc.constantFrom(...'abcXYZ019 -_.会务乌镇'.split('')), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
  return fc.string({ unit, minLength: min, maxLength: max }).filter((s) => !s.includes('\u0000') && s.length >= min && s.length <= (schema.maxLength ?? Infinity));
}

function integer(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -INT4_MAX - 1);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : INT4_MAX);
  return idLike(Math.max(min, Number.MIN_SAFE_INTEGER), Math.min(max, Number.MAX_SAFE_INTEGER));
}

/** Values the schema accepts (as far as a generator can tell; the server's zod schema has the last word). */
export function validOf(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validOf(s, depth)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => validOf({ ...schema, type }, depth)));
  switch (schema.type) {
    case 'string':
      return text(schema);
    case 'integer':
      return integer(schema);
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, depth > 2 ? minLength : 3));
      return fc.array(validOf(schema.items ?? {}, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const props = schema.properties ?? {};
      if (Object.keys(props).length === 0 && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(schema.propertyNames ? text(schema.propertyNames) : text({ maxLength: 10 }), validOf(schema.additionalProperties, depth + 1), { maxKeys: 3 });
      }
      const record = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, validOf(s, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
  }
  return fc.jsonValue({ maxDepth: 1 });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a value a boundary can go: the value itself, and each property and item within. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return here;
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, replacement) };
}

/** A valid value with one place (or the whole) swapped for a boundary value. */
export function boundaryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.tuple(validOf(schema), fc.nat(), fc.constantFrom(...BOUNDARY_VALUES)).map(([value, at, boundary]) => {
    const all = paths(value);
    const deepest = all.filter((p) => p.length > 0);
    const choice = deepest.length > 0 ? deepest[at % deepest.length]! : [];
    return replaceAt(value, choice, boundary);
  });
}

/** Any JSON at all, for the routes to refuse. */
export const anyJson: fc.Arbitrary<Json> = fc.oneof(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, fc.constantFrom(...(BOUNDARY_VALUES as Json[])));

export type Mode = 'valid' | 'boundary' | 'invalid';
export function valueOf(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  return mode === 'valid' ? validOf(schema) : mode === 'boundary' ? boundaryOf(schema) : anyJson;
}
