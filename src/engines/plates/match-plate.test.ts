import { describe, expect, it } from 'vitest';
import { confusable, matchPlate, plateDistance } from './match-plate.js';

const PERMITS = [
  { id: 1, plate: '浙A12345' },
  { id: 2, plate: '京B80D21' },
  { id: 3, plate: '沪AD55667' },
];
const match = (read: string) => matchPlate(read, PERMITS, (p) => p.plate);

describe('plateDistance', () => {
  it('costs a confusable substitution half of any other edit', () => {
    expect(confusable('0', 'D')).toBe(true);
    expect(confusable('8', 'B')).toBe(true);
    expect(confusable('8', 'Z')).toBe(false);
    expect(plateDistance('浙A12345', '浙A12345')).toBe(0);
    expect(plateDistance('浙A12345', '浙A1Z345')).toBe(0.5);
    expect(plateDistance('浙A12345', '浙A12346')).toBe(1);
    expect(plateDistance('浙A12345', '浙A1234')).toBe(1);
    expect(plateDistance('浙A12345', '浙AI234S')).toBe(1);
  });
});

describe('matchPlate', () => {
  it('matches the same plate written differently exactly', () => {
    expect(match('浙a 12345')).toMatchObject({ kind: 'exact', permit: { id: 1 } });
    expect(match('京Ｂ８０Ｄ２１')).toMatchObject({ kind: 'exact', permit: { id: 2 } });
  });
  it('calls one confusable substitution close: 0/D/Q, 8/B, 2/Z, 1/I, 5/S, 6/G', () => {
    expect(match('京B8DD21')).toMatchObject({ kind: 'close', permit: { id: 2 }, distance: 0.5 });
    expect(match('京BB0D21')).toMatchObject({ kind: 'close', permit: { id: 2 } });
    expect(match('浙A1Z345')).toMatchObject({ kind: 'close', permit: { id: 1 } });
    expect(match('浙AI2345')).toMatchObject({ kind: 'close', permit: { id: 1 } });
    expect(match('浙A1234S')).toMatchObject({ kind: 'close', permit: { id: 1 } });
    expect(match('沪AD55G67')).toMatchObject({ kind: 'close', permit: { id: 3 } });
    expect(match('京B8QD21')).toMatchObject({ kind: 'close', permit: { id: 2 } });
  });
  it('finds no match for another character, two confusions, a missing character or nothing read', () => {
    expect(match('浙A12346')).toEqual({ kind: 'none' });
    expect(match('浙AI234S')).toEqual({ kind: 'none' });
    expect(match('浙A1234')).toEqual({ kind: 'none' });
    expect(match('')).toEqual({ kind: 'none' });
    expect(matchPlate('浙A12345', [], (p: { plate: string }) => p.plate)).toEqual({ kind: 'none' });
  });
  it('lists every close candidate so the officer sees them all', () => {
    const two = matchPlate('浙A1234B', [{ plate: '浙A12348' }, { plate: '浙AI234B' }], (p) => p.plate);
    expect(two).toMatchObject({ kind: 'close', candidates: [{ plate: '浙A12348' }, { plate: '浙AI234B' }] });
  });
});
