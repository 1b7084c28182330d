import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import type { EngineBundle } from '../../src/engines/gate/bundle.js';
import { encodeClaims, formatCredential, fromBase64Url, toBase64Url, type CredentialClaims } from '../../src/engines/gate/credential.js';
import { decide, indexBundle, type DecideInput, type GateState } from '../../src/engines/gate/decide.js';
import type { GateBundle } from '../../src/modules/access/access.schema.js';

// The engine is run exactly as the gate station runs it: @noble/curves for keys, signatures and verification,
// no node:crypto, a presence state held in memory.
const secretKey = ed25519.utils.randomSecretKey();
const publicKey = ed25519.getPublicKey(secretKey);
const otherSecret = ed25519.utils.randomSecretKey();

const EVENT = 7;
const T = (iso: string) => new Date(iso);
const secs = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const name = (en: string) => ({ zh: en, en });

const MAIN = 1;
const VIP = 2;
const CLOSED = 3;
const FORUM = 4;
const ROOM_CLOSED = 30;
const ROOM_FORUM = 40;

const bundle: EngineBundle = {
  event: { id: EVENT, slug: 'demo', timezone: 'Asia/Shanghai', startDate: '2017-12-03', endDate: '2017-12-05' },
  publicKey: toBase64Url(publicKey),
  generatedAt: '2017-12-01T00:00:00.000Z',
  version: 'v1',
  zones: [
    { id: MAIN, code: 'MAIN', name: name('Main hall') },
    { id: VIP, code: 'VIP', name: name('VIP lounge') },
    { id: CLOSED, code: 'CLOSED', name: name('Closed-door room') },
    { id: FORUM, code: 'FORUM', name: name('Forum') },
  ],
  gates: [
    { id: 11, code: 'MAIN-1', name: name('Main 1'), zoneId: MAIN, roomId: null, antiPassback: true },
    { id: 12, code: 'MAIN-2', name: name('Main 2'), zoneId: MAIN, roomId: null, antiPassback: false },
    { id: 13, code: 'VIP-1', name: name('VIP 1'), zoneId: VIP, roomId: null, antiPassback: true },
    { id: 14, code: 'CLOSED-1', name: name('Closed 1'), zoneId: CLOSED, roomId: ROOM_CLOSED, antiPassback: true },
    { id: 15, code: 'FORUM-A', name: name('Forum A'), zoneId: FORUM, roomId: ROOM_FORUM, antiPassback: false },
  ],
  categories: [
    {
      id: 1,
      code: 'vip',
      name: name('VIP'),
      color: '#c00000',
      zones: [
        { zoneId: MAIN, startsAt: null, endsAt: null },
        { zoneId: VIP, startsAt: null, endsAt: null },
        { zoneId: CLOSED, startsAt: null, endsAt: null },
        { zoneId: FORUM, startsAt: null, endsAt: null },
      ],
    },
    // media: the main hall only on the opening morning
    {
      id: 5,
      code: 'media',
      name: name('Media'),
      color: '#0070c0',
      zones: [{ zoneId: MAIN, startsAt: '2017-12-03T00:00:00.000Z', endsAt: '2017-12-03T04:00:00.000Z' }],
    },
  ],
  people: [
    {
      guestId: 100,
      credentialId: 1000,
      name: '贵宾',
      nameLatin: 'Gui Bin',
      organisation: 'UN',
      categoryId: 1,
      delegation: null,
      overrides: [],
    },
    {
      guestId: 101,
      credentialId: 1011,
      name: '记者',
      nameLatin: 'Ji Zhe',
      organisation: 'Xinhua',
      categoryId: 5,
      delegation: null,
      overrides: [{ zoneId: VIP, kind: 'grant', startsAt: '2017-12-04T00:00:00.000Z', endsAt: '2017-12-04T02:00:00.000Z' }],
    },
    {
      guestId: 102,
      credentialId: 1020,
      name: '被禁',
      nameLatin: 'Bei Jin',
      organisation: null,
      categoryId: 1,
      delegation: 'UK',
      overrides: [{ zoneId: VIP, kind: 'ban', startsAt: null, endsAt: null }],
    },
  ],
  revoked: [1010],
  sessions: [
    {
      id: 500,
      code: 'F15',
      title: name('Closed-door'),
      roomId: ROOM_CLOSED,
      startsAt: '2017-12-04T06:00:00.000Z',
      endsAt: '2017-12-04T08:00:00.000Z',
      capacity: null,
      invitationOnly: true,
      invited: [102],
    },
    {
      id: 501,
      code: 'F1',
      title: name('Forum'),
      roomId: ROOM_FORUM,
      startsAt: '2017-12-04T06:00:00.000Z',
      endsAt: '2017-12-04T08:00:00.000Z',
      capacity: 2,
      invitationOnly: false,
      invited: [],
    },
  ],
  inside: [],
};

function badge(over: Partial<CredentialClaims> = {}, key = secretKey): string {
  const claims: CredentialClaims = {
    eventId: EVENT,
    credentialId: 1000,
    guestId: 100,
    categoryId: 1,
    issuedAt: secs('2017-11-30T00:00:00Z'),
    expiresAt: secs('2017-12-07T00:00:00Z'),
    ...over,
  };
  const message = encodeClaims(claims);
  return formatCredential(message, ed25519.sign(message, key));
}

