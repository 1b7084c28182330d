import type { Queryable } from '../../platform/db/database.js';

/** The guest's current (newest unrevoked) credential, or null: what people's guest detail shows (its port, ADR 0013). */
export async function currentCredentialOf(q: Queryable, guestId: number): Promise<{ id: number; issuedAt: string; expiresAt: string } | null> {
  const row = await q
    .selectFrom('credentials')
    .select(['id', 'issued_at', 'expires_at'])
    .where('guest_id', '=', guestId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, issuedAt: row.issued_at, expiresAt: row.expires_at } : null;
}
