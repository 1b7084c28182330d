import type { Queryable } from '../../platform/db/database.js';
import { definePort } from '../../platform/ports.js';

/**
 * What accreditation needs of access above it, which it may not import (ADR 0012, 0013): whether a gate has
 * recorded scans, so a gate with history is kept and the reports stay whole. The composition root supplies
 * access's exported read; it takes the caller's connection or transaction.
 */
export interface GateHistory {
  gateScanned(q: Queryable, gateId: number): Promise<boolean>;
}

export const gateHistory = definePort<GateHistory>('accreditation.gate_history');
