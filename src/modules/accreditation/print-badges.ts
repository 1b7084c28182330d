import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SYSTEM, emit, type Actor, type Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { guestCategories, isGuestOfEvent, readGuestPhoto } from '../people/index.js';
import { badgeEvent, loadBadges, markPrinted, type BadgeData, type BadgeFilter } from './badge-data.js';
import { badgePdf, badgePdfBuffer, type Progress } from './render-badge.js';

/** A guest's photo, or none when it cannot be read: one unreadable file must not stop 1,500 badges. */
const photoOf = (deps: Deps) => (guestId: number) => readGuestPhoto(deps, guestId).catch(() => null);

/** Records the print: printed_at on each credential (first print only) and one `badge.printed` for the audit log. */
async function recordPrint(deps: Deps, actor: Actor, eventId: number, badges: BadgeData[], via: string): Promise<void> {
  await markPrinted(
    deps,
    badges.map((b) => b.credentialId),
  );
  await emit(deps, actor, eventId, { type: 'badge.printed', payload: { count: badges.length, guestIds: badges.map((b) => b.guestId), via } });
}

/**
 * The badges of these guests (those holding a current credential; others are skipped) as one PDF in memory.
 * For one badge or a small set; a whole event goes through `printBadges`, which streams.
 */
export async function renderBadges(deps: Deps, eventId: number, guestIds: number[], onProgress?: Progress, actor: Actor = SYSTEM): Promise<Buffer> {
  const badges = await loadBadges(deps, eventId, { guestIds });
  const pdf = await badgePdfBuffer(await badgeEvent(deps, eventId), badges, photoOf(deps), onProgress);
  if (badges.length) await recordPrint(deps, actor, eventId, badges, 'pdf');
  return pdf;
}

/** One guest's badge: 404 for a guest of another event, 409 when the guest has no current credential. */
export async function renderGuestBadge(deps: Deps, actor: Actor, eventId: number, guestId: number): Promise<Result<Buffer>> {
  if (!(await isGuestOfEvent(deps.db, eventId, guestId))) return refuse('not_found', 'id');
  const badges = await loadBadges(deps, eventId, { guestIds: [guestId] });
  if (!badges.length) return refuse('no_current_badge', 'id');
  const pdf = await badgePdfBuffer(await badgeEvent(deps, eventId), badges, photoOf(deps));
  await recordPrint(deps, actor, eventId, badges, 'pdf');
  return ok(pdf);
}

/** Which badges a filter selects; refuses an unknown category code. */
export async function selectBadges(deps: Deps, eventId: number, filter: BadgeFilter): Promise<Result<BadgeData[]>> {
  if (filter.category) {
    const [cat] = await guestCategories(deps.db, eventId, { code: filter.category });
    if (!cat) return refuse('not_found', 'category');
  }
  return ok(await loadBadges(deps, eventId, filter));
}

/**
 * Streams the selected badges as one PDF into `out` (a file, the file store), reporting progress per page,
 * and records the print once the last page is written. Answers how many badges it wrote.
 */
export async function printBadges(deps: Deps, actor: Actor, eventId: number, badges: BadgeData[], out: Writable, onProgress?: Progress): Promise<number> {
  const { doc, finished } = badgePdf(await badgeEvent(deps, eventId), badges, photoOf(deps), onProgress);
  const written = pipeline(doc, out);
  try {
    await finished;
  } catch (err) {
    doc.destroy(err as Error);
    await written.catch(() => {});
    throw err;
  }
  await written;
  await recordPrint(deps, actor, eventId, badges, 'batch');
  return badges.length;
}
