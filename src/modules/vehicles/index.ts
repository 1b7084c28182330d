// The vehicles module's face to other modules: permits, cameras, the ANPR device API and passages.
export { vehiclesRoutes } from './vehicles.routes.js';
export { anprRoutes, ANPR_DESCRIPTION } from './anpr.routes.js';
export type { PlateReaderPort } from './record-passage.js';

import type { Deps } from '../../platform/deps.js';
import type { App } from '../../platform/http/types.js';
import { anprRoutes } from './anpr.routes.js';
import { enginePlateReader } from './engine-plate-reader.js';
import { passageStream } from './passage-stream.js';
import { vehiclesRoutes } from './vehicles.routes.js';

/** Every route of the module: one line in the composition root. */
export function vehiclesModuleRoutes(app: App, deps: Deps): void {
  vehiclesRoutes(app, deps);
  anprRoutes(app, deps, enginePlateReader);
  passageStream(app, deps);
}
