import type { Decision, PermitInput } from '../../../../src/modules/vehicles/vehicles.schema.js';

/**
 * The vehicles API's shapes as the console reads them: the types come from the server's schema; the two value
 * lists are repeated here (the web imports types only) and checked against it, so a change there fails the build.
 */
export type { CameraView, Decision, PassageView, PermitView, RegistrationImportResult } from '../../../../src/modules/vehicles/vehicles.schema.js';
export const DECISIONS = ['allow', 'deny', 'officer', 'unread', 'unreadable'] as const satisfies readonly Decision[];
export const VEHICLE_TYPES = ['car', 'van', 'bus', 'truck', 'motorcycle', 'other'] as const satisfies readonly PermitInput['type'][];
export type { ZoneView } from '../../types.js';
