import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** Organisers' routes: the network, the fleet, the stop posters and the live view. */
export function cartsAdminRoutes(_app: App, _deps: Deps): void {}
