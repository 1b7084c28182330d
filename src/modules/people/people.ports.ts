import type { Queryable } from '../../platform/db/database.js';
import { definePort } from '../../platform/ports.js';

/**
 * What people needs of accreditation above it, which it may not import (ADR 0012, 0013): a guest's current badge
 * credential, which the organisers' guest detail shows. The composition root supplies accreditation's exported
 * read; it takes the caller's connection or transaction.
 */
export interface GuestBadges {
  /** the guest's current (newest unrevoked) credential, or null */
  currentCredential(q: Queryable, guestId: number): Promise<{ id: number; issuedAt: string; expiresAt: string } | null>;
}

export const guestBadges = definePort<GuestBadges>('people.badges');
