import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { GUEST_CATEGORIES, generatePeople } from './generate-people.js';

const WIC_SCALE = { guests: 1500, volunteers: 1000, exhibitors: 400 };
const people = generatePeople({ ...WIC_SCALE, seed: 2017 });

/** Independent pinyin: family name in surname mode, given name run together, both capitalised. */
const expectedPinyin = (family: string, given: string): string => {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const fam = pinyin(family, { mode: 'surname', toneType: 'none', type: 'array' }).join('');
  const giv = pinyin(given, { toneType: 'none', type: 'array' }).join('');
  return `${cap(fam)} ${cap(giv)}`;
};

describe('generatePeople', () => {
  it('returns identical output for the same seed', () => {
    expect(generatePeople({ ...WIC_SCALE, seed: 2017 })).toEqual(people);
  });

  it('returns different output for a different seed', () => {
    const other = generatePeople({ ...WIC_SCALE, seed: 2018 });
    expect(other.guests.map((g) => g.email)).not.toEqual(people.guests.map((g) => g.email));
    expect(other.exhibitors.map((e) => e.name.en)).not.toEqual(people.exhibitors.map((e) => e.name.en));
  });

  it('generates exactly the requested counts', () => {
    expect([people.guests.length, people.volunteers.length, people.exhibitors.length]).toEqual([1500, 1000, 400]);
    const small = generatePeople({ guests: 3, volunteers: 0, exhibitors: 1, seed: 1 });
    expect([small.guests.length, small.volunteers.length, small.exhibitors.length]).toEqual([3, 0, 1]);
  });

  it('gives every guest, volunteer and exhibitor contact a unique example.org address', () => {
    const emails = [
      ...people.guests.map((g) => g.email),
      ...people.volunteers.map((v) => v.email),
      ...people.exhibitors.map((e) => e.contact.email),
    ];
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.]+@example\.org$/);
  });

  it('transliterates Chinese names with pinyin-pro', () => {
    const chinese = people.guests.filter((g) => g.script === 'Hani');
    expect(chinese.length).toBeGreaterThan(100);
    for (const g of chinese) {
      expect(g.name).toBe(g.familyName + g.givenName);
      expect(g.nameLatin).toBe(expectedPinyin(g.familyName, g.givenName));
    }
    const first = chinese[0];
    expect(first?.sortKey).toBe(pinyin(first?.familyName ?? '', { mode: 'surname', toneType: 'none', type: 'array' }).join(''));
  });

  it('writes compound surnames with their surname readings', () => {
    expect(expectedPinyin('欧阳', '明')).toBe('Ouyang Ming');
    expect(expectedPinyin('曾', '晨')).toBe('Zeng Chen');
  });

  it('has guests in at least 5 scripts and from all 5 continents', () => {
    const scripts = new Set(people.guests.map((g) => g.script));
    expect(scripts.size).toBeGreaterThanOrEqual(5);
    expect([...new Set(people.guests.map((g) => g.continent))].sort()).toEqual(['Africa', 'Americas', 'Asia', 'Europe', 'Oceania']);
    const few = generatePeople({ guests: 20, volunteers: 0, exhibitors: 0, seed: 7 });
    expect(new Set(few.guests.map((g) => g.continent)).size).toBe(5);
  });

  it('fills every guest field: Latin name and sort key, ISO country, category, language, phone', () => {
    for (const g of people.guests) {
      expect(g.nameLatin).toMatch(/^[\p{Script=Latin}' .-]+$/u);
      expect(g.sortKey).toMatch(/^[a-z' -]+$/);
      expect(g.country).toMatch(/^[A-Z]{2}$/);
      expect(GUEST_CATEGORIES).toContain(g.category);
      expect(g.language).toMatch(/^[a-z]{2}$/);
      expect(g.phone).toMatch(/^\+\d{1,3} \d{9,11}$/);
      if (g.delegation !== null) expect(g.delegation).toBe(`DEL-${g.country}`);
    }
    expect(new Set(people.guests.map((g) => g.key)).size).toBe(1500);
    expect(people.guests.filter((g) => g.delegation !== null).length).toBeGreaterThan(50);
    expect(new Set(people.guests.map((g) => g.category)).size).toBe(GUEST_CATEGORIES.length);
  });

  it('makes volunteers mostly Chinese students who speak zh and en', () => {
    const chinese = people.volunteers.filter((v) => v.script === 'Hani');
    expect(chinese.length / people.volunteers.length).toBeGreaterThan(0.8);
    for (const v of people.volunteers) {
      expect(v.languages).toEqual(expect.arrayContaining(['zh', 'en']));
      expect(v.university.zh.length).toBeGreaterThan(0);
      expect(v.phone).toMatch(/^\+86 1\d{10}$/);
    }
  });

  it('gives exhibitors unique bilingual names and unique booths of hall letter plus number', () => {
    const { exhibitors } = people;
    expect(new Set(exhibitors.map((e) => e.name.en)).size).toBe(400);
    expect(new Set(exhibitors.map((e) => e.name.zh)).size).toBe(400);
    expect(new Set(exhibitors.map((e) => e.booth)).size).toBe(400);
    for (const e of exhibitors) expect(e.booth).toMatch(/^[A-E]\d{3}$/);
    expect(new Set(exhibitors.map((e) => e.category)).size).toBe(10);
  });
});
