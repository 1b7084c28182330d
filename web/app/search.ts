import type { ProgrammeSnapshot, SnapshotPerson, SnapshotSession } from '../../src/modules/program/program.schema.js';

/**
 * Folds text for matching: case, diacritics (Nguyễn → nguyen, Atlântico → atlantico), spaces and punctuation
 * all drop out, so "linxiaoming", "Lin Xiaoming" and "lin xiao ming" are one query. CJK characters stay as they are.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Pinyin comes from the server (nameLatin), so either order of a Chinese name's syllables matches. */
function personKeys(p: SnapshotPerson): string[] {
  const words = p.nameLatin.split(/\s+/).filter(Boolean);
  return [p.name, p.nameLatin, [...words].reverse().join(' ')].map(fold);
}

function sessionKeys(s: SnapshotSession): string[] {
  return [s.title.zh, s.title.en, s.code].map(fold);
}

export interface SearchResult {
  sessions: SnapshotSession[];
  people: SnapshotPerson[];
}

/** Sessions whose title (either language) or code, and people whose name or transliteration, contain the query. */
export function search(programme: ProgrammeSnapshot, query: string): SearchResult {
  const q = fold(query);
  if (!q) return { sessions: [], people: [] };
  const people = programme.people.filter((p) => personKeys(p).some((k) => k.includes(q)));
  const sessions = programme.sessions.filter((s) => sessionKeys(s).some((k) => k.includes(q)));
  return { sessions, people };
}
