import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`calendar-feed:${body}`).digest('base64url').slice(0, 32);

/**
 * A private feed URL: user, event and a nonce, signed with the installation secret. Calendar apps cannot
 * log in, so the URL is the credential; rotating the nonce revokes every copy of the old URL.
 */
export async function feedToken(deps: Deps, actor: Actor, userId: number, eventId: number, rotate: boolean): Promise<string> {
  const existing = await deps.db.selectFrom('calendar_feeds').select('nonce').where('user_id', '=', userId).where('event_id', '=', eventId).executeTakeFirst();
  let nonce = existing?.nonce;
  if (!nonce || rotate) {
    nonce = randomBytes(9).toString('base64url');
    await deps.db
      .insertInto('calendar_feeds')
      .values({ user_id: userId, event_id: eventId, nonce, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'event_id']).doUpdateSet({ nonce, created_at: nowIso() }))
      .execute();
    await emit(deps, actor, eventId, { type: existing ? 'agenda.feed_rotated' : 'agenda.feed_created', payload: { userId } });
  }
  const body = `${userId}.${eventId}.${nonce}`;
  return `${body}.${sign(deps.secret, body)}`;
}

export async function verifyFeedToken(deps: Deps, token: string): Promise<{ userId: number; eventId: number } | null> {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [u, e, nonce, mac] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(deps.secret, `${u}.${e}.${nonce}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const userId = Number(u);
  const eventId = Number(e);
  const row = await deps.db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select(['calendar_feeds.nonce', 'users.disabled'])
    .where('calendar_feeds.user_id', '=', userId)
    .where('calendar_feeds.event_id', '=', eventId)
    .executeTakeFirst();
  // a disabled account's feed stops with it
  return row?.nonce === nonce && !row.disabled ? { userId, eventId } : null;
}