class Presence implements GateState {
  inside = new Set<string>();
  counts = new Map<string, number>();
  isInside(guestId: number, zoneId: number) {
    return this.inside.has(`${guestId}:${zoneId}`);
  }
  insideCount(zoneId: number, roomId: number | null) {
    return this.counts.get(`${zoneId}:${roomId}`) ?? 0;
  }
}

const pk = fromBase64Url(bundle.publicKey)!;
const verify = (message: Uint8Array, signature: Uint8Array) => ed25519.verify(signature, message, pk);
const index = indexBundle(bundle);
const at = T('2017-12-03T02:00:00Z');
const run = (input: Partial<DecideInput> & { credential: string }, state: GateState = new Presence()) =>
  decide(index, state, { gate: 'MAIN-1', direction: 'entry', at, ...input }, verify);

describe('gate engine: the verdict codes, as the station runs them', () => {
  it('the station API bundle type is what the engine reads', () => {
    const fromSchema: GateBundle = {
      ...bundle,
      zones: [...bundle.zones],
      gates: [...bundle.gates],
      categories: [],
      people: [],
      revoked: [],
      sessions: [],
      inside: [],
    };
    const asEngine: EngineBundle = fromSchema;
    expect(indexBundle(asEngine).eventId).toBe(EVENT);
  });

  it('admits a VIP at the main gate, naming guest, credential, gate and zone', () => {
    expect(run({ credential: badge() })).toEqual({
      verdict: 'admit',
      code: 'admitted',
      guestId: 100,
      credentialId: 1000,
      gateId: 11,
      zoneId: MAIN,
    });
  });

  it('refuses text that is not a badge as malformed', () => {
    expect(run({ credential: 'hello world' })).toMatchObject({ verdict: 'refuse', code: 'malformed', guestId: null });
    expect(run({ credential: 'HW1.***' }).code).toBe('malformed');
  });

  it('refuses a cut-off badge as truncated', () => {
    expect(run({ credential: badge().slice(0, 60) }).code).toBe('truncated');
  });

  it('refuses a badge of a future format as unknown_version', () => {
    expect(run({ credential: 'HW2.' + badge().slice(4) }).code).toBe('unknown_version');
  });

  it('refuses a badge signed with another key as bad_signature', () => {
    expect(run({ credential: badge({}, otherSecret) })).toMatchObject({ verdict: 'refuse', code: 'bad_signature', guestId: null });
  });

  it('refuses a badge whose claims were altered after signing as bad_signature', () => {
    const good = badge();
    const bytes = fromBase64Url(good.slice(4))!;
    bytes[12] = (bytes[12] ?? 0) ^ 1; // guest id
    expect(run({ credential: 'HW1.' + toBase64Url(bytes) }).code).toBe('bad_signature');
  });

  it('treats a verify function that throws as a bad signature', () => {
    expect(
      decide(index, new Presence(), { credential: badge(), gate: 'MAIN-1', direction: 'entry', at }, () => {
        throw new Error('bad key');
      }).code,
    ).toBe('bad_signature');
  });

  it('refuses a badge of another event as wrong_event', () => {
    expect(run({ credential: badge({ eventId: EVENT + 1 }) }).code).toBe('wrong_event');
  });

  it('refuses a gate code the bundle does not know as unknown_gate', () => {
    expect(run({ credential: badge(), gate: 'NOPE' })).toMatchObject({ code: 'unknown_gate', guestId: 100, gateId: null });
  });

  it('refuses a badge issued more than five minutes in the future as not_yet_valid, tolerating less', () => {
    expect(run({ credential: badge({ issuedAt: secs('2017-12-03T02:06:00Z') }) }).code).toBe('not_yet_valid');
    expect(run({ credential: badge({ issuedAt: secs('2017-12-03T02:04:00Z') }) }).code).toBe('admitted');
  });

  it('refuses a badge past its expiry as expired', () => {
    expect(run({ credential: badge({ expiresAt: secs('2017-12-03T01:00:00Z') }) }).code).toBe('expired');
  });

  it('refuses a credential on the revocation list as revoked', () => {
    expect(run({ credential: badge({ guestId: 101, credentialId: 1010, categoryId: 5 }) }).code).toBe('revoked');
  });

  it('refuses a guest missing from the bundle, or an old credential not listed as revoked, as not_accredited', () => {
    expect(run({ credential: badge({ guestId: 999, credentialId: 9990 }) }).code).toBe('not_accredited');
    expect(run({ credential: badge({ credentialId: 999 }) }).code).toBe('not_accredited');
  });

  it('trusts a badge signed after the bundle was made: a reprint of a known person, or a new person by the signed category', () => {
    const fresh = secs('2017-12-02T00:00:00Z');
    expect(run({ credential: badge({ credentialId: 1001, issuedAt: fresh }) }).code).toBe('admitted');
    expect(run({ credential: badge({ guestId: 999, credentialId: 9990, categoryId: 5, issuedAt: fresh }) }).code).toBe('admitted');
    expect(run({ credential: badge({ guestId: 999, credentialId: 9990, categoryId: 5, issuedAt: fresh }), gate: 'VIP-1' }).code).toBe(
      'wrong_zone',
    );
    expect(run({ credential: badge({ guestId: 999, credentialId: 9990, categoryId: 77, issuedAt: fresh }) }).code).toBe('not_accredited');
  });

  it('refuses a guest banned from the zone as banned, even though the category grants it', () => {
    expect(run({ credential: badge({ guestId: 102, credentialId: 1020 }), gate: 'VIP-1' }).code).toBe('banned');
    expect(run({ credential: badge({ guestId: 102, credentialId: 1020 }), gate: 'MAIN-1' }).code).toBe('admitted');
  });

  it('refuses a zone neither the category nor a grant gives as wrong_zone', () => {
    expect(run({ credential: badge({ guestId: 101, credentialId: 1011, categoryId: 5 }), gate: 'FORUM-A' })).toMatchObject({
      verdict: 'refuse',
      code: 'wrong_zone',
      zoneId: FORUM,
    });
  });

  it('refuses a granted zone outside its windows as outside_window, and admits inside them', () => {
    const media = badge({ guestId: 101, credentialId: 1011, categoryId: 5 });
    expect(run({ credential: media, at: T('2017-12-03T03:59:59Z') }).code).toBe('admitted');
    expect(run({ credential: media, at: T('2017-12-03T04:00:00Z') }).code).toBe('outside_window');
    expect(run({ credential: media, gate: 'VIP-1', at: T('2017-12-04T01:00:00Z') }).code).toBe('admitted');
    expect(run({ credential: media, gate: 'VIP-1', at: T('2017-12-04T03:00:00Z') }).code).toBe('outside_window');
  });

  it('refuses a guest not on a closed-door session list as not_invited, from 30 minutes before it starts', () => {
    const vip = badge();
    expect(run({ credential: vip, gate: 'CLOSED-1', at: T('2017-12-04T05:29:00Z') }).code).toBe('admitted');
    expect(run({ credential: vip, gate: 'CLOSED-1', at: T('2017-12-04T05:31:00Z') }).code).toBe('not_invited');
    expect(run({ credential: vip, gate: 'CLOSED-1', at: T('2017-12-04T07:59:00Z') }).code).toBe('not_invited');
    expect(run({ credential: vip, gate: 'CLOSED-1', at: T('2017-12-04T08:00:00Z') }).code).toBe('admitted');
    expect(run({ credential: badge({ guestId: 102, credentialId: 1020 }), gate: 'CLOSED-1', at: T('2017-12-04T06:30:00Z') }).code).toBe(
      'admitted',
    );
  });

  it('refuses a second entry at an anti-passback gate as already_inside, but not at a gate without anti-passback', () => {
    const state = new Presence();
    state.inside.add(`100:${MAIN}`);
    expect(run({ credential: badge() }, state).code).toBe('already_inside');
    expect(run({ credential: badge(), gate: 'MAIN-2' }, state).code).toBe('admitted');
  });

  it('refuses entry to a room whose running session is at capacity as session_full', () => {
    const state = new Presence();
    const during = T('2017-12-04T06:10:00Z');
    state.counts.set(`${FORUM}:${ROOM_FORUM}`, 1);
    expect(run({ credential: badge(), gate: 'FORUM-A', at: during }, state).code).toBe('admitted');
    state.counts.set(`${FORUM}:${ROOM_FORUM}`, 2);
    expect(run({ credential: badge(), gate: 'FORUM-A', at: during }, state).code).toBe('session_full');
    expect(run({ credential: badge(), gate: 'FORUM-A', at: T('2017-12-04T09:00:00Z') }, state).code).toBe('admitted');
  });

  it('lets people out: an exit is admitted, with not_inside at an anti-passback gate whose zone they were not in', () => {
    const state = new Presence();
    expect(run({ credential: badge(), direction: 'exit' }, state)).toMatchObject({ verdict: 'admit', code: 'not_inside', zoneId: MAIN });
    state.inside.add(`100:${MAIN}`);
    expect(run({ credential: badge(), direction: 'exit' }, state)).toMatchObject({ verdict: 'admit', code: 'admitted' });
    expect(run({ credential: badge(), direction: 'exit', gate: 'MAIN-2' }).code).toBe('admitted');
  });

  it('lets a revoked or expired badge out but still refuses an unreadable or forged one at the exit', () => {
    expect(run({ credential: badge({ guestId: 101, credentialId: 1010, categoryId: 5 }), direction: 'exit', gate: 'MAIN-2' }).verdict).toBe(
      'admit',
    );
    expect(run({ credential: badge({ expiresAt: secs('2017-12-01T00:00:00Z') }), direction: 'exit', gate: 'MAIN-2' }).verdict).toBe(
      'admit',
    );
    expect(run({ credential: badge({}, otherSecret), direction: 'exit' }).code).toBe('bad_signature');
    expect(run({ credential: 'x', direction: 'exit' }).code).toBe('malformed');
  });
});
