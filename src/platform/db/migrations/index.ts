import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0010 from './0010_platform_outbox_jobs.js';
import * as m0012 from './0012_platform_device_token_kinds.js';
import * as m0014 from './0014_platform_outbox_subscribed.js';

/**
 * The platform's own migrations. 0001_initial landed before modules declared themselves and is frozen whole: it
 * creates the platform's tables (settings, accounts, grants, sessions, tokens, audit) and the first modules' base
 * tables too (ADR 0010). Every later migration lives in the folder of the module (or platform part) it belongs to.
 */
export const platformMigrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0010_platform_outbox_jobs': m0010,
  '0012_platform_device_token_kinds': m0012,
  '0014_platform_outbox_subscribed': m0014,
};
