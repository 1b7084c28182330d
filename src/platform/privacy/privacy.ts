import { type Actor, type Deps, emit } from '../deps.js';
import { ok, refuse, type Result } from '../result.js';
import { parsePersonQuery, type PersonExport, type PrivacyEvent, type PrivacyRegistry, type ShredReport, todayUtc } from './registry.js';

/**
 * A subject-access request: one person of the event, named by e-mail or guest id, with their records from every
 * module that holds any. Audited as privacy.exported (who asked, whom, which modules; never the records).
 */
export async function exportPersonData(deps: Deps, registry: PrivacyRegistry, actor: Actor, event: PrivacyEvent, personText: string): Promise<Result<PersonExport>> {
  const query = parsePersonQuery(personText);
  if (!query) return refuse('validation', 'person', { detail: 'an e-mail address or a guest id' });
  const person = await registry.identify(deps, actor, event.id, query);
  if (!person) return refuse('privacy_person_unknown', 'person');
  const data = await registry.exportPerson(deps, actor, person);
  await emit(deps, actor, event.id, { type: 'privacy.exported', payload: { guestId: person.guestId, userId: person.userId, modules: Object.keys(data) } });
  return ok(data);
}

/**
 * The event shredder: every registrant's personal data deleted or anonymised per its retention, statistics kept;
 * before the event's end only when forced. A dry run reports the same counts and changes nothing. Audited as
 * privacy.shredded with the counts.
 */
export async function shredEventData(deps: Deps, registry: PrivacyRegistry, actor: Actor, event: PrivacyEvent, opts: { force?: boolean; dryRun?: boolean; today?: string } = {}): Promise<Result<ShredReport>> {
  const res = await registry.shredEvent(deps, actor, event, { today: opts.today ?? todayUtc(), force: opts.force === true }, { dryRun: opts.dryRun === true });
  if (res.ok && !res.value.dryRun) await emit(deps, actor, event.id, { type: 'privacy.shredded', payload: { forced: res.value.forced, modules: res.value.modules } });
  return res;
}
