import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../platform/deps.js';
import { toJson, type Tx } from '../platform/db/database.js';
import { sha256 } from '../platform/auth/principal.js';
import { eventKey } from '../modules/accreditation/event-keys.js';
import { signCredential } from '../modules/accreditation/sign-credential.js';
import { sealedRegistrationJson } from '../modules/people/identity-number.js';
import { mulberry32, type DemoGuest } from './generate-people.js';
import { CHANGE_REQUESTS, demoConsents, demoRegistration, localTime, pick, REJECTIONS, type Rng } from './demo-registration.js';

/**
 * The demo's guest list as it stands on the eve of WIC 2017: every generated guest invited, most registered and
 * approved with a signed badge credential, some still awaiting review or asked for changes, a few rejected, a
 * dozen badges reprinted and a handful lost. Written in bulk (one transaction per step, each credential signed
 * with the event key exactly as issueCredential signs it) because issuing 1,500 badges one by one is 1,500
 * transactions and audit events, which a demo has no use for. Deterministic by seed, apart from the signatures'
 * key (made per installation) and the invitation tokens (derived from the installation secret).
 */

export const DEMO_GUEST_EMAIL = 'guest@wic2017.example.org';

/** Status shares of the generated guests (the rest, about 85 %, are approved). */
const STATUS_SHARES: [status: string, upTo: number][] = [
  ['approved', 0.85],
  ['registered', 0.91],
  ['invited', 0.95],
  ['changes_requested', 0.975],
  ['rejected', 1],
];

/** An invitation token nobody can guess without the installation secret, the same on every run. */
export function demoInvitationToken(secret: string, eventId: number, email: string): string {
  return createHmac('sha256', secret).update(`demo-invitation:${eventId}:${email}`).digest('base64url');
}

/** Whole seconds, as credentials carry their issue time (issueCredential rounds the same way). */
const plusDays = (iso: string, days: number, rng: Rng) =>
  new Date(Math.floor((Date.parse(iso) + (days + rng()) * 86_400_000) / 1000) * 1000).toISOString();

/** Credentials expire when issueCredential's do: the start of the second day after the event ends, event time. */
async function credentialExpiry(trx: Tx, eventId: number): Promise<string> {
  const event = await trx.selectFrom('events').select(['end_date', 'timezone']).where('id', '=', eventId).executeTakeFirstOrThrow();
  return DateTime.fromISO(event.end_date, { zone: event.timezone }).plus({ days: 2 }).startOf('day').toUTC().toJSDate().toISOString();
}

interface NewCredential {
  guestId: number;
  categoryId: number;
  issuedAt: string;
  revokedAt?: string;
  revokeReason?: string;
  printedAt?: string;
}

/** Inserts credentials and signs each with the event key (the id is inside the signed claims, so insert first). */
async function insertCredentials(
  deps: Pick<Deps, 'db' | 'secret'>,
  trx: Tx,
  eventId: number,
  expiresAt: string,
  list: NewCredential[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < list.length; i += 300) {
    const chunk = list.slice(i, i + 300);
    const rows = await trx
      .insertInto('credentials')
      .values(
        chunk.map((c) => ({
          event_id: eventId,
          guest_id: c.guestId,
          payload: '',
          issued_at: c.issuedAt,
          expires_at: expiresAt,
          revoked_at: c.revokedAt ?? null,
          revoke_reason: c.revokeReason ?? null,
          printed_at: c.printedAt ?? null,
        })),
      )
      .returning('id')
      .execute();
    for (const [j, row] of rows.entries()) {
      const c = chunk[j]!;
      const payload = await signCredential(deps, {
        eventId,
        credentialId: row.id,
        guestId: c.guestId,
        categoryId: c.categoryId,
        issuedAt: Math.floor(Date.parse(c.issuedAt) / 1000),
        expiresAt: Math.floor(Date.parse(expiresAt) / 1000),
      });
      await trx.updateTable('credentials').set({ payload }).where('id', '=', row.id).execute();
      ids.push(row.id);
    }
  }
  return ids;
}

