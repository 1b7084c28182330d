/** Wall-clock parts of an instant in a time zone. */
function wallParts(ms: number, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local value ("YYYY-MM-DDTHH:mm") on the event's clock. */
export function toLocalInput(iso: string, timeZone: string): string {
  const p = wallParts(Date.parse(iso), timeZone);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}`;
}

/** A datetime-local value read on the event's clock, as an ISO UTC instant (a second pass settles DST edges). */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = wallParts(guess, timeZone);
    const seen = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
    guess += wall - seen;
  }
  return new Date(guess).toISOString();
}
