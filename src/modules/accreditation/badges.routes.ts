import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** Badges: credentials, badge PDFs (one and batch), reprint, the guest's own badge. */
export function badgesRoutes(_app: App, _deps: Deps): void {}
