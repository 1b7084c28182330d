import type { Deps } from '../platform/deps.js';
import { SYSTEM } from '../platform/deps.js';
import { nowIso, toJson } from '../platform/db/database.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Role } from '../platform/auth/permissions.js';
import { ok, type Result } from '../platform/result.js';
import { importProgramme } from '../modules/program/import-programme.js';
import { publishProgramme } from '../modules/program/publish-programme.js';
import { ProgrammeImport } from '../modules/program/program.schema.js';
import { generatePeople } from './generate-people.js';
import { wic2017Programme } from './wic2017.js';
import { loadDemoAccreditation } from './wic2017-accreditation.js';
import { DEMO_DRIVER_EMAIL, loadDemoCarts } from './demo-carts.js';
import { DEMO_GUEST_EMAIL, loadDemoGuestRecord, loadDemoGuests, type DemoInvitee } from './demo-guests.js';

export const DEMO_SLUG = 'wic2017';
export const DEMO_PASSWORD = 'wuzhen-demo-2017';
export const DEMO_ACCOUNTS = [
  { email: 'organiser@wic2017.example.org', name: '会务组 Secretariat', role: 'organiser' as const, board: null },
  { email: 'chair4@wic2017.example.org', name: '网络空间治理板块 Board 4 chair', role: 'board_chair' as const, board: 'board-4' },
  { email: DEMO_GUEST_EMAIL, name: 'Demo Guest', role: 'guest' as const, board: null },
  { email: 'desk@wic2017.example.org', name: '证件发放台 Badge desk', role: 'desk_staff' as const, board: null },
  { email: 'gate@wic2017.example.org', name: '安检门 Gate staff', role: 'gate_staff' as const, board: null },
  { email: DEMO_DRIVER_EMAIL, name: '观光车司机 Cart driver', role: 'driver' as const, board: null },
];

export interface DemoScale {
  guests: number;
  volunteers: number;
  exhibitors: number;
  seed: number;
}

interface NewAccount {
  email: string;
  name: string;
  role: Role;
  profile: Record<string, unknown>;
}

/** Adds accounts that are not there yet (by email) with their role in the event; returns how many were new. */
async function addAccounts(deps: Deps, eventId: number, accounts: NewAccount[], onProgress?: (done: number, total: number) => void) {
  let added = 0;
  for (let i = 0; i < accounts.length; i += 400) {
    const chunk = accounts.slice(i, i + 400);
    await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('users')
        .values(chunk.map((a) => ({ email: a.email, password_hash: null, display_name: a.name, locale: 'en', disabled: 0, profile: toJson(a.profile), created_at: nowIso() })))
        .onConflict((oc) => oc.column('email').doNothing())
        .returning(['id', 'email'])
        .execute();
      const roleOf = new Map(chunk.map((a) => [a.email, a.role]));
      if (inserted.length) {
        await trx.insertInto('role_grants').values(inserted.map((u) => ({ user_id: u.id, role: roleOf.get(u.email)!, event_id: eventId, board_id: null }))).execute();
      }
      added += inserted.length;
    });
    onProgress?.(Math.min(i + chunk.length, accounts.length), accounts.length);
  }
  return added;
}

/**
 * The WIC 2017 demo: the programme (imported, then published), three demo logins, and generated guests,
 * volunteers and exhibitor contacts at the real event's scale. Safe to run again: nothing is duplicated.
 */
export async function loadDemo(deps: Deps, scale: DemoScale, onProgress?: (step: string, done: number, total: number) => void): Promise<Result<{ eventId: number; added: number }>> {
  const imported = await importProgramme(deps, SYSTEM, DEMO_SLUG, ProgrammeImport.parse(wic2017Programme()));
  if (!imported.ok) return imported;
  const eventId = imported.value.eventId;
  const published = await deps.db.selectFrom('publications').select('version').where('event_id', '=', eventId).executeTakeFirst();
  if (!published) {
    const pub = await publishProgramme(deps, SYSTEM, (await deps.db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow()));
    if (!pub.ok) return pub;
  }
  await loadDemoAccreditation(deps.db, eventId);
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    const exists = await deps.db.selectFrom('users').select('id').where('email', '=', a.email).executeTakeFirst();
    if (exists) continue;
    const user = await deps.db
      .insertInto('users')
      .values({ email: a.email, password_hash: hash, display_name: a.name, locale: 'zh', disabled: 0, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const board = a.board ? await deps.db.selectFrom('boards').select('id').where('event_id', '=', eventId).where('external_ref', '=', a.board).executeTakeFirst() : null;
    // The demo organiser runs the whole installation (so it can create events too); the others belong to WIC 2017.
    const scope = a.role === 'organiser' ? null : eventId;
    await deps.db.insertInto('role_grants').values({ user_id: user.id, role: a.role, event_id: scope, board_id: board?.id ?? null }).execute();
  }
  // the carts' network and fleet, after the accounts: the demo driver drives C01
  await loadDemoCarts(deps.db, eventId);
  const people = generatePeople(scale);
  const accounts: NewAccount[] = [
    ...people.guests.map((g) => ({
      email: g.email,
      name: g.name,
      role: 'guest' as const,
      profile: { nameLatin: g.nameLatin, sortKey: g.sortKey, organisation: g.organisation, country: g.country, delegation: g.delegation, category: g.category, language: g.language, phone: g.phone },
    })),
    ...people.volunteers.map((v) => ({
      email: v.email,
      name: v.name,
      role: 'volunteer' as const,
      profile: { nameLatin: v.nameLatin, sortKey: v.sortKey, university: v.university, languages: v.languages, phone: v.phone },
    })),
    ...people.exhibitors.map((e) => ({
      email: e.contact.email,
      name: e.contact.name,
      role: 'exhibitor' as const,
      profile: { nameLatin: e.contact.nameLatin, company: e.name, booth: e.booth, category: e.category, country: e.country, phone: e.contact.phone },
    })),
  ];
  const added = await addAccounts(deps, eventId, accounts, (d, t) => onProgress?.('people', d, t));
  // the guest list behind the accounts: invited, registered, reviewed and badged (demo-guests.ts)
  const demoUsers = new Map((await deps.db.selectFrom('users').select(['id', 'email']).where('email', 'in', DEMO_ACCOUNTS.map((a) => a.email)).execute()).map((u) => [u.email, u.id]));
  const organiserId = demoUsers.get(DEMO_ACCOUNTS[0]!.email) ?? null;
  await loadDemoGuestRecord(deps, eventId, demoUsers.get(DEMO_GUEST_EMAIL)!, organiserId);
  // volunteers and exhibitor contacts are accredited too (their own categories), after the guests
  const staff: DemoInvitee[] = [
    ...people.volunteers.map((v) => ({ ...v, organisation: v.university.zh, country: 'CN', delegation: null, category: 'volunteer', language: v.languages.includes('zh') ? 'zh' : 'en', staff: true })),
    ...people.exhibitors.map((e) => ({ ...e.contact, key: e.key, organisation: e.country === 'CN' ? e.name.zh : e.name.en, country: e.country, delegation: null, category: 'exhibitor', language: e.country === 'CN' ? 'zh' : 'en', staff: true })),
  ];
  await loadDemoGuests(deps, eventId, [...people.guests, ...staff], scale.seed, organiserId, (d, t) => onProgress?.('guests', d, t));
  await deps.bus.publish({ type: 'demo.loaded', eventId, payload: { ...scale, added } });
  return ok({ eventId, added });
}
