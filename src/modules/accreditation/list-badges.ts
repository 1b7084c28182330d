import type { Actor, Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { approvedGuestsWithCategory, guestIdOfUser } from '../people/index.js';
import { badgeEvent, loadBadges } from './badge-data.js';
import type { BadgeOverview, IssueMissingResult, MyBadge } from './badges.schema.js';
import { issueCredential } from './issue-credential.js';

/** The event's current (unrevoked) credentials by guest. */
async function currentCredentials(deps: Pick<Deps, 'db'>, eventId: number): Promise<Map<number, { id: number; printed_at: string | null }>> {
  const rows = await deps.db.selectFrom('credentials').select(['id', 'guest_id', 'printed_at']).where('event_id', '=', eventId).where('revoked_at', 'is', null).orderBy('id').execute();
  return new Map(rows.map((r) => [r.guest_id, r]));
}

/** Approved guests with a category and where each one's badge stands: issued, printed, collected. */
export async function listBadges(deps: Deps, eventId: number): Promise<Result<BadgeOverview>> {
  const [holders, current] = await Promise.all([approvedGuestsWithCategory(deps.db, eventId), currentCredentials(deps, eventId)]);
  const rows = holders.map((g) => ({ ...g, credential: current.get(g.id) }));
  rows.sort((a, b) => a.category_position - b.category_position || a.sort_key.localeCompare(b.sort_key) || a.id - b.id);
  const guests = rows.map((r) => ({
    guestId: r.id,
    name: r.name,
    nameLatin: r.name_latin,
    organisation: r.organisation,
    category: { code: r.category_code, name: { zh: r.category_zh, en: r.category_en }, color: r.category_color },
    credentialId: r.credential?.id ?? null,
    printedAt: r.credential?.printed_at ?? null,
    collectedAt: r.badge_collected_at,
  }));
  return ok({
    counts: {
      approved: guests.length,
      withBadge: guests.filter((g) => g.credentialId !== null).length,
      printed: guests.filter((g) => g.printedAt !== null).length,
      collected: guests.filter((g) => g.collectedAt !== null).length,
    },
    guests,
  });
}

/** Issues a credential to every approved guest with a category who holds none (after approvals in bulk, say). */
export async function issueMissingCredentials(deps: Deps, actor: Actor, eventId: number): Promise<Result<IssueMissingResult>> {
  const [holders, current] = await Promise.all([approvedGuestsWithCategory(deps.db, eventId), currentCredentials(deps, eventId)]);
  const missing = holders.filter((g) => !current.has(g.id)).sort((a, b) => a.id - b.id);
  const guestIds: number[] = [];
  for (const g of missing) {
    const res = await issueCredential(deps, actor, eventId, g.id, 'issued');
    if (res.ok) guestIds.push(g.id);
  }
  return ok({ issued: guestIds.length, guestIds });
}

/** The caller's own current badge in this event, or 404 no_badge. */
export async function myBadge(deps: Deps, userId: number, eventId: number): Promise<Result<MyBadge>> {
  const guestId = await guestIdOfUser(deps.db, eventId, userId);
  const [badge] = guestId !== null ? await loadBadges(deps, eventId, { guestIds: [guestId] }) : [];
  if (!badge) return refuse('no_badge');
  const event = await badgeEvent(deps, eventId);
  return ok({
    payload: badge.payload,
    name: badge.name,
    nameLatin: badge.nameLatin,
    organisation: badge.organisation,
    category: badge.category,
    zones: badge.zones,
    expiresAt: badge.expiresAt,
    event: { slug: event.slug, name: event.name },
  });
}
