import type { SnapshotSession } from '../../src/modules/program/program.schema.js';

/** The starred sessions that overlap a session in time, worked out on the device so it holds offline too. */
export function overlapsOf(session: SnapshotSession, starred: ReadonlySet<number>, sessions: readonly SnapshotSession[]): SnapshotSession[] {
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  return sessions.filter((o) => o.id !== session.id && starred.has(o.id) && Date.parse(o.startsAt) < end && start < Date.parse(o.endsAt));
}
