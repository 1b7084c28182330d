import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { compareFaces, embedFaces, FACE_MATCH_THRESHOLD, FaceEngineError } from '../engines/face/index.js';

/** `huiwu face compare <imageA> <imageB> [--json]` and `huiwu face compare --pairs <pairs.csv> [--json]`. */
export interface FaceCliOptions {
  pairs?: string;
  json?: boolean;
}

export interface FaceCompareResult {
  /** faces found in each image */
  faces: [number, number];
  /** of the largest face of each image; null when an image has no face */
  similarity: number | null;
  match: boolean;
  threshold: number;
}

export interface PairRow extends Partial<FaceCompareResult> {
  a: string;
  b: string;
  error?: { code: string; message: string };
}

class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readImage(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file_not_found' : 'file_unreadable', `${path}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
}

async function descriptorsOf(path: string) {
  try {
    return await embedFaces(await readImage(path));
  } catch (err) {
    if (err instanceof FaceEngineError) throw new InputError(err.code, `${path}: ${err.message}`);
    throw err;
  }
}

export async function comparePaths(a: string, b: string): Promise<FaceCompareResult> {
  const fa = await descriptorsOf(a);
  const fb = await descriptorsOf(b);
  const threshold = FACE_MATCH_THRESHOLD;
  if (!fa[0] || !fb[0]) return { faces: [fa.length, fb.length], similarity: null, match: false, threshold };
  const { similarity, match } = compareFaces(fa[0].descriptor, fb[0].descriptor);
  return { faces: [fa.length, fb.length], similarity: Math.round(similarity * 10_000) / 10_000, match, threshold };
}

const fmt = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s.toFixed(4));

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function comparePairs(csvPath: string, json: boolean): Promise<void> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch {
    fail(`huiwu face compare: cannot read the pairs file ${csvPath}`);
  }
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
  } catch (err) {
    fail(`huiwu face compare: ${csvPath} is not a CSV file (${err instanceof Error ? err.message : String(err)})`);
  }
  if (records.length > 0 && !('a' in records[0]! && 'b' in records[0]!)) fail(`huiwu face compare: ${csvPath} needs the columns a,b`);
  const base = dirname(resolve(csvPath));
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const rows: PairRow[] = [];
  for (const r of records) {
    const a = r['a'] ?? '';
    const b = r['b'] ?? '';
    try {
      rows.push({ a, b, ...(await comparePaths(at(a), at(b))) });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      rows.push({ a, b, faces: undefined, similarity: null, match: false, threshold: FACE_MATCH_THRESHOLD, error: { code: err.code, message: err.message } });
    }
  }
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  console.log(`threshold (similarity): ${FACE_MATCH_THRESHOLD}`);
  console.log(['a', 'b', 'faces', 'similarity', 'match'].join('\t'));
  for (const r of rows) {
    const faces = r.faces ? `${r.faces[0]}/${r.faces[1]}` : '—';
    console.log([r.a, r.b, faces, fmt(r.similarity), r.error ? `error: ${r.error.code}` : r.match ? 'yes' : 'no'].join('\t'));
  }
}

export async function runFace(action: string, images: string[], opts: FaceCliOptions): Promise<void> {
  if (action !== 'compare') fail(`huiwu face: unknown action "${action}" (known: compare)`);
  if (opts.pairs !== undefined) {
    if (images.length > 0) fail('huiwu face compare: give either two images or --pairs <csv>, not both');
    await comparePairs(opts.pairs, opts.json === true);
    return;
  }
  if (images.length !== 2) fail('huiwu face compare: give two images (huiwu face compare <imageA> <imageB>) or --pairs <csv>');
  let r: FaceCompareResult;
  try {
    r = await comparePaths(images[0]!, images[1]!);
  } catch (err) {
    if (err instanceof InputError) fail(`huiwu face compare: ${err.message} [${err.code}]`);
    throw err;
  }
  if (opts.json) {
    console.log(JSON.stringify(r));
    return;
  }
  console.log(`faces: ${r.faces[0]} in ${images[0]}, ${r.faces[1]} in ${images[1]}`);
  console.log(`similarity: ${fmt(r.similarity)} (threshold ${r.threshold})`);
  console.log(`match: ${r.match ? 'yes' : 'no'}${r.similarity === null ? ' (no face on one side)' : ''}`);
}
