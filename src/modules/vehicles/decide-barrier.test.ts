import { describe, expect, it } from 'vitest';
import { decideBarrier, type PermitRule } from './decide-barrier.js';

const AT = '2017-12-04T02:00:00.000Z';
const rule = (id: number, plate: string, extra: Partial<PermitRule> = {}): PermitRule => ({ id, plate, zones: ['PARK'], validFrom: null, validTo: null, revoked: false, ...extra });
const PERMITS = [
  rule(1, '浙A12345'),
  rule(2, '京B80D21', { zones: ['VIP'] }),
  rule(3, '沪C11111', { validFrom: '2017-12-05T00:00:00.000Z' }),
  rule(4, '苏E55555', { revoked: true }),
  rule(5, '浙A12345', { zones: ['VIP'], validTo: '2017-12-03T00:00:00.000Z' }),
];
const decide = (plate: string | null, zone = 'PARK', direction = 'entry') => decideBarrier(plate, zone, direction, AT, PERMITS);

describe('decideBarrier', () => {
  it('allows an exact permit for the zone and time, whatever the spelling', () => {
    expect(decide('浙a·12345')).toEqual({ decision: 'allow', reason: 'permit', permitId: 1 });
  });
  it('denies with the reason: outside the window, wrong zone, revoked, no permit', () => {
    expect(decide('浙A12345', 'VIP')).toEqual({ decision: 'deny', reason: 'outside_window', permitId: 5 });
    expect(decide('沪C11111')).toEqual({ decision: 'deny', reason: 'outside_window', permitId: 3 });
    expect(decide('京B80D21')).toEqual({ decision: 'deny', reason: 'wrong_zone', permitId: 2 });
    expect(decide('苏E55555')).toEqual({ decision: 'deny', reason: 'revoked', permitId: 4 });
    expect(decide('粤Z99999')).toEqual({ decision: 'deny', reason: 'no_permit', permitId: null });
  });
  it('calls an officer for one confusable character, never for a revoked permit', () => {
    expect(decide('京B8DD21', 'VIP')).toEqual({ decision: 'officer', reason: 'close_match', permitId: 2 });
    expect(decide('苏E5555S')).toEqual({ decision: 'deny', reason: 'no_permit', permitId: null });
  });
  it('lets every vehicle out at an exit and calls no plate unread', () => {
    expect(decide('粤Z99999', 'PARK', 'exit')).toEqual({ decision: 'allow', reason: 'exit', permitId: null });
    expect(decide(null)).toEqual({ decision: 'unread', reason: 'no_plate', permitId: null });
    expect(decide(' · ')).toEqual({ decision: 'unread', reason: 'no_plate', permitId: null });
  });
});
