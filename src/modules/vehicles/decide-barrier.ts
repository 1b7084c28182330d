import { matchPlate } from '../../engines/plates/match-plate.js';
import { normalisePlate } from '../../engines/plates/plate-grammar.js';

export interface PermitRule {
  id: number;
  plate: string;
  zones: readonly string[];
  validFrom: string | null;
  validTo: string | null;
  revoked: boolean;
}

export interface BarrierDecision {
  decision: 'allow' | 'deny' | 'officer' | 'unread';
  /** stable reason codes: permit, exit, no_permit, wrong_zone, outside_window, revoked, close_match, no_plate */
  reason: 'permit' | 'exit' | 'no_permit' | 'wrong_zone' | 'outside_window' | 'revoked' | 'close_match' | 'no_plate';
  permitId: number | null;
}

const inWindow = (p: PermitRule, at: string) => (p.validFrom === null || p.validFrom <= at) && (p.validTo === null || at <= p.validTo);

/**
 * The barrier's answer for a plate at an entrance into `zone` at `at` (ISO-8601 UTC). An exact, live permit for
 * the zone and time opens it; a plate one confusable character away from a live permit calls an officer (the
 * reader may have misread it); anything else stays shut with the reason. Exits always open.
 */
export function decideBarrier(plateRead: string | null, zone: string, direction: string, at: string, permits: readonly PermitRule[]): BarrierDecision {
  const plate = plateRead === null ? '' : normalisePlate(plateRead);
  if (plate === '') return { decision: 'unread', reason: 'no_plate', permitId: null };
  const exact = permits.filter((p) => p.plate === plate);
  const live = exact.filter((p) => !p.revoked);
  if (direction === 'exit') return { decision: 'allow', reason: 'exit', permitId: live[0]?.id ?? null };
  const good = live.find((p) => p.zones.includes(zone) && inWindow(p, at));
  if (good) return { decision: 'allow', reason: 'permit', permitId: good.id };
  const forZone = live.find((p) => p.zones.includes(zone));
  if (forZone) return { decision: 'deny', reason: 'outside_window', permitId: forZone.id };
  if (live.length > 0) return { decision: 'deny', reason: 'wrong_zone', permitId: live[0]!.id };
  if (exact.length > 0) return { decision: 'deny', reason: 'revoked', permitId: exact[0]!.id };
  const close = matchPlate(
    plate,
    permits.filter((p) => !p.revoked),
    (p) => p.plate,
  );
  if (close.kind === 'close') return { decision: 'officer', reason: 'close_match', permitId: close.permit.id };
  return { decision: 'deny', reason: 'no_permit', permitId: null };
}
