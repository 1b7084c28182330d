import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import type { Locale } from '../../platform/i18n/messages.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { ok, type Result } from '../../platform/result.js';
import { checkInvitees, inviteeContext, normalise } from './check-invitees.js';
import type { ImportInput, ImportReport, InviteeRow } from './invitations.schema.js';

const HAN = /\p{Script=Han}/u;
/** Guests per INSERT: 27 columns each stays under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const INSERT_CHUNK = 500;

/** A delegation's code from its name: Latin letters and digits in lower case, joined by hyphens. */
export function delegationCode(name: string): string {
  // pinyin without the family-name split latinName makes for people: 上海代表团 → shanghaidaibiaotuan
  const latin = HAN.test(name) ? latinName(name).replace(/\s+/g, '') : name;
  const code = sortKey(latin)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return code || 'delegation';
}

export type ImportOutcome = { refused: false; report: ImportReport } | { refused: true; count: number; rows: InviteeRow[] };

/**
 * Imports checked invitees as guests with status invited. The rows are checked again here, whatever the console
 * showed: all_or_nothing refuses the whole import when any row is wrong, valid_rows imports the good ones and
 * reports the rest. One transaction either way, so a failure half-way leaves nothing behind.
 */
export async function importInvitations(
  deps: Deps,
  actor: Actor,
  eventId: number,
  input: ImportInput,
  locale: Locale,
): Promise<Result<ImportOutcome>> {
  const ctx = await inviteeContext(deps.db, eventId);
  const checked = checkInvitees(
    input.rows.map((row, i) => ({ line: row.line ?? i + 2, values: normalise(row, ctx) })),
    ctx,
    locale,
  );
  const bad = checked.filter((r) => r.errors.length > 0);
  if (bad.length > 0 && input.mode === 'all_or_nothing') return ok({ refused: true, count: bad.length, rows: bad });
  const good = checked.filter((r) => r.errors.length === 0);

  const categories = await deps.db.selectFrom('categories').select(['id', 'code']).where('event_id', '=', eventId).execute();
  const categoryId = new Map(categories.map((c) => [c.code, c.id]));
  const now = nowIso();

  const { guestIds, created } = await deps.db.transaction().execute(async (trx) => {
    const delegations = await trx
      .selectFrom('delegations')
      .select(['id', 'code', 'name_zh', 'name_en'])
      .where('event_id', '=', eventId)
      .execute();
    const byName = new Map<string, number>();
    const codes = new Set(delegations.map((d) => d.code));
    for (const d of delegations) for (const k of [d.code, d.name_zh, d.name_en]) byName.set(k.toLowerCase(), d.id);
    const created: ImportReport['delegationsCreated'] = [];

    const delegationOf = async (name: string, country: string): Promise<number | null> => {
      if (!name) return null;
      const known = byName.get(name.toLowerCase());
      if (known !== undefined) return known;
      const base = delegationCode(name);
      let code = base;
      for (let n = 2; codes.has(code); n++) code = `${base}-${n}`;
      const row = await trx
        .insertInto('delegations')
        .values({ event_id: eventId, code, name_zh: name, name_en: name, country: country || null })
        .returning('id')
        .executeTakeFirstOrThrow();
      codes.add(code);
      byName.set(name.toLowerCase(), row.id);
      created.push({ id: row.id, code, name });
      return row.id;
    };

    const values = [];
    for (const { values: v } of good) {
      const delegationId = await delegationOf(v.delegation, v.country);
      values.push({
        event_id: eventId,
        user_id: null,
        external_ref: null,
        name: v.name,
        name_latin: v.name_latin,
        sort_key: sortKey(v.name_latin),
        organisation: v.organisation || null,
        title: v.title || null,
        country: v.country || null,
        delegation_id: delegationId,
        delegation_head: v.delegation_head === 'yes' && delegationId !== null ? 1 : 0,
        category_id: v.category ? (categoryId.get(v.category) ?? null) : null,
        language: v.language,
        email: v.email || null,
        phone: v.phone || null,
        status: 'invited',
        invite_hash: null,
        invited_at: null,
        registration: null,
        consents: null,
        photo_key: null,
        registered_at: null,
        review_note: null,
        reviewed_by: null,
        reviewed_at: null,
        badge_collected_at: null,
        created_at: now,
        updated_at: now,
      });
    }
    // in chunks: one statement per row is slow on PostgreSQL, one for all exceeds the parameter limits
    const guestIds: number[] = [];
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      const rows = await trx
        .insertInto('guests')
        .values(values.slice(i, i + INSERT_CHUNK))
        .returning('id')
        .execute();
      guestIds.push(...rows.map((r) => r.id));
    }
    return { guestIds, created };
  });

  for (const [i, guestId] of guestIds.entries()) {
    const v = good[i]!.values;
    await emit(deps, actor, eventId, {
      type: 'guest.imported',
      payload: { guestId, name: v.name, nameLatin: v.name_latin, category: v.category || null, delegation: v.delegation || null },
    });
  }
  return ok({
    refused: false,
    report: { mode: input.mode, imported: guestIds.length, guestIds, delegationsCreated: created, rejected: bad },
  });
}
