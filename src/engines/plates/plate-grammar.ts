/**
 * Chinese licence plates as text: normalising what a camera or a person typed, and telling whether it is a plate
 * of the mainland grammar. Pure: no I/O, no model. Plates of other countries are normalised the same way and are
 * simply `valid: false` — a permit may still name one (foreign delegations' cars), matching works on any text.
 */

/** The province (and similar) characters a mainland plate starts with. */
export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Characters a special plate ends with, instead of its fifth serial character. */
export const SUFFIXES = '警学挂领使港澳';

/** Serial characters: Latin letters without I and O (too like 1 and 0), and digits. */
const SERIAL = '[A-HJ-NP-Z0-9]';
const LETTER = '[A-HJ-NP-Z]';
const P = `[${PROVINCES}]`;

export type PlateKind = 'standard' | 'new_energy_small' | 'new_energy_large' | 'special' | 'embassy';
/** What the text alone says of the colour: blue or yellow standard plates read the same. */
export type PlateColour = 'blue_or_yellow' | 'green' | 'yellow' | 'white' | 'black';

export interface PlateGrammar {
  valid: boolean;
  kind?: PlateKind;
  colour?: PlateColour;
  /** the special ending (警, 学, 挂 …) when there is one */
  suffix?: string;
}

const RULES: Array<{ re: RegExp; kind: PlateKind; colour: (suffix?: string) => PlateColour }> = [
  // small new-energy cars: the third character says electric (D, A–E) or hybrid (F, F–K), then one serial and 4 digits
  { re: new RegExp(`^${P}${LETTER}[A-HJK]${SERIAL}\\d{4}$`), kind: 'new_energy_small', colour: () => 'green' },
  // large new-energy vehicles: 5 digits, then D/F (A–K)
  { re: new RegExp(`^${P}${LETTER}\\d{5}[A-HJK]$`), kind: 'new_energy_large', colour: () => 'green' },
  { re: new RegExp(`^${P}${LETTER}${SERIAL}{5}$`), kind: 'standard', colour: () => 'blue_or_yellow' },
  {
    re: new RegExp(`^${P}${LETTER}${SERIAL}{4}([${SUFFIXES}])$`),
    kind: 'special',
    colour: (s) => (s === '警' ? 'white' : s === '学' || s === '挂' ? 'yellow' : 'black'),
  },
  // the older embassy plates: 使 then the mission's 3 digits and the car's 3
  { re: /^使\d{6}$/, kind: 'embassy', colour: () => 'black' },
];

/**
 * One spelling per plate: full-width forms folded (ＡＢ１ → AB1), letters upper-cased, and the separators people
 * and cameras put in (spaces, `·`, `•`, `-`, `.`) dropped.
 */
export function normalisePlate(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s·•・\-.]/gu, '')
    .toUpperCase();
}

/** Whether normalised text is a mainland plate, and of which kind. */
export function parsePlate(text: string): PlateGrammar {
  const plate = normalisePlate(text);
  for (const rule of RULES) {
    const m = rule.re.exec(plate);
    if (!m) continue;
    const suffix = rule.kind === 'special' ? m[1] : undefined;
    return { valid: true, kind: rule.kind, colour: rule.colour(suffix), ...(suffix ? { suffix } : {}) };
  }
  return { valid: false };
}
