import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { ROLES, type Role } from '../../src/platform/auth/permissions.js';
import { sha256 } from '../../src/platform/auth/principal.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { bearer, type DemoIds, errorOf, expectStatus, idOf, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';

/**
 * Who may call what: every API route against every role of the demo event, the organiser of another event,
 * the installation's organiser and an anonymous caller. Then the finer rules the permission table cannot
 * express: board scope, closed-door visibility, CSRF and device tokens.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `admin` organises the whole installation; `foreign_organiser` organises only another event. */
type Who = Role | 'admin' | 'foreign_organiser' | 'anonymous';

type Credential =
  { kind: 'cookie'; session: Session; email: string; password: string } | { kind: 'bearer'; token: string } | { kind: 'anonymous' };

interface Fixture {
  app: TestApp;
  demo: DemoIds;
  who: Record<Who, Credential>;
  organiser: Session;
  chair4: Session;
  guest: Session;
  /** a board-4 session that exists so that the matrix can delete it */
  disposableSessionId: number;
  /** an API token of the demo organiser, who is no column of the matrix */
  foreignTokenId: number;
}

interface Row {
  method: Method;
  /** as the OpenAPI document spells it */
  path: string;
  url: (f: Fixture) => string;
  payload?: object;
  allowed: readonly Who[];
  /** left out of the OpenAPI document on purpose */
  hidden?: boolean;
  /** ends the caller's session, so each cookie caller logs in afresh for it */
  fresh?: boolean;
}

const WHO: readonly Who[] = [...ROLES, 'admin', 'foreign_organiser', 'anonymous'];
const PASSWORD = 'matrix-password-1';
const EV = '/api/v1/events/wic2017';

// The expectations, written out by hand: a wrong permission on a route makes its row fail.
const EVERYONE = WHO;
const SIGNED_IN = WHO.filter((w) => w !== 'anonymous');
const INSTALLATION_ORGANISER: readonly Who[] = ['admin'];
const ORGANISERS: readonly Who[] = ['admin', 'organiser'];
const PROGRAMME_EDITORS: readonly Who[] = ['admin', 'organiser', 'board_chair'];
const ATTENDEES: readonly Who[] = [
  'admin',
  'organiser',
  'board_chair',
  'desk_staff',
  'gate_staff',
  'volunteer',
  'driver',
  'exhibitor',
  'guest',
];

/**
 * Writes carry an unknown key: the permission check runs before validation, so an allowed caller gets 400 and
 * nothing changes, while a denied one still gets 401 or 403.
 */
const INVALID = { matrix: true };
const F13 = (f: Fixture) => idOf(f.demo.sessions, 'F13');

