import type { Deps } from '../../platform/deps.js';
import type { Db } from '../../platform/db/database.js';
import { sha256 } from '../../platform/auth/principal.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { deskGuestRows } from '../people/index.js';
import type { GuestStatus } from '../people/people.schema.js';
import type { DeskGuest, DeskSearchResult } from './desk.schema.js';

const LIMIT = 50;

/** The desk's view of guests: identity, category, delegation, photo and whether a badge can go out. */
async function deskGuests(db: Db, slug: string, eventId: number, find: Parameters<typeof deskGuestRows>[2], limit: number): Promise<DeskGuest[]> {
  const rows = await deskGuestRows(db, eventId, find, limit);
  const current = await guestsWithCurrentCredential(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nameLatin: r.name_latin,
    organisation: r.organisation,
    title: r.title,
    country: r.country,
    email: r.email,
    status: r.status as GuestStatus,
    category:
      r.category_code !== null
        ? { code: r.category_code, name: { zh: r.category_zh!, en: r.category_en! }, color: r.category_color! }
        : null,
    delegation: r.delegation_code !== null ? { code: r.delegation_code, name: { zh: r.delegation_zh!, en: r.delegation_en! } } : null,
    hasPhoto: r.photo_key !== null,
    photoUrl: `/api/v1/events/${slug}/guests/${r.id}/photo`,
    credentialCurrent: current.has(r.id),
    badgeCollectedAt: r.badge_collected_at,
  }));
}

/** Which of these guests hold a current (unrevoked) credential. */
async function guestsWithCurrentCredential(db: Db, guestIds: number[]): Promise<Set<number>> {
  if (guestIds.length === 0) return new Set();
  const rows = await db.selectFrom('credentials').select('guest_id').where('guest_id', 'in', guestIds).where('revoked_at', 'is', null).execute();
  return new Set(rows.map((r) => r.guest_id));
}

/** One guest as the desk sees it, or null when the id is not a guest of the event. */
export async function deskGuest(deps: Deps, slug: string, eventId: number, guestId: number): Promise<DeskGuest | null> {
  const [guest] = await deskGuests(deps.db, slug, eventId, { guestId }, 1);
  return guest ?? null;
}

/**
 * Finds guests by any part of the name in their own script (李晓明, Müller), the Latin form or sort key in any
 * case and spacing (li xiaoming, LI Xiaoming, lixiaoming), the organisation or the email.
 */
export async function searchAtDesk(deps: Deps, slug: string, eventId: number, q: string): Promise<Result<DeskSearchResult>> {
  const guests = await deskGuests(deps.db, slug, eventId, { text: q }, LIMIT + 1);
  return ok({ guests: guests.slice(0, LIMIT), truncated: guests.length > LIMIT });
}

/** The token inside a scanned invitation QR: the last path segment after /register/, or the text itself. */
export function invitationToken(code: string): string {
  const text = code.trim();
  const at = text.indexOf('/register/');
  if (at < 0) return text;
  return decodeURIComponent(text.slice(at + '/register/'.length).split(/[/?#]/)[0] ?? '');
}

/** The guest a scanned invitation QR belongs to (the event stores only the token's hash). */
export async function findByInvitation(deps: Deps, slug: string, eventId: number, code: string): Promise<Result<DeskGuest>> {
  const token = invitationToken(code);
  if (!token || /\s/.test(token)) return refuse('invitation_unreadable', 'code');
  const [row] = await deskGuests(deps.db, slug, eventId, { inviteHash: sha256(token) }, 1);
  if (!row) return refuse('invitation_unknown', 'code');
  return ok(row);
}
