import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';

/** The badge desk: find a guest, scan the invitation QR, check the photo, hand out the badge. */
export function deskRoutes(_app: App, _deps: Deps): void {}
