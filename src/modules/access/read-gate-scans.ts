import type { Queryable } from '../../platform/db/database.js';

/** Whether the gate has recorded any scan: accreditation keeps such a gate (its port, ADR 0013). */
export async function gateHasScans(q: Queryable, gateId: number): Promise<boolean> {
  return (await q.selectFrom('scans').select('id').where('gate_id', '=', gateId).executeTakeFirst()) !== undefined;
}