async function categoryIds(trx: Tx, eventId: number): Promise<Map<string, number>> {
  return new Map(
    (await trx.selectFrom('categories').select(['id', 'code']).where('event_id', '=', eventId).execute()).map((c) => [c.code, c.id]),
  );
}

/**
 * The demo guest login (guest@wic2017.example.org) as an approved guest with a current badge, so the attendee
 * app's badge and a gate can be tried straight away. Nothing happens when the record exists.
 */
export async function loadDemoGuestRecord(
  deps: Pick<Deps, 'db' | 'secret'>,
  eventId: number,
  userId: number,
  organiserId: number | null,
): Promise<void> {
  const exists = await deps.db
    .selectFrom('guests')
    .select('id')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (exists) return;
  await eventKey(deps, eventId); // made (or read) outside the transaction, which holds SQLite's one connection
  await deps.db.transaction().execute(async (trx) => {
    const categoryId = (await categoryIds(trx, eventId)).get('guest');
    if (categoryId === undefined) throw new Error('demo: no guest category');
    const invitedAt = '2017-10-10T02:00:00.000Z';
    const registeredAt = '2017-10-16T09:30:00.000Z';
    const reviewedAt = '2017-10-18T03:15:00.000Z';
    const rng = mulberry32(20171203);
    const guest = await trx
      .insertInto('guests')
      .values({
        event_id: eventId,
        user_id: userId,
        external_ref: 'DEMO-GUEST',
        name: 'Demo Guest',
        name_latin: 'Demo Guest',
        sort_key: 'guest',
        organisation: 'Huiwu Demo',
        title: null,
        country: 'GB',
        delegation_id: null,
        delegation_head: 0,
        category_id: categoryId,
        language: 'en',
        email: DEMO_GUEST_EMAIL,
        phone: '+44 7700900123',
        status: 'approved',
        invite_hash: sha256(demoInvitationToken(deps.secret, eventId, DEMO_GUEST_EMAIL)),
        invited_at: invitedAt,
        registration: sealedRegistrationJson(deps.secret, demoRegistration(rng, { country: 'GB', language: 'en' })),
        consents: toJson(demoConsents(() => 0, registeredAt)),
        photo_key: null,
        registered_at: registeredAt,
        review_note: null,
        reviewed_by: organiserId,
        reviewed_at: reviewedAt,
        badge_collected_at: null,
        created_at: invitedAt,
        updated_at: reviewedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertCredentials(deps, trx, eventId, await credentialExpiry(trx, eventId), [
      { guestId: guest.id, categoryId, issuedAt: reviewedAt },
    ]);
  });
}

/**
 * Someone on the accreditation list: a generated guest, or a volunteer or exhibitor contact (`staff`: accredited
 * by the organisers without review, so always approved).
 */
export type DemoInvitee = Omit<DemoGuest, 'category' | 'continent'> & { category: string; staff?: boolean };

export interface DemoGuestsLoaded {
  guests: number;
  credentials: number;
  delegations: number;
  invitedToClosedDoor: number;
}

const regionNames = { zh: new Intl.DisplayNames(['zh'], { type: 'region' }), en: new Intl.DisplayNames(['en'], { type: 'region' }) };

/**
 * Guest records for the generated guests (each linked to its account by e-mail), their delegations, statuses,
 * registrations, consents and badges. Guests already on the list (by e-mail) are left alone, so a second run
 * adds nothing. Reports progress per guest written.
 */
export async function loadDemoGuests(
  deps: Pick<Deps, 'db' | 'secret'>,
  eventId: number,
  generated: DemoInvitee[],
  seed: number,
  organiserId: number | null,
  onProgress?: (done: number, total: number) => void,
): Promise<DemoGuestsLoaded> {
  const db = deps.db;
  const known = new Set((await db.selectFrom('guests').select('email').where('event_id', '=', eventId).execute()).map((g) => g.email));
  const fresh = generated.filter((g) => !known.has(g.email));
  const loaded: DemoGuestsLoaded = { guests: 0, credentials: 0, delegations: 0, invitedToClosedDoor: 0 };
  if (!fresh.length) {
    onProgress?.(generated.length, generated.length);
    return loaded;
  }
  const userIds = new Map<string, number>();
  for (let i = 0; i < fresh.length; i += 500) {
    const emails = fresh.slice(i, i + 500).map((g) => g.email);
    for (const u of await db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute()) userIds.set(u.email, u.id);
  }

  await eventKey(deps, eventId); // made (or read) outside the transaction, which holds SQLite's one connection
  await db.transaction().execute(async (trx) => {
    const categories = await categoryIds(trx, eventId);
    const categoryOf = (code: string) => {
      const id = categories.get(code);
      if (id === undefined) throw new Error(`demo: no category ${code}`);
      return id;
    };

    // delegations, one per national delegation code; the first member listed leads it
    const codes = [...new Set(fresh.map((g) => g.delegation).filter((d): d is string => d !== null))];
    if (codes.length) {
      const inserted = await trx
        .insertInto('delegations')
        .values(
          codes.map((code) => {
            const country = code.slice(4);
            return {
              event_id: eventId,
              code,
              name_zh: `${regionNames.zh.of(country) ?? country}代表团`,
              name_en: `Delegation of ${regionNames.en.of(country) ?? country}`,
              country,
            };
          }),
        )
        .onConflict((oc) => oc.columns(['event_id', 'code']).doNothing())
        .returning('id')
        .execute();
      loaded.delegations = inserted.length;
    }
    const delegations = new Map(
      (await trx.selectFrom('delegations').select(['id', 'code']).where('event_id', '=', eventId).execute()).map((d) => [d.code, d.id]),
    );
    const headed = new Set(
      (
        await trx.selectFrom('guests').select('delegation_id').where('event_id', '=', eventId).where('delegation_head', '=', 1).execute()
      ).map((g) => g.delegation_id),
    );

    // one seeded stream for the whole list: the same seed gives the same statuses, travel and consents
    const rng = mulberry32(seed ^ 0x5eed_ac1d);
    const expiresAt = await credentialExpiry(trx, eventId);
    const rows = fresh.map((g) => {
      const roll = rng();
      const status = g.staff ? 'approved' : STATUS_SHARES.find(([, upTo]) => roll < upTo)![0];
      const delegationId = g.delegation ? delegations.get(g.delegation)! : null;
      const head = delegationId !== null && !headed.has(delegationId);
      if (head) headed.add(delegationId);
      // invitations went out in the second week of October 2017, registration within a month, review within days
      const invitedAt = new Date(
        Date.UTC(2017, 9, 9 + Math.floor(rng() * 10), 1 + Math.floor(rng() * 9), Math.floor(rng() * 60)),
      ).toISOString();
      const registeredAt = status === 'invited' ? null : plusDays(invitedAt, 1 + Math.floor(rng() * 25), rng);
      const reviewedAt = registeredAt && status !== 'registered' ? plusDays(registeredAt, 1 + Math.floor(rng() * 4), rng) : null;
      const registration = registeredAt ? demoRegistration(rng, g) : null;
      const given = registeredAt ? demoConsents(rng, registeredAt) : null;
      const note = status === 'changes_requested' ? pick(rng, CHANGE_REQUESTS) : status === 'rejected' ? pick(rng, REJECTIONS) : null;
      return {
        g,
        status,
        categoryId: categoryOf(g.category),
        reviewedAt,
        values: {
          event_id: eventId,
          user_id: userIds.get(g.email) ?? null,
          external_ref: g.key,
          name: g.name,
          name_latin: g.nameLatin,
          sort_key: g.sortKey,
          organisation: g.organisation,
          title: null,
          country: g.country,
          delegation_id: delegationId,
          delegation_head: head ? 1 : 0,
          category_id: categoryOf(g.category),
          language: g.language === 'zh' ? 'zh' : 'en',
          email: g.email,
          phone: g.phone,
          status,
          invite_hash: sha256(demoInvitationToken(deps.secret, eventId, g.email)),
          invited_at: invitedAt,
          registration: registration ? sealedRegistrationJson(deps.secret, registration) : null,
          consents: given ? toJson(given) : null,
          photo_key: null,
          registered_at: registeredAt,
          review_note: note,
          reviewed_by: reviewedAt ? organiserId : null,
          reviewed_at: reviewedAt,
          badge_collected_at: null,
          created_at: invitedAt,
          updated_at: reviewedAt ?? registeredAt ?? invitedAt,
        },
      };
    });

    const guestIds: number[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const inserted = await trx
        .insertInto('guests')
        .values(rows.slice(i, i + 200).map((r) => r.values))
        .returning('id')
        .execute();
      guestIds.push(...inserted.map((r) => r.id));
      onProgress?.(Math.round((guestIds.length / rows.length) * generated.length * 0.5), generated.length);
    }
    loaded.guests = guestIds.length;

    // badges: approved guests get one; a dozen were reprinted (old revoked, new current), a few lost outright
    const approved = rows.map((r, i) => ({ ...r, guestId: guestIds[i]! })).filter((r) => r.status === 'approved');
    const chosen = new Set<number>();
    const take = (n: number) => {
      const out: number[] = [];
      while (out.length < n && chosen.size < approved.length) {
        const i = Math.floor(rng() * approved.length);
        if (!chosen.has(i)) {
          chosen.add(i);
          out.push(i);
        }
      }
      return new Set(out);
    };
    const reprinted = take(Math.min(12, Math.floor(approved.length / 10)));
    const lost = take(Math.min(5, Math.floor(approved.length / 20)));
    const credentials: NewCredential[] = [];
    for (const [i, r] of approved.entries()) {
      const first: NewCredential = { guestId: r.guestId, categoryId: r.categoryId, issuedAt: r.reviewedAt! };
      if (reprinted.has(i)) {
        const at = localTime(rng, 2, 9, 20);
        const reprintAt = new Date(Date.parse(at)).toISOString();
        credentials.push({ ...first, printedAt: plusDays(r.reviewedAt!, 2, rng), revokedAt: reprintAt, revokeReason: 'reprint' });
        credentials.push({ ...first, issuedAt: reprintAt, printedAt: reprintAt });
      } else if (lost.has(i)) {
        credentials.push({
          ...first,
          printedAt: plusDays(r.reviewedAt!, 2, rng),
          revokedAt: new Date(Date.parse(localTime(rng, 3, 10, 18))).toISOString(),
          revokeReason: 'lost',
        });
      } else {
        credentials.push(first);
      }
    }
    for (let i = 0; i < credentials.length; i += 250) {
      loaded.credentials += (await insertCredentials(deps, trx, eventId, expiresAt, credentials.slice(i, i + 250))).length;
      onProgress?.(
        Math.round(generated.length * (0.5 + (0.5 * Math.min(i + 250, credentials.length)) / credentials.length)),
        generated.length,
      );
    }

    // the closed-door session admits its invitation list: some VIPs and heads of international organisations
    const closed = await trx
      .selectFrom('sessions')
      .select('id')
      .where('event_id', '=', eventId)
      .where('code', '=', 'F15')
      .executeTakeFirst();
    if (closed) {
      const invitees = approved
        .filter((r) => (r.g.category === 'vip' || r.g.category === 'international_org') && r.values.user_id !== null)
        .slice(0, 40)
        .map((r) => ({ session_id: closed.id, user_id: r.values.user_id! }));
      if (invitees.length) {
        const added = await trx
          .insertInto('session_invitations')
          .values(invitees)
          .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
          .execute();
        loaded.invitedToClosedDoor = added.reduce((n, r) => n + Number(r.numInsertedOrUpdatedRows ?? 0), 0);
      }
    }
  });
  onProgress?.(generated.length, generated.length);
  return loaded;
}
