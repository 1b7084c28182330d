import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** Accreditation rules: categories with zone windows, individual grants and bans, gates. */
export function accreditationRoutes(_app: App, _deps: Deps): void {}
