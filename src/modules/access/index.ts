// The access module's face to other modules: gates, scans, presence and occupancy.
export { accessRoutes } from './access.routes.js';
export { reportsRoutes } from './reports.routes.js';
export { buildGateBundle } from './build-gate-bundle.js';
export { recordScans } from './record-scans.js';
