import { describe, expect, it } from 'vitest';
import type { ProgrammeSnapshot } from '../../src/modules/program/program.schema.js';
import { fold, search } from './search.js';

const person = (id: number, name: string, nameLatin: string) => ({ id, name, nameLatin, organisation: null, title: null, bio: null, photoUrl: null });
const programme = {
  people: [person(1, '林晓明', 'Lin Xiaoming'), person(2, 'Nguyễn Thị Lan', 'Nguyen Thi Lan'), person(3, 'Amelia Hartwell', 'Amelia Hartwell')],
  sessions: [{ id: 10, code: 'F06', title: { zh: '人工智能:让生活更美好', en: 'Artificial intelligence: making life better' } }],
} as unknown as ProgrammeSnapshot;
const names = (q: string) => search(programme, q).people.map((p) => p.id);

describe('attendee search', () => {
  it('folds case, diacritics, spaces and punctuation but keeps Chinese characters', () => {
    expect(fold('Nguyễn Thị  Lan')).toBe('nguyenthilan');
    expect(fold('人工智能:让生活')).toBe('人工智能让生活');
  });

  it('finds a Chinese-named person by pinyin in either order, with or without spaces, or by characters', () => {
    expect(names('linxiaoming')).toEqual([1]);
    expect(names('Xiaoming Lin')).toEqual([1]);
    expect(names('xiao ming')).toEqual([1]);
    expect(names('晓明')).toEqual([1]);
  });

  it('finds a Latin name without its diacritics and a session by either title language or code', () => {
    expect(names('nguyen')).toEqual([2]);
    expect(search(programme, '人工智能').sessions.map((s) => s.id)).toEqual([10]);
    expect(search(programme, 'ARTIFICIAL').sessions.map((s) => s.id)).toEqual([10]);
    expect(search(programme, 'f06').sessions.map((s) => s.id)).toEqual([10]);
    expect(search(programme, '  ')).toEqual({ sessions: [], people: [] });
  });
});
