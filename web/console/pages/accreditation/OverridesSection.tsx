import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverrideView } from '../../../../src/modules/accreditation/accreditation.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { FormError, SaveButton, SelectField, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';
import { fromLocalInput } from '../../time.js';
import { describeWindow } from './windows.js';
import type { GuestSummary, ZoneView } from '../../types.js';

type Zone = ZoneView;
type GuestHit = GuestSummary;

/** One guest's individual grants and bans: listed, added with an optional window and a reason, removed. */
export function GuestOverrides({ guestId, zones }: { guestId: number; zones: Zone[] }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const tz = event.timezone;
  const lang = currentLang();
  const list = useApi<OverrideView[]>(eventPath(event.slug, `/guests/${guestId}/overrides`));
  const [zoneId, setZoneId] = useState(String(zones[0]?.id ?? ''));
  const [kind, setKind] = useState<'grant' | 'ban'>('grant');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const { error, forField, run, busy } = useApiError();
  const words = { whole: t('accreditation.windows.whole'), from: t('accreditation.windows.from'), until: t('accreditation.windows.until') };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { zoneId: Number(zoneId), kind, startsAt: start ? fromLocalInput(start, tz) : null, endsAt: end ? fromLocalInput(end, tz) : null, reason };
    const done = await run(() => api<OverrideView>('POST', eventPath(event.slug, `/guests/${guestId}/overrides`), body));
    if (done) {
      setStart('');
      setEnd('');
      setReason('');
      list.reload();
    }
  }
  async function remove(id: number) {
    const done = await run(() => api('DELETE', eventPath(event.slug, `/guests/${guestId}/overrides/${id}`)));
    if (done !== undefined) list.reload();
  }
  const zone = (id: number) => zones.find((z) => z.id === id);
  return (
    <div className="guest-overrides">
      <QueryState of={list} />
      {list.data && list.data.length === 0 && <p className="muted">{t('accreditation.overrides.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="grid overrides-table">
          <caption>{t('accreditation.overrides.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accreditation.zone')}</th>
              <th scope="col">{t('accreditation.overrides.kind')}</th>
              <th scope="col">{t('accreditation.overrides.window')}</th>
              <th scope="col">{t('accreditation.overrides.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('accreditation.overrides.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  {zone(o.zoneId)?.code ?? o.zoneId} · {pickText(zone(o.zoneId)?.name, lang)}
                </th>
                <td>{t(`accreditation.overrides.${o.kind}`)}</td>
                <td>{describeWindow(o, tz, lang, words)}</td>
                <td>{o.reason ?? ''}</td>
                <td>
                  <button type="button" className="danger" onClick={() => void remove(o.id)}>
                    {t('accreditation.overrides.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void submit(e)} className="editor" aria-label={t('accreditation.overrides.add')}>
        <div className="row">
          <SelectField label={t('accreditation.zone')} value={zoneId} onChange={setZoneId} error={forField('zoneId')}>
            {zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.code} · {pickText(z.name, lang)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('accreditation.overrides.kind')} value={kind} onChange={(v) => setKind(v === 'ban' ? 'ban' : 'grant')} error={forField('kind')}>
            <option value="grant">{t('accreditation.overrides.grant')}</option>
            <option value="ban">{t('accreditation.overrides.ban')}</option>
          </SelectField>
          <TextField label={t('accreditation.categories.from')} type="datetime-local" value={start} onChange={setStart} error={forField('startsAt')} />
          <TextField label={t('accreditation.categories.until')} type="datetime-local" value={end} onChange={setEnd} error={forField('endsAt')} />
        </div>
        <TextField label={t('accreditation.overrides.reason')} value={reason} onChange={setReason} error={forField('reason')} required />
        <FormError error={error} fields={['zoneId', 'kind', 'startsAt', 'endsAt', 'reason']} />
        <div className="actions">
          <SaveButton busy={busy} label={t('accreditation.overrides.add')} />
        </div>
      </form>
    </div>
  );
}

/** Finds a guest by any part of the name (either script), organisation or email, and edits their grants and bans. */
export function OverridesSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const zones = useApi<Zone[]>(eventPath(event.slug, '/zones'));
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [chosen, setChosen] = useState<GuestHit | null>(null);
  const hits = useApi<{ items: GuestHit[] }>(query === null ? null : eventPath(event.slug, `/guests?limit=20&q=${encodeURIComponent(query)}`));
  return (
    <section aria-labelledby="overrides-title">
      <h3 id="overrides-title">{t('accreditation.section.overrides')}</h3>
      <form
        role="search"
        aria-label={t('accreditation.overrides.search')}
        onSubmit={(e) => {
          e.preventDefault();
          setChosen(null);
          setQuery(q.trim());
        }}
      >
        <div className="row">
          <TextField label={t('accreditation.overrides.search')} value={q} onChange={setQ} />
          <div className="actions">
            <button type="submit">{t('accreditation.overrides.find')}</button>
          </div>
        </div>
      </form>
      <QueryState of={hits} />
      {hits.data && !chosen && (
        <ul className="guest-hits">
          {hits.data.items.length === 0 && <li className="muted">{t('accreditation.overrides.noGuests')}</li>}
          {hits.data.items.map((g) => (
            <li key={g.id}>
              <button type="button" onClick={() => setChosen(g)}>
                {g.name}
                {g.nameLatin !== g.name ? ` · ${g.nameLatin}` : ''}
              </button>{' '}
              <span className="muted">
                {g.organisation ?? ''} {g.category ? `· ${pickText(g.category.name, lang)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {chosen && zones.data && (
        <>
          <h4>
            {chosen.name}
            {chosen.nameLatin !== chosen.name ? ` · ${chosen.nameLatin}` : ''}{' '}
            <button type="button" onClick={() => setChosen(null)}>
              {t('accreditation.overrides.back')}
            </button>
          </h4>
          <GuestOverrides guestId={chosen.id} zones={zones.data} />
        </>
      )}
    </section>
  );
}
