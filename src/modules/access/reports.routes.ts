import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** Live occupancy per zone and session, arrivals, no-shows, CSV. */
export function reportsRoutes(_app: App, _deps: Deps): void {}
