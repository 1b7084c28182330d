import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** Invitations: import invitees (CSV/XLSX), templates, sending, the outbox. */
export function invitationsRoutes(_app: App, _deps: Deps): void {}
