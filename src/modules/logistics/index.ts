// The logistics module's face to other modules: sightseeing carts (network, fleet, rides, drivers, live view).
export { cartsAdminRoutes } from './carts-admin.routes.js';
export { cartsRideRoutes } from './rides.routes.js';
export { startCartReoptimiser } from './reoptimise-carts.js';
export { takeCartOutOfService, returnCartToService } from './breakdown-cart.js';
