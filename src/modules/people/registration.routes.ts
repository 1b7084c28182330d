import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** Registration by invitation link, delegation heads, and the organisers' review. */
export function registrationRoutes(_app: App, _deps: Deps): void {}
