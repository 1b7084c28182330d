import type { Actor, Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { badgeEvent, loadBadges } from './badge-data.js';
import type { BadgeOverview, IssueMissingResult, MyBadge } from './badges.schema.js';
import { issueCredential } from './issue-credential.js';

/** Approved guests with a category and where each one's badge stands: issued, printed, collected. */
export async function listBadges(deps: Deps, eventId: number): Promise<Result<BadgeOverview>> {
  const rows = await deps.db
    .selectFrom('guests as g')
    .innerJoin('categories as k', 'k.id', 'g.category_id')
    .leftJoin('credentials as c', (j) => j.onRef('c.guest_id', '=', 'g.id').on('c.revoked_at', 'is', null))
    .select(['g.id', 'g.name', 'g.name_latin', 'g.organisation', 'g.badge_collected_at', 'g.sort_key', 'k.code', 'k.name_zh', 'k.name_en', 'k.color', 'k.position', 'c.id as credentialId', 'c.printed_at'])
    .where('g.event_id', '=', eventId)
    .where('g.status', '=', 'approved')
    .execute();
  rows.sort((a, b) => a.position - b.position || a.sort_key.localeCompare(b.sort_key) || a.id - b.id);
  const guests = rows.map((r) => ({
    guestId: r.id,
    name: r.name,
    nameLatin: r.name_latin,
    organisation: r.organisation,
    category: { code: r.code, name: { zh: r.name_zh, en: r.name_en }, color: r.color },
    credentialId: r.credentialId,
    printedAt: r.printed_at,
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
  const missing = await deps.db
    .selectFrom('guests as g')
    .leftJoin('credentials as c', (j) => j.onRef('c.guest_id', '=', 'g.id').on('c.revoked_at', 'is', null))
    .select('g.id')
    .where('g.event_id', '=', eventId)
    .where('g.status', '=', 'approved')
    .where('g.category_id', 'is not', null)
    .where('c.id', 'is', null)
    .orderBy('g.id')
    .execute();
  const guestIds: number[] = [];
  for (const g of missing) {
    const res = await issueCredential(deps, actor, eventId, g.id, 'issued');
    if (res.ok) guestIds.push(g.id);
  }
  return ok({ issued: guestIds.length, guestIds });
}

/** The caller's own current badge in this event, or 404 no_badge. */
export async function myBadge(deps: Deps, userId: number, eventId: number): Promise<Result<MyBadge>> {
  const guest = await deps.db.selectFrom('guests').select('id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  const [badge] = guest ? await loadBadges(deps, eventId, { guestIds: [guest.id] }) : [];
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
