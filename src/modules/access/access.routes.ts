import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** The station API: gate bundle and scans. */
export function accessRoutes(_app: App, _deps: Deps): void {}
