import type { Queryable } from '../db/database.js';
import type { Actor, Deps } from '../deps.js';
import { ok, refuse, type Result } from '../result.js';

/**
 * The privacy registry: each module that holds personal data registers what it holds (what, why, retention), how
 * to export one person's records (a subject-access request) and how to shred an ended event's personal data while
 * keeping the statistics. The platform knows no module: registrants come from the modules' manifests.
 */

/** One kind of personal data a module holds, in the words the organiser's privacy notice uses. */
export interface PersonalDatum {
  what: string;
  why: string;
  retention: string;
  /** the same in Chinese, for the console's 隐私 page */
  zh?: { what: string; why: string; retention: string };
}

/** A person within one event, as far as the registrants could identify them. */
export interface PrivacyPerson {
  eventId: number;
  /** the guest record in the event (people module), if any */
  guestId: number | null;
  /** the account (platform/auth), if any */
  userId: number | null;
  email: string | null;
}

export interface PrivacyEvent {
  id: number;
  slug: string;
  /** YYYY-MM-DD, the event's last day */
  endDate: string;
}

/** The retention policy a shred applies: after the event's last day (UTC), or earlier when forced. */
export interface ShredPolicy {
  /** YYYY-MM-DD (UTC) */
  today: string;
  force: boolean;
}

/** What a registrant reads and writes with: inside a shred, `db` is the shred's one transaction. */
export interface PrivacyContext {
  db: Queryable;
  deps: Deps;
  actor: Actor;
  /** work that must wait for the commit (files, in-memory indexes): run after the shred's transaction commits */
  afterCommit(task: () => Promise<void> | void): void;
}

/** A module's records about one person: plain JSON values, never sealed blobs or secrets. */
export type PrivacyRecord = Record<string, unknown>;

export interface ShredOutcome {
  /** per kind of record: how many were deleted or anonymised */
  removed: Record<string, number>;
  /** per kind of record: how many stay, without the person link (the statistics) */
  kept: Record<string, number>;
}

export interface PrivacyRegistrant {
  /** the module's name, and the key of its records in an export */
  module: string;
  holds: PersonalDatum[];
  /** contributes identifiers of the person looked up by e-mail or guest id (the people module and accounts do) */
  identify?(ctx: PrivacyContext, eventId: number, query: PersonQuery): Promise<Partial<Omit<PrivacyPerson, 'eventId'>> | null>;
  export(ctx: PrivacyContext, person: PrivacyPerson): Promise<PrivacyRecord[]>;
  shred(ctx: PrivacyContext, event: PrivacyEvent, policy: ShredPolicy): Promise<ShredOutcome>;
}

/** `--person`: an e-mail address or a guest id. */
export type PersonQuery = { email: string } | { guestId: number };

export function parsePersonQuery(text: string): PersonQuery | null {
  const t = text.trim();
  if (/^[1-9][0-9]{0,9}$/.test(t) && Number(t) <= 2_147_483_647) return { guestId: Number(t) };
  if (/^[^\s@]+@[^\s@]+$/.test(t) && t.length <= 320) return { email: t.toLowerCase() };
  return null;
}

export type PersonExport = Record<string, PrivacyRecord[]>;

export interface ShredOptions {
  /** only these modules' registrants (the face shredder names `faces`) */
  only?: readonly string[];
  /** report what the shred would remove, and remove nothing */
  dryRun?: boolean;
}

const DRY_RUN = Symbol('privacy shred dry run');

export interface ShredReport {
  event: string;
  forced: boolean;
  dryRun: boolean;
  modules: Record<string, ShredOutcome>;
}

/** The registrants in the order they were registered; a shred runs them in reverse (dependants first). */
export class PrivacyRegistry {
  readonly #registrants: PrivacyRegistrant[] = [];

  constructor(registrants: Iterable<PrivacyRegistrant> = []) {
    for (const r of registrants) this.register(r);
  }

  register(registrant: PrivacyRegistrant): this {
    if (this.#registrants.some((r) => r.module === registrant.module)) throw new Error(`privacy: module "${registrant.module}" registered twice`);
    this.#registrants.push(registrant);
    return this;
  }

  list(): readonly PrivacyRegistrant[] {
    return this.#registrants;
  }

  /** Who the query names in the event, or null when no registrant knows them. */
  async identify(deps: Deps, actor: Actor, eventId: number, query: PersonQuery): Promise<PrivacyPerson | null> {
    const ctx = context(deps.db, deps, actor, []);
    const person: PrivacyPerson = { eventId, guestId: null, userId: null, email: 'email' in query ? query.email : null };
    let found = false;
    for (const r of this.#registrants) {
      const part = await r.identify?.(ctx, eventId, query);
      if (!part) continue;
      found = true;
      person.guestId ??= part.guestId ?? null;
      person.userId ??= part.userId ?? null;
      person.email ??= part.email ?? null;
    }
    return found ? person : null;
  }

  /** One person's records from every module that holds any (modules with none are left out). */
  async exportPerson(deps: Deps, actor: Actor, person: PrivacyPerson): Promise<PersonExport> {
    const ctx = context(deps.db, deps, actor, []);
    const out: PersonExport = {};
    for (const r of this.#registrants) {
      const records = await r.export(ctx, person);
      if (records.length > 0) out[r.module] = records;
    }
    return out;
  }

  /**
   * Shreds an event's personal data in every registered module (or the named ones) in one transaction; files and
   * caches go after the commit. Refuses before the event has ended unless the policy forces it.
   */
  async shredEvent(deps: Deps, actor: Actor, event: PrivacyEvent, policy: ShredPolicy, opts: ShredOptions = {}): Promise<Result<ShredReport>> {
    if (event.endDate >= policy.today && !policy.force) return refuse('privacy_event_running', 'force', { end: event.endDate });
    const tasks: Array<() => Promise<void> | void> = [];
    const chosen = this.#registrants.filter((r) => !opts.only || opts.only.includes(r.module)).reverse();
    const modules: Record<string, ShredOutcome> = {};
    try {
      await deps.db.transaction().execute(async (trx) => {
        const ctx = context(trx as unknown as Queryable, deps, actor, tasks);
        for (const r of chosen) modules[r.module] = await r.shred(ctx, event, policy);
        // a dry run is the real shred rolled back: exactly what it would remove, and nothing removed
        if (opts.dryRun) throw DRY_RUN;
      });
    } catch (err) {
      if (err !== DRY_RUN) throw err;
    }
    if (!opts.dryRun) for (const task of tasks) await task();
    // report in registration order, as the export does
    const ordered: Record<string, ShredOutcome> = {};
    for (const r of this.#registrants) if (modules[r.module]) ordered[r.module] = modules[r.module]!;
    return ok({ event: event.slug, forced: event.endDate >= policy.today, dryRun: opts.dryRun === true, modules: ordered });
  }
}

function context(db: Queryable, deps: Deps, actor: Actor, tasks: Array<() => Promise<void> | void>): PrivacyContext {
  return { db, deps, actor, afterCommit: (task) => void tasks.push(task) };
}

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
