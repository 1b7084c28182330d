// The vehicles module's face to other modules: permits, cameras, the ANPR device API and passages.
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { VehiclesTables } from './vehicles.tables.js';
import { vehiclesMessages } from './vehicles.messages.js';
import { vehiclesPrivacy } from './vehicles.privacy.js';
export { vehiclesRoutes } from './vehicles.routes.js';
export { anprRoutes, ANPR_DESCRIPTION } from './anpr.routes.js';
export type { PlateReaderPort } from './record-passage.js';
// what vehicles needs of people, supplied by the composition root (ADR 0012)
export { vehicleOwners, type VehicleOwners } from './vehicles.ports.js';

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
export type { VehiclesTables } from './vehicles.tables.js';

/** The vehicles module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<VehiclesTables>()({
  name: 'vehicles',
  tables: ['vehicle_permits', 'cameras', 'vehicle_passages'],
  migrations,
  permissions: {
    // permits, cameras and the passage log (cameras post with the platform's `device.ingest`)
    'vehicles.manage': ['organiser'],
  },
  messages: [vehiclesMessages],
  routes: vehiclesModuleRoutes,
  privacy: vehiclesPrivacy,
});
