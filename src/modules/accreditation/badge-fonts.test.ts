import { describe, expect, it } from 'vitest';
import { badgeFonts, canWrite, EXTRA_FONT_FILES, fontFor, writable } from './badge-fonts.js';

describe('badge fonts', () => {
  const fonts = badgeFonts();

  it('reads Noto Sans SC as covering Han, kana, Latin with accents and Cyrillic', () => {
    for (const text of ['王小明', '佐藤 さくら', 'Lê Thành Long', 'Élodie Müller', 'Иван Петров']) expect([text, canWrite(fonts.regular, text)]).toEqual([text, true]);
  });

  it('reads Noto Sans SC as lacking Arabic, Hangul, Devanagari and Thai', () => {
    for (const text of ['محمد', '김민준', 'राहुल', 'สมชาย']) expect([text, canWrite(fonts.regular, text)]).toEqual([text, false]);
  });

  it('finds no font for a script that only an optional font covers, unless that font is installed', () => {
    expect(fontFor(fonts, '王小明')?.name).toBe('sc-regular');
    expect(fontFor(fonts, '王小明', true)?.name).toBe('sc-bold');
    if (fonts.extra.length === 0) expect(fontFor(fonts, 'محمد حداد')).toBeNull();
    expect(fonts.extra.length).toBeLessThanOrEqual(EXTRA_FONT_FILES.length);
  });

  it('drops only the characters no loaded font has', () => {
    if (fonts.extra.length === 0) expect(writable(fonts, 'ITU 국제 Union')).toBe('ITU  Union');
    expect(writable(fonts, '中国 ITU')).toBe('中国 ITU');
  });

  it('loads the fonts once per process', () => {
    expect(badgeFonts()).toBe(fonts);
  });
});
