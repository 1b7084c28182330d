/**
 * Compile-time contract between the station API schema and the gate engine: the bundle the server sends must be
 * what the engine reads, and both must speak the same verdict codes. `tsc` fails here if either side drifts.
 */
import type { EngineBundle, VerdictCode as EngineVerdictCode } from '../../engines/gate/decide.js';
import type { GateBundle, VerdictCode } from './access.schema.js';

type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type GateBundleFitsEngine = Assert<GateBundle extends EngineBundle ? true : false>;
export type VerdictCodesAgree = Assert<Same<VerdictCode, EngineVerdictCode>>;
