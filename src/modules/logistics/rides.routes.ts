import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** The guest's call (public stops, call, follow, cancel) and the driver station. */
export function cartsRideRoutes(_app: App, _deps: Deps): void {}
