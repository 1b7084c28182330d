import { z } from 'zod';

/** Where a guest stands between invitation and badge. */
export const GUEST_STATUSES = ['invited', 'registered', 'changes_requested', 'approved', 'rejected', 'cancelled'] as const;
export const GuestStatus = z.enum(GUEST_STATUSES);
export type GuestStatus = z.infer<typeof GuestStatus>;

/** The language a guest's messages are written in. */
export const GuestLanguage = z.enum(['zh', 'en']);
export type GuestLanguage = z.infer<typeof GuestLanguage>;
