// The logistics module's face to other modules: sightseeing carts (network, fleet, rides, drivers, live view).
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { LogisticsTables } from './logistics.tables.js';
import { cartsAdminRoutes } from './carts-admin.routes.js';
import { cartsRideRoutes } from './rides.routes.js';
import { cartsMessages } from './carts.messages.js';
import { ridesMessages } from './rides.messages.js';
import { logisticsPrivacy } from './logistics.privacy.js';
import { handleCartRounds } from './reoptimise-carts.js';
export { cartsAdminRoutes } from './carts-admin.routes.js';
export { cartsRideRoutes } from './rides.routes.js';
export { CART_ROUND_JOB, reoptimiseCarts, startCartReoptimiser } from './reoptimise-carts.js';
export { takeCartOutOfService, returnCartToService } from './breakdown-cart.js';
export type { LogisticsTables } from './logistics.tables.js';

/** The logistics module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<LogisticsTables>()({
  name: 'logistics',
  tables: ['cart_settings', 'cart_stops', 'cart_links', 'carts', 'cart_rides'],
  migrations,
  permissions: {
    'carts.manage': ['organiser'],
    /** the driver station: a driver works their own cart, an organiser any */
    'carts.drive': ['organiser', 'driver'],
  },
  messages: [cartsMessages, ridesMessages],
  routes: (app, deps) => {
    cartsAdminRoutes(app, deps);
    cartsRideRoutes(app, deps);
    // the re-optimiser's rounds run on the jobs port (startCartReoptimiser asks for them)
    handleCartRounds(deps);
  },
  privacy: logisticsPrivacy,
});
