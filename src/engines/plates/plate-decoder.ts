/**
 * Decoding a text recogniser's per-step class probabilities (CTC) under the Chinese plate grammar. Instead of
 * taking the most likely class at each step and hoping the result is a plate, the decoder searches the best CTC
 * path whose label sequence IS a plate: a province character, a letter without I and O, then 5 serial characters
 * (the last may be 警/学/挂/领/港/澳), or 6 for the green new-energy plates, or 使 and 6 digits. A glyph the
 * recogniser half-confuses (0/D, 8/B) is then settled by what the grammar allows at that place. Pure: no model.
 */

/** The 31 provincial-level characters a mainland plate starts with. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Endings of special plates (police, driving school, trailer, consulate, Hong Kong / Macau cross-border). */
export const PLATE_ENDINGS = '警学挂领港澳';
/** Letters allowed after the province character: A–Z without I and O. */
export const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PLATE_DIGITS = '0123456789';
/** Serial characters: letters without I and O, and digits. */
export const PLATE_SERIAL = PLATE_LETTERS + PLATE_DIGITS;
/** Separators a recogniser reads on a plate (the dot after the city letter, spaces): they count as "no character". */
export const PLATE_SEPARATORS = ' ·•・.-_:：,，、。';

/** One plate shape: the characters allowed at each place. */
export type PlateTemplate = readonly string[];

/** Blue and yellow plates (and the special endings), green new-energy plates, embassy plates. */
export const PLATE_TEMPLATES: readonly PlateTemplate[] = [
  [PLATE_PROVINCES, PLATE_LETTERS, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL + PLATE_ENDINGS],
  [PLATE_PROVINCES, PLATE_LETTERS, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL, PLATE_SERIAL],
  ['使', PLATE_DIGITS, PLATE_DIGITS, PLATE_DIGITS, PLATE_DIGITS, PLATE_DIGITS, PLATE_DIGITS],
];

/** Per-step probabilities: `steps` rows of `classes` values (softmax output), row-major. */
export interface StepProbabilities {
  data: Float32Array;
  steps: number;
  classes: number;
}

/** The recogniser's labels: class 0 is the CTC blank, class i ≥ 1 is `labels[i - 1]`. */
export interface Vocabulary {
  /** class index of each character the grammar can use; absent characters are simply never produced */
  indexOf: ReadonlyMap<string, number>;
  /** classes folded into the blank: separators */
  blankLike: readonly number[];
}

export function makeVocabulary(labels: readonly string[]): Vocabulary {
  const indexOf = new Map<string, number>();
  labels.forEach((ch, i) => {
    if (!indexOf.has(ch)) indexOf.set(ch, i + 1);
  });
  const blankLike = [...PLATE_SEPARATORS].map((ch) => indexOf.get(ch)).filter((i): i is number => i !== undefined);
  return { indexOf, blankLike };
}

export interface DecodedPlate {
  text: string;
  /** geometric mean of each character's peak probability along the path */
  confidence: number;
  /** the weakest character's peak probability */
  weakest: number;
  /** mean log-probability per step of the whole path (blanks included): comparable across templates */
  score: number;
}

const FLOOR = 1e-12;

