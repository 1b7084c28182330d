export type * from './types.js';
export { scheduleRoute } from './schedule-route.js';
export { violations, totalDistance } from './check-routes.js';
export { cheapestInsertion, emptyRoutes, solveStatic } from './insert-request.js';
export { parseCordeau, type CordeauInstance, type CordeauParse } from './cordeau.js';
export * from './online.js';
export { baselineDispatcher } from './baseline.js';
export { shortestPaths, unreachablePairs, type NetworkLink, type ShortestPaths } from './network.js';