const ROWS: Row[] = [
  { method: 'POST', path: '/api/v1/auth/login', url: () => '/api/v1/auth/login', payload: INVALID, allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/auth/me', url: () => '/api/v1/auth/me', allowed: SIGNED_IN },
  { method: 'POST', path: '/api/v1/auth/tokens', url: () => '/api/v1/auth/tokens', payload: INVALID, allowed: SIGNED_IN },
  { method: 'GET', path: '/api/v1/auth/tokens', url: () => '/api/v1/auth/tokens', allowed: SIGNED_IN },
  // the demo organiser's token, which no caller here owns: 404 for every signed-in caller
  { method: 'DELETE', path: '/api/v1/auth/tokens/{id}', url: (f) => `/api/v1/auth/tokens/${f.foreignTokenId}`, allowed: SIGNED_IN },
  { method: 'POST', path: '/api/v1/auth/logout', url: () => '/api/v1/auth/logout', allowed: SIGNED_IN, fresh: true },
  { method: 'GET', path: '/api/v1/openapi.json', url: () => '/api/v1/openapi.json', allowed: EVERYONE, hidden: true },

  { method: 'GET', path: '/api/v1/events', url: () => '/api/v1/events', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/events', url: () => '/api/v1/events', payload: INVALID, allowed: INSTALLATION_ORGANISER },
  { method: 'GET', path: '/api/v1/events/{slug}', url: () => EV, allowed: EVERYONE },
  { method: 'PATCH', path: '/api/v1/events/{slug}', url: () => EV, payload: INVALID, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/accounts', url: () => `${EV}/accounts`, payload: INVALID, allowed: ORGANISERS },

  { method: 'GET', path: '/api/v1/events/{slug}/zones', url: () => `${EV}/zones`, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/events/{slug}/zones', url: () => `${EV}/zones`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/venues', url: () => `${EV}/venues`, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/events/{slug}/venues', url: () => `${EV}/venues`, payload: INVALID, allowed: ORGANISERS },
  {
    method: 'PATCH',
    path: '/api/v1/events/{slug}/venues/{id}',
    url: (f) => `${EV}/venues/${idOf(f.demo.venues, 'wiicec')}`,
    payload: INVALID,
    allowed: ORGANISERS,
  },
  { method: 'GET', path: '/api/v1/events/{slug}/rooms', url: () => `${EV}/rooms`, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/events/{slug}/rooms', url: () => `${EV}/rooms`, payload: INVALID, allowed: ORGANISERS },
  {
    method: 'PATCH',
    path: '/api/v1/events/{slug}/rooms/{id}',
    url: (f) => `${EV}/rooms/${idOf(f.demo.rooms, 'forum-c')}`,
    payload: INVALID,
    allowed: ORGANISERS,
  },
  // main-hall is in use, so an allowed caller gets 409 and the room stays
  {
    method: 'DELETE',
    path: '/api/v1/events/{slug}/rooms/{id}',
    url: (f) => `${EV}/rooms/${idOf(f.demo.rooms, 'main-hall')}`,
    allowed: ORGANISERS,
  },

  { method: 'GET', path: '/api/v1/events/{slug}/boards', url: () => `${EV}/boards`, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/events/{slug}/boards', url: () => `${EV}/boards`, payload: INVALID, allowed: ORGANISERS },
  {
    method: 'PATCH',
    path: '/api/v1/events/{slug}/boards/{id}',
    url: (f) => `${EV}/boards/${idOf(f.demo.boards, 'board-4')}`,
    payload: INVALID,
    allowed: ORGANISERS,
  },
  { method: 'GET', path: '/api/v1/events/{slug}/organisations', url: () => `${EV}/organisations`, allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/v1/events/{slug}/organisations',
    url: () => `${EV}/organisations`,
    payload: INVALID,
    allowed: PROGRAMME_EDITORS,
  },
  {
    method: 'PATCH',
    path: '/api/v1/events/{slug}/organisations/{id}',
    url: (f) => `${EV}/organisations/${f.demo.organisations[0]}`,
    payload: INVALID,
    allowed: PROGRAMME_EDITORS,
  },
  { method: 'GET', path: '/api/v1/events/{slug}/people', url: () => `${EV}/people`, allowed: PROGRAMME_EDITORS },
  { method: 'POST', path: '/api/v1/events/{slug}/people', url: () => `${EV}/people`, payload: INVALID, allowed: PROGRAMME_EDITORS },
  {
    method: 'PATCH',
    path: '/api/v1/events/{slug}/people/{id}',
    url: (f) => `${EV}/people/${idOf(f.demo.people, 'p-haddad')}`,
    payload: INVALID,
    allowed: PROGRAMME_EDITORS,
  },
  // p-haddad speaks at F13, so an allowed caller gets 409 and the person stays
  {
    method: 'DELETE',
    path: '/api/v1/events/{slug}/people/{id}',
    url: (f) => `${EV}/people/${idOf(f.demo.people, 'p-haddad')}`,
    allowed: PROGRAMME_EDITORS,
  },

  { method: 'GET', path: '/api/v1/events/{slug}/sessions', url: () => `${EV}/sessions`, allowed: PROGRAMME_EDITORS },
  { method: 'POST', path: '/api/v1/events/{slug}/sessions', url: () => `${EV}/sessions`, payload: INVALID, allowed: PROGRAMME_EDITORS },
  { method: 'POST', path: '/api/v1/events/{slug}/sessions/check', url: () => `${EV}/sessions/check`, payload: INVALID, allowed: PROGRAMME_EDITORS },
  { method: 'GET', path: '/api/v1/events/{slug}/sessions/{id}', url: (f) => `${EV}/sessions/${F13(f)}`, allowed: PROGRAMME_EDITORS },
  {
    method: 'PATCH',
    path: '/api/v1/events/{slug}/sessions/{id}',
    url: (f) => `${EV}/sessions/${F13(f)}`,
    payload: INVALID,
    allowed: PROGRAMME_EDITORS,
  },
  // the first allowed caller deletes it, the later ones get 404
  {
    method: 'DELETE',
    path: '/api/v1/events/{slug}/sessions/{id}',
    url: (f) => `${EV}/sessions/${f.disposableSessionId}`,
    allowed: PROGRAMME_EDITORS,
  },
  { method: 'GET', path: '/api/v1/events/{slug}/conflicts', url: () => `${EV}/conflicts`, allowed: PROGRAMME_EDITORS },
  // publishing the unchanged draft again only adds a version
  { method: 'POST', path: '/api/v1/events/{slug}/publish', url: () => `${EV}/publish`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/audit', url: () => `${EV}/audit`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/publications', url: () => `${EV}/publications`, allowed: PROGRAMME_EDITORS },
  { method: 'POST', path: '/api/v1/events/{slug}/import', url: () => `${EV}/import`, payload: INVALID, allowed: ORGANISERS },

  { method: 'GET', path: '/api/v1/events/{slug}/programme', url: () => `${EV}/programme`, allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/events/{slug}/schedule.xml', url: () => `${EV}/schedule.xml`, allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/events/{slug}/schedule.json', url: () => `${EV}/schedule.json`, allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/events/{slug}/calendar.ics', url: () => `${EV}/calendar.ics`, allowed: EVERYONE },
  {
    method: 'GET',
    path: '/api/v1/events/{slug}/boards/{code}/calendar.ics',
    url: () => `${EV}/boards/board-4/calendar.ics`,
    allowed: EVERYONE,
  },
  { method: 'GET', path: '/api/v1/events/{slug}/programme.csv', url: () => `${EV}/programme.csv`, allowed: EVERYONE },
  // the feed URL is its own credential: an unknown one is 404 for everybody
  { method: 'GET', path: '/api/v1/calendar/{token}', url: () => '/api/v1/calendar/1.1.nonce.forged.ics', allowed: EVERYONE },

  { method: 'GET', path: '/api/v1/events/{slug}/agenda', url: () => `${EV}/agenda`, allowed: ATTENDEES },
  { method: 'PUT', path: '/api/v1/events/{slug}/agenda/{sessionId}', url: (f) => `${EV}/agenda/${F13(f)}`, allowed: ATTENDEES },
  { method: 'DELETE', path: '/api/v1/events/{slug}/agenda/{sessionId}', url: (f) => `${EV}/agenda/${F13(f)}`, allowed: ATTENDEES },
  { method: 'POST', path: '/api/v1/events/{slug}/agenda/feed', url: () => `${EV}/agenda/feed`, payload: INVALID, allowed: ATTENDEES },
  { method: 'GET', path: '/api/v1/events/{slug}/agenda/stars', url: () => `${EV}/agenda/stars`, allowed: PROGRAMME_EDITORS },

  // a JSON body where multipart belongs: 415 for an allowed caller, nothing stored
  { method: 'POST', path: '/api/v1/events/{slug}/documents', url: () => `${EV}/documents`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/documents', url: () => `${EV}/documents`, allowed: EVERYONE },
  // no such document: 404 for everybody who may ask (tests/e2e/documents.test.ts covers who sees which)
  { method: 'GET', path: '/api/v1/events/{slug}/documents/{id}', url: () => `${EV}/documents/999999`, allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/events/{slug}/documents/{id}/file', url: () => `${EV}/documents/999999/file`, allowed: EVERYONE },
  { method: 'PATCH', path: '/api/v1/events/{slug}/documents/{id}', url: () => `${EV}/documents/999999`, payload: INVALID, allowed: ORGANISERS },
  { method: 'DELETE', path: '/api/v1/events/{slug}/documents/{id}', url: () => `${EV}/documents/999999`, allowed: ORGANISERS },

  { method: 'POST', path: '/api/v1/events/{slug}/notices', url: () => `${EV}/notices`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/notices', url: () => `${EV}/notices`, allowed: ORGANISERS },
  // no such notice: 404 for an allowed caller, nothing withdrawn
  { method: 'DELETE', path: '/api/v1/events/{slug}/notices/{id}', url: () => `${EV}/notices/999999`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/my/notices', url: () => `${EV}/my/notices`, allowed: ATTENDEES },
  { method: 'POST', path: '/api/v1/events/{slug}/notices/{id}/read', url: () => `${EV}/notices/999999/read`, allowed: ATTENDEES },
  // a malformed resume position: 400 for an allowed caller instead of a stream that never ends
  { method: 'GET', path: '/api/v1/events/{slug}/stream', url: () => `${EV}/stream?lastEventId=x`, allowed: SIGNED_IN },
  // --- rows: invitations ---
  // a JSON body where the invitee file belongs: 415 for an allowed caller, nothing read
  { method: 'POST', path: '/api/v1/events/{slug}/invitations/parse', url: () => `${EV}/invitations/parse`, payload: INVALID, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/invitations/import', url: () => `${EV}/invitations/import`, payload: INVALID, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/invitations/send', url: () => `${EV}/invitations/send`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/message-templates', url: () => `${EV}/message-templates`, allowed: ORGANISERS },
  { method: 'PUT', path: '/api/v1/events/{slug}/message-templates', url: () => `${EV}/message-templates`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/outbox', url: () => `${EV}/outbox`, allowed: ORGANISERS },
  // no such message: 404 for an allowed caller
  { method: 'GET', path: '/api/v1/events/{slug}/outbox/{id}', url: () => `${EV}/outbox/999999`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/outbox/retry', url: () => `${EV}/outbox/retry`, payload: INVALID, allowed: ORGANISERS },
  // --- rows: registration ---
  // unknown invitation tokens: 404 for everybody (the link is the credential); writes carry INVALID: 400, or 415 for the photo
  { method: 'GET', path: '/api/v1/invitations/{token}', url: () => '/api/v1/invitations/no-such-invitation-token-000', allowed: EVERYONE },
  { method: 'PUT', path: '/api/v1/invitations/{token}/registration', url: () => '/api/v1/invitations/no-such-invitation-token-000/registration', payload: INVALID, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/invitations/{token}/photo', url: () => '/api/v1/invitations/no-such-invitation-token-000/photo', payload: INVALID, allowed: EVERYONE },
  // the matrix callers have no guest record: 404 not_a_guest for an allowed caller
  { method: 'GET', path: '/api/v1/events/{slug}/my/registration', url: () => `${EV}/my/registration`, allowed: ATTENDEES },
  { method: 'GET', path: '/api/v1/events/{slug}/my/delegation', url: () => `${EV}/my/delegation`, allowed: ATTENDEES },
  { method: 'PUT', path: '/api/v1/events/{slug}/my/delegation/members/{id}/registration', url: () => `${EV}/my/delegation/members/999999/registration`, payload: INVALID, allowed: ATTENDEES },
  { method: 'POST', path: '/api/v1/events/{slug}/my/delegation/members/{id}/photo', url: () => `${EV}/my/delegation/members/999999/photo`, payload: INVALID, allowed: ATTENDEES },
  { method: 'GET', path: '/api/v1/events/{slug}/guests', url: () => `${EV}/guests`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/guests/{id}', url: () => `${EV}/guests/999999`, allowed: ORGANISERS },
  { method: 'PATCH', path: '/api/v1/events/{slug}/guests/{id}', url: () => `${EV}/guests/999999`, payload: INVALID, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/review', url: () => `${EV}/guests/999999/review`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/guests/{id}/history', url: () => `${EV}/guests/999999/history`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/guests/{id}/photo', url: () => `${EV}/guests/999999/photo`, allowed: ['admin', 'organiser', 'desk_staff', 'gate_staff', 'device'] },
  // --- rows: accreditation rules ---
  { method: 'GET', path: '/api/v1/events/{slug}/categories', url: () => `${EV}/categories`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/categories', url: () => `${EV}/categories`, payload: INVALID, allowed: ORGANISERS },
  { method: 'PATCH', path: '/api/v1/events/{slug}/categories/{id}', url: () => `${EV}/categories/999999`, payload: INVALID, allowed: ORGANISERS },
  // no such category: 404 for an allowed caller, nothing deleted
  { method: 'DELETE', path: '/api/v1/events/{slug}/categories/{id}', url: () => `${EV}/categories/999999`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/gates', url: () => `${EV}/gates`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/gates', url: () => `${EV}/gates`, payload: INVALID, allowed: ORGANISERS },
  { method: 'PATCH', path: '/api/v1/events/{slug}/gates/{id}', url: () => `${EV}/gates/999999`, payload: INVALID, allowed: ORGANISERS },
  { method: 'DELETE', path: '/api/v1/events/{slug}/gates/{id}', url: () => `${EV}/gates/999999`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/guests/{id}/overrides', url: () => `${EV}/guests/999999/overrides`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/overrides', url: () => `${EV}/guests/999999/overrides`, payload: INVALID, allowed: ORGANISERS },
  {
    method: 'DELETE',
    path: '/api/v1/events/{slug}/guests/{id}/overrides/{overrideId}',
    url: () => `${EV}/guests/999999/overrides/999999`,
    allowed: ORGANISERS,
  },
  // --- rows: badges ---
  { method: 'GET', path: '/api/v1/events/{slug}/badges', url: () => `${EV}/badges`, allowed: ORGANISERS },
  // issues only what is missing: a second allowed caller finds nothing to issue
  { method: 'POST', path: '/api/v1/events/{slug}/credentials/issue-missing', url: () => `${EV}/credentials/issue-missing`, allowed: ORGANISERS },
  // no such guest: 404 for an allowed caller, nothing issued or revoked
  { method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/badge/reprint', url: () => `${EV}/guests/999999/badge/reprint`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/guests/{id}/badge.pdf', url: () => `${EV}/guests/999999/badge.pdf`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/badge-batches', url: () => `${EV}/badge-batches`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/badge-batches/{id}', url: () => `${EV}/badge-batches/AAAAAAAAAAAA`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/badge-batches/{id}/file', url: () => `${EV}/badge-batches/AAAAAAAAAAAA/file`, allowed: ORGANISERS },
  // 404 no_badge for an attendee without a badge: allowed all the same
  { method: 'GET', path: '/api/v1/events/{slug}/my/badge', url: () => `${EV}/my/badge`, allowed: ATTENDEES },
  // --- rows: badge desk ---
  { method: 'GET', path: '/api/v1/events/{slug}/desk/guests', url: () => `${EV}/desk/guests?q=li`, allowed: ['admin', 'organiser', 'desk_staff'] },
  // no guest has this invitation: 404 for an allowed caller
  { method: 'GET', path: '/api/v1/events/{slug}/desk/invitation', url: () => `${EV}/desk/invitation?code=no-such-token`, allowed: ['admin', 'organiser', 'desk_staff'] },
  { method: 'POST', path: '/api/v1/events/{slug}/desk/guests/{id}/hand-out', url: () => `${EV}/desk/guests/999999/hand-out`, payload: INVALID, allowed: ['admin', 'organiser', 'desk_staff'] },
  // --- rows: station API ---
  { method: 'GET', path: '/api/v1/events/{slug}/gate-bundle', url: () => `${EV}/gate-bundle`, allowed: ['admin', 'organiser', 'gate_staff', 'device'] },
  { method: 'POST', path: '/api/v1/events/{slug}/scans', url: () => `${EV}/scans`, payload: INVALID, allowed: ['admin', 'organiser', 'gate_staff', 'device'] },
  // --- rows: occupancy and reports ---
  { method: 'GET', path: '/api/v1/events/{slug}/occupancy', url: () => `${EV}/occupancy`, allowed: ORGANISERS },
  // a malformed window: 400 for an allowed caller instead of a stream that never ends
  { method: 'GET', path: '/api/v1/events/{slug}/occupancy/stream', url: () => `${EV}/occupancy/stream?hours=x`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/reports/arrivals', url: () => `${EV}/reports/arrivals`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/reports/no-shows', url: () => `${EV}/reports/no-shows`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/reports/arrivals.csv', url: () => `${EV}/reports/arrivals.csv`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/reports/no-shows.csv', url: () => `${EV}/reports/no-shows.csv`, allowed: ORGANISERS },
  // --- rows: carts network, fleet, posters, live view ---
  { method: 'GET', path: '/api/v1/events/{slug}/cart-network', url: () => `${EV}/cart-network`, allowed: ORGANISERS },
  { method: 'PUT', path: '/api/v1/events/{slug}/cart-network', url: () => `${EV}/cart-network`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/carts', url: () => `${EV}/carts`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/carts', url: () => `${EV}/carts`, payload: INVALID, allowed: ORGANISERS },
  { method: 'PATCH', path: '/api/v1/events/{slug}/carts/{cart}', url: () => `${EV}/carts/C99`, payload: INVALID, allowed: ORGANISERS },
  // no such stop: 404 for an allowed caller, no PDF rendered
  { method: 'GET', path: '/api/v1/events/{slug}/cart-posters.pdf', url: () => `${EV}/cart-posters.pdf?stop=NOWHERE`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/cart-live', url: () => `${EV}/cart-live`, allowed: ORGANISERS },
  // --- rows: carts rides and driver station ---
  // the guest's call is public; writes carry INVALID (400), unknown ride tokens answer 404
  { method: 'GET', path: '/api/v1/events/{slug}/cart-stops', url: () => `${EV}/cart-stops`, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/events/{slug}/rides', url: () => `${EV}/rides`, payload: INVALID, allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/rides/{token}', url: () => '/api/v1/rides/no-such-ride-token-0000', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/rides/{token}/cancel', url: () => '/api/v1/rides/no-such-ride-token-0000/cancel', allowed: EVERYONE },
  // the driver station: no such cart answers 404 to a driver and an organiser alike
  { method: 'GET', path: '/api/v1/events/{slug}/driver', url: () => `${EV}/driver?cart=NO-SUCH-CART`, allowed: ['admin', 'organiser', 'driver'] },
  { method: 'POST', path: '/api/v1/events/{slug}/driver/updates', url: () => `${EV}/driver/updates`, payload: INVALID, allowed: ['admin', 'organiser', 'driver'] },
  // --- vehicles ---
  { method: 'GET', path: '/api/v1/events/{slug}/vehicle-permits', url: () => `${EV}/vehicle-permits`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/vehicle-permits', url: () => `${EV}/vehicle-permits`, payload: INVALID, allowed: ORGANISERS },
  { method: 'PATCH', path: '/api/v1/events/{slug}/vehicle-permits/{id}', url: () => `${EV}/vehicle-permits/999999`, payload: INVALID, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/vehicle-permits/import', url: () => `${EV}/vehicle-permits/import`, payload: INVALID, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/vehicle-permits/from-registrations', url: () => `${EV}/vehicle-permits/from-registrations`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/cameras', url: () => `${EV}/cameras`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/cameras', url: () => `${EV}/cameras`, payload: INVALID, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/vehicle-passages', url: () => `${EV}/vehicle-passages`, allowed: ORGANISERS },
  // an unknown query key: 400 for an allowed caller instead of an endless stream
  { method: 'GET', path: '/api/v1/events/{slug}/vehicle-passages/stream', url: () => `${EV}/vehicle-passages/stream?x=1`, allowed: ORGANISERS },
  // no such passage: 404 for an allowed caller
  { method: 'GET', path: '/api/v1/events/{slug}/vehicle-passages/{id}/images/{n}', url: () => `${EV}/vehicle-passages/999999/images/0`, allowed: ORGANISERS },
  // the cameras' device API (documented in docs/vehicles.md, not in OpenAPI: it answers any body with 200); only a device
  // account of this event may post, and an unknown camera answers it 404
  { method: 'POST', path: '/api/v1/events/{slug}/cameras/{camera}/anpr', url: () => `${EV}/cameras/NO-SUCH-CAM/anpr`, payload: INVALID, allowed: ['device'] },
  // --- faces ---
  // no such guest: 404 for an allowed caller; the shredder gets INVALID (400), so nothing is shredded
  { method: 'GET', path: '/api/v1/events/{slug}/guests/{id}/face-enrolment', url: () => `${EV}/guests/999999/face-enrolment`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/guests/{id}/face-enrolment', url: () => `${EV}/guests/999999/face-enrolment`, allowed: ORGANISERS },
  { method: 'DELETE', path: '/api/v1/events/{slug}/guests/{id}/face-enrolment', url: () => `${EV}/guests/999999/face-enrolment`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/face-shred', url: () => `${EV}/face-shred`, payload: INVALID, allowed: ORGANISERS },
  // --- privacy ---
  // nobody by that e-mail: 404 for an allowed caller; the shredder gets INVALID (400), so nothing is shredded
  { method: 'GET', path: '/api/v1/events/{slug}/privacy/registrants', url: () => `${EV}/privacy/registrants`, allowed: ORGANISERS },
  { method: 'GET', path: '/api/v1/events/{slug}/privacy/export', url: () => `${EV}/privacy/export?person=nobody%40privacy.example.org`, allowed: ORGANISERS },
  { method: 'POST', path: '/api/v1/events/{slug}/privacy/shred', url: () => `${EV}/privacy/shred`, payload: INVALID, allowed: ORGANISERS },
  // a JSON body is no camera frame: 415 for an allowed caller (real frames in face-gate.test.ts)
  { method: 'POST', path: '/api/v1/events/{slug}/face-checks', url: () => `${EV}/face-checks`, payload: INVALID, allowed: ['admin', 'organiser', 'gate_staff', 'device'] },
];

function send(f: Fixture, cred: Credential, method: Method, url: string, payload?: object): Promise<LightMyRequestResponse> {
  if (cred.kind === 'cookie') return call(f.app, cred.session, method, url, payload);
  return call(f.app, null, method, url, payload, cred.kind === 'bearer' ? bearer(cred.token) : {});
}

/** `allowed` unless the answer is 401/403 (then status and code) or a server error. */
function outcome(res: LightMyRequestResponse): string {
  if (res.statusCode === 401 || res.statusCode === 403) return `${res.statusCode} ${errorOf(res).code}`;
  return res.statusCode >= 500 ? `${res.statusCode} server error` : 'allowed';
}
const expectedOutcome = (row: Row, who: Who) =>
  row.allowed.includes(who) ? 'allowed' : who === 'anonymous' ? '401 unauthenticated' : '403 forbidden';

async function programmeCodes(f: Fixture, session: Session | null): Promise<string[]> {
  const res = await call(f.app, session, 'GET', `${EV}/programme`);
  expectStatus(res, 200);
  return res.json<{ sessions: Array<{ code: string }> }>().sessions.map((s) => s.code);
}

/** Grants a role in wic2017 through the API, as the demo organiser; devices get a token, the rest log in. */
async function grant(
  app: TestApp,
  organiser: Session,
  role: Role,
  email: string,
  boardId?: number,
): Promise<Credential & { userId: number }> {
  const res = await call(app, organiser, 'POST', `${EV}/accounts`, {
    email,
    displayName: `Matrix ${role}`,
    role,
    ...(role === 'device' ? {} : { password: PASSWORD }),
    ...(boardId ? { boardId } : {}),
  });
  expectStatus(res, 201);
  const { userId, token } = res.json<{ userId: number; token?: string }>();
  if (role === 'device') {
    if (!token) throw new Error('a device account comes with a token');
    return { kind: 'bearer', token, userId };
  }
  return { kind: 'cookie', session: await login(app, email, PASSWORD), email, password: PASSWORD, userId };
}

describe.each(databases())('permissions (%s)', (kind) => {
  let f: Fixture;

  beforeAll(async () => {
    const app = await startTestApp(kind);
    const demo = await loadDemoEvent(app);
    const admin = await adminSession(app);
    const organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const chair4 = await login(app, 'chair4@wic2017.example.org', DEMO_PASSWORD);
    const guest = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);

    const roles: Partial<Record<Who, Credential>> = {};
    for (const role of ROLES)
      roles[role] = await grant(
        app,
        organiser,
        role,
        `${role}@matrix.example.org`,
        role === 'board_chair' ? idOf(demo.boards, 'board-4') : undefined,
      );

    const second = await call(app, admin, 'POST', '/api/v1/events', {
      slug: 'second-2018',
      name: { zh: '第二个活动', en: 'Second event' },
      timezone: 'Europe/Berlin',
      startDate: '2018-06-01',
      endDate: '2018-06-02',
      languages: ['en'],
    });
    expectStatus(second, 201);
    const foreign = await call(app, admin, 'POST', '/api/v1/events/second-2018/accounts', {
      email: 'organiser@second.example.org',
      displayName: 'Second organiser',
      role: 'organiser',
      password: PASSWORD,
    });
    expectStatus(foreign, 201);

    const disposable = await call(app, organiser, 'POST', `${EV}/sessions`, {
      code: 'MATRIX-DEL',
      kind: 'forum',
      boardId: idOf(demo.boards, 'board-4'),
      title: { zh: '待删', en: 'To delete' },
      startsAt: '2017-12-05T01:00:00Z',
      endsAt: '2017-12-05T02:00:00Z',
    });
    expectStatus(disposable, 201);

    const who = {
      ...roles,
      admin: { kind: 'cookie', session: admin, email: 'admin@example.org', password: 'correct horse battery' },
      foreign_organiser: {
        kind: 'cookie',
        session: await login(app, 'organiser@second.example.org', PASSWORD),
        email: 'organiser@second.example.org',
        password: PASSWORD,
      },
      anonymous: { kind: 'anonymous' },
    } as Record<Who, Credential>;
    const foreignToken = await call(app, organiser, 'POST', '/api/v1/auth/tokens', { name: 'organiser-script' });
    expectStatus(foreignToken, 201);
    f = {
      app,
      demo,
      who,
      organiser,
      chair4,
      guest,
      disposableSessionId: disposable.json<{ id: number }>().id,
      foreignTokenId: foreignToken.json<{ id: number }>().id,
    };
  });
  afterAll(async () => {
    await f?.app.dispose();
  });

  describe('the matrix', () => {
    it('has a row for exactly the routes in the OpenAPI document', async () => {
      const doc = (await f.app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, unknown>>;
      }>();
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      const rows = ROWS.filter((r) => !r.hidden).map((r) => `${r.method} ${r.path}`);
      expect(new Set(rows).size).toBe(rows.length);
      expect(rows.sort()).toEqual(documented.sort());
    });

    it("has a column for every role, plus the installation organiser, another event's organiser and anonymous", () => {
      expect(Object.keys(f.who).sort()).toEqual([...WHO].sort());
    });

    for (const row of ROWS) {
      it(`${row.method} ${row.path} answers every caller as the matrix says`, async () => {
        const got: Record<string, string> = {};
        const want: Record<string, string> = {};
        for (const who of WHO) {
          let cred = f.who[who];
          if (row.fresh && cred.kind === 'cookie') cred = { ...cred, session: await login(f.app, cred.email, cred.password) };
          got[who] = outcome(await send(f, cred, row.method, row.url(f), row.payload));
          want[who] = expectedOutcome(row, who);
        }
        expect(got).toEqual(want);
      });
    }
  });

  describe('board scope', () => {
    const board = (f: Fixture, ref: string) => idOf(f.demo.boards, ref);
    const sessionRow = (id: number) => f.app.deps.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('lets chair4 edit a session of board-4', async () => {
      const res = await call(f.app, f.chair4, 'PATCH', `${EV}/sessions/${idOf(f.demo.sessions, 'F14')}`, { expectedAudience: 250 });
      expectStatus(res, 200);
      expect(res.json<{ expectedAudience: number }>().expectedAudience).toBe(250);
    });

    it('refuses chair4 reading, editing or deleting a session of board-1 with 403 board_scope', async () => {
      const id = idOf(f.demo.sessions, 'F01');
      const before = await sessionRow(id);
      expect(refusalOf(await call(f.app, f.chair4, 'GET', `${EV}/sessions/${id}`))).toBe('403 board_scope boardId');
      expect(refusalOf(await call(f.app, f.chair4, 'PATCH', `${EV}/sessions/${id}`, { expectedAudience: 1 }))).toBe(
        '403 board_scope boardId',
      );
      expect(refusalOf(await call(f.app, f.chair4, 'DELETE', `${EV}/sessions/${id}`))).toBe('403 board_scope boardId');
      expect(await sessionRow(id)).toEqual(before);
    });

    it('refuses chair4 moving a board-4 session to board-1', async () => {
      const id = idOf(f.demo.sessions, 'F16');
      const before = await sessionRow(id);
      const res = await call(f.app, f.chair4, 'PATCH', `${EV}/sessions/${id}`, { boardId: board(f, 'board-1') });
      expect(refusalOf(res)).toBe('403 board_scope boardId');
      expect(await sessionRow(id)).toEqual(before);
    });

    it('refuses chair4 a new session without a board or on board-1, and accepts one on board-4', async () => {
      const body = {
        kind: 'forum',
        title: { zh: '新论坛', en: 'New forum' },
        startsAt: '2017-12-05T03:00:00Z',
        endsAt: '2017-12-05T04:00:00Z',
      };
      const before = await snapshotDb(f.app);
      expect(refusalOf(await call(f.app, f.chair4, 'POST', `${EV}/sessions`, { ...body, code: 'C4-NONE' }))).toBe(
        '403 board_scope boardId',
      );
      expect(
        refusalOf(await call(f.app, f.chair4, 'POST', `${EV}/sessions`, { ...body, code: 'C4-B1', boardId: board(f, 'board-1') })),
      ).toBe('403 board_scope boardId');
      expect(await snapshotDb(f.app)).toEqual(before);
      expectStatus(await call(f.app, f.chair4, 'POST', `${EV}/sessions`, { ...body, code: 'C4-B4', boardId: board(f, 'board-4') }), 201);
    });

    it('lists to chair4 exactly the sessions of board-4', async () => {
      const res = await call(f.app, f.chair4, 'GET', `${EV}/sessions`);
      expectStatus(res, 200);
      const listed = res
        .json<Array<{ code: string }>>()
        .map((s) => s.code)
        .sort();
      const board4 = await f.app.deps.db.selectFrom('sessions').select('code').where('board_id', '=', board(f, 'board-4')).execute();
      expect(listed).toEqual(board4.map((s) => s.code).sort());
      expect(listed).toEqual(expect.arrayContaining(['F13', 'F14', 'F15', 'F16']));
      expect(listed).not.toContain('F01');
    });
  });

  describe('closed-door sessions', () => {
    const F15 = (f: Fixture) => idOf(f.demo.sessions, 'F15');

    it('leaves F15 out of the programme for anonymous visitors and for a guest', async () => {
      const anonymous = await programmeCodes(f, null);
      expect(anonymous).toContain('F13');
      expect(anonymous).not.toContain('F15');
      expect(await programmeCodes(f, f.guest)).not.toContain('F15');
    });

    it('shows F15 to the organiser and to the chair of board-4', async () => {
      expect(await programmeCodes(f, f.organiser)).toContain('F15');
      expect(await programmeCodes(f, f.chair4)).toContain('F15');
    });

    it('shows F15 to a guest, and lets them star it, only once the organiser invites them', async () => {
      const invitee = await grant(f.app, f.organiser, 'guest', 'invitee@matrix.example.org');
      if (invitee.kind !== 'cookie') throw new Error('guests log in with a password');
      expect(await programmeCodes(f, invitee.session)).not.toContain('F15');
      expect(refusalOf(await call(f.app, invitee.session, 'PUT', `${EV}/agenda/${F15(f)}`))).toBe('404 not_found sessionId');

      const invited = await call(f.app, f.organiser, 'PATCH', `${EV}/sessions/${F15(f)}`, { invitedUserIds: [invitee.userId] });
      expectStatus(invited, 200);
      expect(invited.json<{ invitedUserIds: number[] }>().invitedUserIds).toEqual([invitee.userId]);

      expect(await programmeCodes(f, invitee.session)).toContain('F15');
      const starred = await call(f.app, invitee.session, 'PUT', `${EV}/agenda/${F15(f)}`);
      expectStatus(starred, 200);
      expect(starred.json<{ items: Array<{ code: string }> }>().items.map((i) => i.code)).toEqual(['F15']);
      expect(await programmeCodes(f, f.guest)).not.toContain('F15');
    });
  });

  describe('CSRF', () => {
    const cookieOnly = (s: Session, extra: Record<string, string> = {}) => ({ cookie: s.cookie, ...extra });

    it('refuses a cookie-authenticated POST without x-csrf-token with 403 csrf, writing nothing', async () => {
      const before = await snapshotDb(f.app);
      const res = await f.app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        headers: cookieOnly(f.guest),
        payload: { name: 'no-csrf' },
      });
      expect(refusalOf(res)).toBe('403 csrf -');
      expect(await snapshotDb(f.app)).toEqual(before);
    });

    it('refuses a cookie-authenticated POST with a wrong x-csrf-token with 403 csrf', async () => {
      const res = await f.app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        headers: cookieOnly(f.guest, { 'x-csrf-token': 'guessed' }),
        payload: { name: 'bad-csrf' },
      });
      expect(refusalOf(res)).toBe('403 csrf -');
    });

    it('refuses cookie-authenticated PUT, PATCH and DELETE without x-csrf-token too', async () => {
      const star = `${EV}/agenda/${F13(f)}`;
      expect(refusalOf(await f.app.app.inject({ method: 'PUT', url: star, headers: cookieOnly(f.guest) }))).toBe('403 csrf -');
      expect(refusalOf(await f.app.app.inject({ method: 'DELETE', url: star, headers: cookieOnly(f.guest) }))).toBe('403 csrf -');
      expect(
        refusalOf(
          await f.app.app.inject({
            method: 'PATCH',
            url: `${EV}/sessions/${F13(f)}`,
            headers: cookieOnly(f.organiser),
            payload: { expectedAudience: 1 },
          }),
        ),
      ).toBe('403 csrf -');
    });

    it('asks no CSRF token of a cookie-authenticated read', async () => {
      expectStatus(await f.app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: cookieOnly(f.guest) }), 200);
    });

    it('asks no CSRF token of bearer-token writes', async () => {
      const issued = await call(f.app, f.organiser, 'POST', '/api/v1/auth/tokens', { name: 'console-script' });
      expectStatus(issued, 201);
      const token = issued.json<{ token: string }>().token;
      const patched = await call(f.app, null, 'PATCH', `${EV}/sessions/${F13(f)}`, { expectedAudience: 320 }, bearer(token));
      expectStatus(patched, 200);
      expect(patched.json<{ expectedAudience: number }>().expectedAudience).toBe(320);
      expectStatus(await call(f.app, null, 'POST', '/api/v1/auth/tokens', { name: 'another' }, bearer(token)), 201);
    });
  });

  describe('device tokens', () => {
    const validSession = {
      code: 'DEV-1',
      kind: 'forum',
      title: { zh: '设备', en: 'Device' },
      startsAt: '2017-12-05T03:00:00Z',
      endsAt: '2017-12-05T04:00:00Z',
    };

    it("refuses a device token on the organiser's routes with 403 forbidden", async () => {
      const device = f.who.device;
      // a bearer call records the token's use at most once a minute: one call now keeps the next ones read-only
      expectStatus(await send(f, device, 'GET', '/api/v1/auth/me'), 200);
      const before = await snapshotDb(f.app);
      const attempts: Array<[Method, string, object | undefined]> = [
        ['POST', `${EV}/sessions`, validSession],
        ['PATCH', EV, { note: 'device was here' }],
        ['POST', `${EV}/accounts`, { email: 'x@device.example.org', displayName: 'X', role: 'organiser', password: PASSWORD }],
        ['POST', `${EV}/publish`, undefined],
        ['GET', `${EV}/sessions`, undefined],
        ['GET', `${EV}/agenda`, undefined],
      ];
      for (const [method, url, payload] of attempts) {
        expect(refusalOf(await send(f, device, method, url, payload)), `${method} ${url}`).toBe('403 forbidden -');
      }
      expect(await snapshotDb(f.app)).toEqual(before);
    });

    it('refuses a revoked device token with 401 unauthenticated', async () => {
      const device = await grant(f.app, f.organiser, 'device', 'gate-camera-2@matrix.example.org');
      if (device.kind !== 'bearer') throw new Error('devices get a token');
      expectStatus(await send(f, device, 'GET', '/api/v1/auth/me'), 200);
      await f.app.deps.db.updateTable('api_tokens').set({ revoked: 1 }).where('token_hash', '=', sha256(device.token)).execute();
      expect(refusalOf(await send(f, device, 'GET', '/api/v1/auth/me'))).toBe('401 unauthenticated -');
      expect(refusalOf(await send(f, device, 'POST', '/api/v1/auth/tokens', { name: 'revived' }))).toBe('401 unauthenticated -');
    });

    it('refuses an unknown bearer token with 401 unauthenticated', async () => {
      const unknown: Credential = { kind: 'bearer', token: 'hw_this-token-was-never-issued' };
      expect(refusalOf(await send(f, unknown, 'GET', '/api/v1/auth/me'))).toBe('401 unauthenticated -');
      expect(refusalOf(await send(f, unknown, 'POST', `${EV}/sessions`, validSession))).toBe('401 unauthenticated -');
    });
  });
});
