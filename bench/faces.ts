import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FACES_ROOT } from '../tests/support/faces.js';
import { embedFaces, FACE_MATCH_DISTANCE, FACE_MATCH_THRESHOLD, faceDistance, FaceIndex, warmFaceEngine } from '../src/engines/face/index.js';

/**
 * The face engine's bench (BENCH_ONLY=faces) on the face photos kept beside the repository (tests/support/faces.ts): every same-identity pair of the
 * aligned crops as genuine, every cross-identity pair as impostor; TAR/FAR at the fixed threshold and TAR at
 * FAR 1 % and 0.1 % from the distance ranking; detect+embed time on 640×480 and 1920×1080 frames made from the
 * group scenes; 1:N search time over 10,000 enrolled descriptors.
 */

const FACES = `${FACES_ROOT}/`;

interface Rate {
  accepted: number;
  of: number;
  rate: number;
}

interface FrameTiming {
  frame: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  facesPerFrame: number[];
}

export type FacesResult =
  | { skipped: string }
  | {
      crops: number;
      noFace: string[];
      threshold: { distance: number; similarity: number };
      atFixedThreshold: { tar: Rate; far: Rate };
      /** the same pairs with each crop framed as a gate camera sees it (one face on 640×480), tiny detector */
      gateFramesTiny: { noFace: number; tar: Rate; far: Rate };
      /** from the ranking: the largest distance cut whose FAR stays at or under the target */
      atFar: Array<{ far: number; distanceCut: number; tar: Rate; farReached: Rate }>;
      frames: FrameTiming[];
      search: { enrolled: number; probes: number; medianMs: number; p99Ms: number; correct: number };
    };

const rate = (accepted: number, of: number): Rate => ({ accepted, of, rate: of === 0 ? 0 : accepted / of });
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function frame(scene: string, width: number, height: number): Promise<Buffer> {
  // the whole scene fitted into the frame, the rest padded with a flat colour, as a camera's letterbox would be
  return sharp(scene).resize(width, height, { fit: 'contain', background: { r: 40, g: 40, b: 40 } }).jpeg({ quality: 90 }).toBuffer();
}

