import { describe, expect, it } from 'vitest';
import { normalisePlate, parsePlate } from './plate-grammar.js';

describe('normalisePlate', () => {
  it('folds full-width forms, drops separators and upper-cases', () => {
    expect(normalisePlate('浙Ａ·１２３４５')).toBe('浙A12345');
    expect(normalisePlate(' 浙 a-12 345 ')).toBe('浙A12345');
    expect(normalisePlate('京b•d1234.5')).toBe('京BD12345');
  });
});

describe('parsePlate', () => {
  it('reads a standard blue or yellow plate', () => {
    expect(parsePlate('浙F12345')).toEqual({ valid: true, kind: 'standard', colour: 'blue_or_yellow' });
    expect(parsePlate('沪AB12C3')).toEqual({ valid: true, kind: 'standard', colour: 'blue_or_yellow' });
  });
  it('reads small and large green new-energy plates', () => {
    expect(parsePlate('京AD12345')).toEqual({ valid: true, kind: 'new_energy_small', colour: 'green' });
    expect(parsePlate('粤B12345F')).toEqual({ valid: true, kind: 'new_energy_large', colour: 'green' });
  });
  it('reads special endings with their colour', () => {
    expect(parsePlate('浙A1234学')).toEqual({ valid: true, kind: 'special', colour: 'yellow', suffix: '学' });
    expect(parsePlate('浙A1234挂')).toEqual({ valid: true, kind: 'special', colour: 'yellow', suffix: '挂' });
    expect(parsePlate('京A1234警')).toEqual({ valid: true, kind: 'special', colour: 'white', suffix: '警' });
    expect(parsePlate('沪A1234领')).toEqual({ valid: true, kind: 'special', colour: 'black', suffix: '领' });
    expect(parsePlate('使014578')).toEqual({ valid: true, kind: 'embassy', colour: 'black' });
  });
  it('refuses I and O in the letter, an unknown province, wrong lengths and foreign plates', () => {
    expect(parsePlate('浙I12345').valid).toBe(false);
    expect(parsePlate('浙O12345').valid).toBe(false);
    expect(parsePlate('港A12345').valid).toBe(false);
    expect(parsePlate('浙A1234').valid).toBe(false);
    expect(parsePlate('浙A1234567').valid).toBe(false);
    expect(parsePlate('8369FQ').valid).toBe(false);
    expect(parsePlate('').valid).toBe(false);
  });
});