/** Best CTC path of one template (Viterbi), or null when a place has no character the recogniser knows. */
export function decodeTemplate(probs: StepProbabilities, vocab: Vocabulary, template: PlateTemplate): DecodedPlate | null {
  const { data, steps: T, classes: C } = probs;
  const K = template.length;
  if (T < K) return null;
  const slotClasses: number[][] = template.map((chars) => [
    ...new Set([...chars].map((ch) => vocab.indexOf.get(ch)).filter((i): i is number => i !== undefined)),
  ]);
  if (slotClasses.some((s) => s.length === 0)) return null;
  // state layout: [blank before slot 0] then per slot k: its characters, then the blank after it
  const charBase: number[] = [];
  const blankAfter: number[] = [];
  let n = 1;
  for (let k = 0; k < K; k++) {
    charBase.push(n);
    n += slotClasses[k]!.length;
    blankAfter.push(n);
    n += 1;
  }
  const S = n;
  const logBlank = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let b = data[t * C]!;
    for (const i of vocab.blankLike) b += data[t * C + i]!;
    logBlank[t] = Math.log(Math.max(b, FLOOR));
  }
  const lp = (t: number, cls: number): number => Math.log(Math.max(data[t * C + cls]!, FLOOR));
  let prev = new Float64Array(S).fill(-Infinity);
  let cur = new Float64Array(S);
  const back = new Int32Array(T * S).fill(-1);
  prev[0] = logBlank[0]!;
  slotClasses[0]!.forEach((cls, j) => (prev[charBase[0]! + j] = lp(0, cls)));
  for (let t = 1; t < T; t++) {
    cur.fill(-Infinity);
    const row = t * S;
    cur[0] = prev[0]! + logBlank[t]!;
    back[row] = 0;
    for (let k = 0; k < K; k++) {
      const cls = slotClasses[k]!;
      const base = charBase[k]!;
      // entering slot k: from the blank before it, or straight from a different character of slot k - 1
      const blankBefore = k === 0 ? 0 : blankAfter[k - 1]!;
      let best1 = -Infinity;
      let best1State = -1;
      let best1Cls = -1;
      let best2 = -Infinity;
      let best2State = -1;
      if (k > 0) {
        const pc = slotClasses[k - 1]!;
        const pb = charBase[k - 1]!;
        for (let j = 0; j < pc.length; j++) {
          const v = prev[pb + j]!;
          if (v > best1) {
            best2 = best1;
            best2State = best1State;
            best1 = v;
            best1State = pb + j;
            best1Cls = pc[j]!;
          } else if (v > best2) {
            best2 = v;
            best2State = pb + j;
          }
        }
      }
      for (let j = 0; j < cls.length; j++) {
        const s = base + j;
        let v = prev[s]!;
        let from = s;
        if (prev[blankBefore]! > v) {
          v = prev[blankBefore]!;
          from = blankBefore;
        }
        const direct = cls[j] === best1Cls ? best2 : best1;
        const directState = cls[j] === best1Cls ? best2State : best1State;
        if (direct > v) {
          v = direct;
          from = directState;
        }
        if (v > -Infinity) {
          cur[s] = v + lp(t, cls[j]!);
          back[row + s] = from;
        }
      }
      // the blank after slot k: stay, or leave one of its characters
      const ba = blankAfter[k]!;
      let v = prev[ba]!;
      let from = ba;
      for (let j = 0; j < cls.length; j++) {
        if (prev[base + j]! > v) {
          v = prev[base + j]!;
          from = base + j;
        }
      }
      if (v > -Infinity) {
        cur[ba] = v + logBlank[t]!;
        back[row + ba] = from;
      }
    }
    [prev, cur] = [cur, prev];
  }
  // end in the last slot's characters or the blank after it
  let end = blankAfter[K - 1]!;
  const lastBase = charBase[K - 1]!;
  for (let j = 0; j < slotClasses[K - 1]!.length; j++) if (prev[lastBase + j]! > prev[end]!) end = lastBase + j;
  const total = prev[end]!;
  if (!Number.isFinite(total)) return null;
  // walk back, keeping each character's peak probability
  const stateAt = new Int32Array(T);
  let s = end;
  for (let t = T - 1; t >= 0; t--) {
    stateAt[t] = s;
    if (t > 0) s = back[t * S + s]!;
  }
  const slotOf = (state: number): { k: number; cls: number } | null => {
    for (let k = 0; k < K; k++) {
      const base = charBase[k]!;
      if (state >= base && state < blankAfter[k]!) return { k, cls: slotClasses[k]![state - base]! };
    }
    return null;
  };
  const chars: string[] = new Array<string>(K).fill('');
  const peaks: number[] = new Array<number>(K).fill(0);
  const labelOf = new Map<number, string>();
  for (const [ch, i] of vocab.indexOf) labelOf.set(i, ch);
  for (let t = 0; t < T; t++) {
    const at = slotOf(stateAt[t]!);
    if (!at) continue;
    chars[at.k] = labelOf.get(at.cls) ?? '';
    peaks[at.k] = Math.max(peaks[at.k]!, data[t * C + at.cls]!);
  }
  const confidence = Math.exp(peaks.reduce((a, p) => a + Math.log(Math.max(p, FLOOR)), 0) / K);
  return { text: chars.join(''), confidence, weakest: Math.min(...peaks), score: total / T };
}

/** The best plate over all templates (highest path score), or null when none can be decoded. */
export function decodePlate(
  probs: StepProbabilities,
  vocab: Vocabulary,
  templates: readonly PlateTemplate[] = PLATE_TEMPLATES,
): DecodedPlate | null {
  let best: DecodedPlate | null = null;
  for (const tpl of templates) {
    const d = decodeTemplate(probs, vocab, tpl);
    if (d && (!best || d.score > best.score)) best = d;
  }
  return best;
}

/** Plain CTC greedy decoding (argmax per step, repeats merged, blanks dropped): what the recogniser reads freely. */
export function decodeGreedy(probs: StepProbabilities, labels: readonly string[]): { text: string; confidence: number } {
  const { data, steps: T, classes: C } = probs;
  let text = '';
  let last = 0;
  let logSum = 0;
  let count = 0;
  for (let t = 0; t < T; t++) {
    let arg = 0;
    let max = -1;
    for (let c = 0; c < C; c++) {
      const v = data[t * C + c]!;
      if (v > max) {
        max = v;
        arg = c;
      }
    }
    if (arg !== 0 && arg !== last) {
      text += labels[arg - 1] ?? '';
      logSum += Math.log(Math.max(max, FLOOR));
      count++;
    }
    last = arg;
  }
  return { text, confidence: count === 0 ? 0 : Math.exp(logSum / count) };
}