/** the gate case: one person in front of the station's camera, a 150 px face on a 640×480 frame */
function gateFrame(file: string): Promise<Buffer> {
  return sharp(join(FACES, file))
    .removeAlpha()
    .extend({ top: 120, bottom: 210, left: 245, right: 245, background: { r: 90, g: 100, b: 110 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function pairDistances(crops: Array<{ id: string }>, desc: Array<Float32Array | null>): { genuine: number[]; impostor: number[] } {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < crops.length; i++) {
    for (let j = i + 1; j < crops.length; j++) {
      const a = desc[i];
      const b = desc[j];
      // a crop without a face can match nothing: its pairs count, as rejections
      const d = a && b ? faceDistance(a, b) : Infinity;
      (crops[i]!.id === crops[j]!.id ? genuine : impostor).push(d);
    }
  }
  return { genuine, impostor };
}

export async function benchFaces(log: (line: string) => void): Promise<FacesResult> {
  const csv = join(FACES, 'identities.csv');
  if (!existsSync(csv)) return { skipped: `${FACES} absent` };
  const rows = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const crops = rows.filter(([, id]) => !id!.startsWith('MULTI:')).map(([file, id]) => ({ file: file!, id: id! }));
  const scenes = rows.filter(([, id]) => id!.startsWith('MULTI:')).map(([file]) => join(FACES, file!));
  await warmFaceEngine();

  log(`faces: embedding ${crops.length} crops`);
  const desc: Array<Float32Array | null> = [];
  for (const c of crops) desc.push((await embedFaces(readFileSync(join(FACES, c.file))))[0]?.descriptor ?? null);
  const { genuine, impostor } = pairDistances(crops, desc);
  impostor.sort((x, y) => x - y);
  const below = (xs: number[], t: number) => xs.filter((d) => d < t).length;
  const atFar = [0.01, 0.001].map((far) => {
    const allowed = Math.floor(far * impostor.length + 1e-9);
    const cut = impostor[allowed] ?? Infinity; // accept d < cut: exactly `allowed` impostors (ties aside)
    return { far, distanceCut: cut, tar: rate(below(genuine, cut), genuine.length), farReached: rate(below(impostor, cut), impostor.length) };
  });

  log('faces: timing detect+embed on frames');
  const frames: FrameTiming[] = [];
  const gate = await Promise.all(crops.filter((_, i) => i % 5 === 0).map((c) => gateFrame(c.file)));
  for (const [label, w, h, detector] of [
    ['640×480, 1 face', 640, 480, 'ssd'],
    ['640×480, 1 face, tiny', 640, 480, 'tiny'],
    ['640×480', 640, 480, 'ssd'],
    ['640×480, tiny', 640, 480, 'tiny'],
    ['1920×1080', 1920, 1080, 'ssd'],
    ['1920×1080, tiny', 1920, 1080, 'tiny'],
  ] as const) {
    const images = label.includes('1 face') ? gate : await Promise.all(scenes.map((s) => frame(s, w, h)));
    const ms: number[] = [];
    const counts: number[] = [];
    for (let round = 0; round < 15 / images.length; round++) {
      for (const img of images) {
        const t0 = performance.now();
        const found = await embedFaces(img, { detector });
        ms.push(performance.now() - t0);
        if (round === 0) counts.push(found.length);
      }
    }
    frames.push({ frame: label, runs: ms.length, medianMs: quantile(ms, 0.5), p90Ms: quantile(ms, 0.9), facesPerFrame: counts });
  }

  log('faces: the same pairs on gate frames with the tiny detector');
  const tinyDesc: Array<Float32Array | null> = [];
  for (const c of crops) tinyDesc.push((await embedFaces(await gateFrame(c.file), { detector: 'tiny' }))[0]?.descriptor ?? null);
  const tinyPairs = pairDistances(crops, tinyDesc);

  log('faces: 1:N over 10,000 enrolled');
  const index = new FaceIndex<string>(10_000);
  const real = desc.map((d, i) => ({ d, id: crops[i]!.id })).filter((x): x is { d: Float32Array; id: string } => x.d !== null);
  const people = [...new Set(real.map((r) => r.id))];
  for (const id of people) index.add(id, real.find((r) => r.id === id)!.d);
  let seed = 7;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  while (index.size < 10_000) {
    const v = Float32Array.from({ length: 128 }, rand);
    const norm = Math.hypot(...v);
    index.add(`random-${index.size}`, v.map((x) => x / norm));
  }
  const probes = real.filter((r, i) => real.findIndex((x) => x.id === r.id) !== i); // not the enrolled crop
  const times: number[] = [];
  let correct = 0;
  for (let round = 0; round < 10; round++) {
    for (const p of probes) {
      const t0 = performance.now();
      const r = index.identify(p.d, 2);
      times.push(performance.now() - t0);
      if (round === 0 && r.match && r.best?.key === p.id) correct++;
    }
  }
  return {
    crops: crops.length,
    noFace: crops.filter((_, i) => desc[i] === null).map((c) => c.file),
    threshold: { distance: FACE_MATCH_DISTANCE, similarity: FACE_MATCH_THRESHOLD },
    atFixedThreshold: { tar: rate(below(genuine, FACE_MATCH_DISTANCE), genuine.length), far: rate(below(impostor, FACE_MATCH_DISTANCE), impostor.length) },
    gateFramesTiny: {
      noFace: tinyDesc.filter((d) => d === null).length,
      tar: rate(below(tinyPairs.genuine, FACE_MATCH_DISTANCE), tinyPairs.genuine.length),
      far: rate(below(tinyPairs.impostor, FACE_MATCH_DISTANCE), tinyPairs.impostor.length),
    },
    atFar,
    frames,
    search: { enrolled: index.size, probes: probes.length, medianMs: quantile(times, 0.5), p99Ms: quantile(times, 0.99), correct },
  };
}

const pct = (r: Rate) => `${(100 * r.rate).toFixed(2)} % (${r.accepted}/${r.of})`;

export function facesTable(r: FacesResult): string {
  if ('skipped' in r) return `Faces: skipped (${r.skipped})`;
  const lines = [
    `Faces: @vladmandic/face-api on tfjs WASM, ${r.crops} crops, threshold fixed at distance ${r.threshold.distance} (similarity ${r.threshold.similarity})${r.noFace.length ? `; no face in ${r.noFace.join(', ')}` : ''}`,
    `  ${'at the fixed threshold'.padEnd(37)}TAR ${pct(r.atFixedThreshold.tar)}   FAR ${pct(r.atFixedThreshold.far)}`,
    `  ${'gate frames, tiny detector, fixed'.padEnd(37)}TAR ${pct(r.gateFramesTiny.tar)}   FAR ${pct(r.gateFramesTiny.far)}; no face in ${r.gateFramesTiny.noFace}`,
    ...r.atFar.map(
      (a) => `  ${`TAR at FAR ≤ ${(100 * a.far).toFixed(1)} %`.padEnd(37)}TAR ${pct(a.tar)}   FAR ${pct(a.farReached)} (distance cut ${a.distanceCut.toFixed(3)})`,
    ),
    ...r.frames.map((f) => `  ${`detect+embed ${f.frame}`.padEnd(37)}median ${f.medianMs.toFixed(0)} ms, p90 ${f.p90Ms.toFixed(0)} ms over ${f.runs} runs; faces per frame ${f.facesPerFrame.join(' ')}`),
    `  ${`1:N over ${r.search.enrolled} enrolled`.padEnd(37)}median ${r.search.medianMs.toFixed(2)} ms, p99 ${r.search.p99Ms.toFixed(2)} ms; ${r.search.correct}/${r.search.probes} probes identified`,
  ];
  return lines.join('\n');
}
