import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/** Latin form of a name for sorting and search: pinyin for Chinese names, the name itself otherwise. */
export function latinName(name: string): string {
  if (!HAN.test(name)) return name;
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  // Chinese order: family name first, then the given name written as one word.
  const [family = '', ...given] = syllables;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return [cap(family), cap(given.join(''))].filter(Boolean).join(' ');
}

export const sortKey = (latin: string): string => latin.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
