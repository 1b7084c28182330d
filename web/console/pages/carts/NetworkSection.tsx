import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartNetwork, CartNetworkInput } from '../../../../src/modules/logistics/carts.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { useEvent } from '../../access.js';
import { FormError, Saved, SaveButton, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';
import { VenueMap } from './VenueMap.js';

// Rows are edited as text so a half-typed number stays on screen; the server's refusal names the field.
type StopRow = { key: number; code: string; zh: string; en: string; lat: string; lon: string; active: boolean };
type LinkRow = { key: number; from: string; to: string; seconds: string; metres: string; twoWay: boolean; added: boolean };
type Rules = { maxWaitMinutes: string; maxRideFactor: string; noShowSeconds: string };

let nextKey = 1;
const stopRows = (n: CartNetwork): StopRow[] =>
  n.stops.map((s) => ({ key: nextKey++, code: s.code, zh: s.name.zh, en: s.name.en, lat: String(s.lat), lon: String(s.lon), active: s.active }));
const linkRows = (n: CartNetwork): LinkRow[] =>
  n.links.map((l) => ({ key: nextKey++, from: l.from, to: l.to, seconds: String(l.seconds), metres: String(l.metres), twoWay: false, added: false }));
const rulesOf = (n: CartNetwork): Rules => ({
  maxWaitMinutes: String(Math.round((n.rules.maxWaitSeconds / 60) * 100) / 100),
  maxRideFactor: String(n.rules.maxRideFactor),
  noShowSeconds: String(n.rules.noShowSeconds),
});
/** an empty cell is sent as null, so the server names it rather than reading it as 0 */
const num = (v: string): number => (v.trim() === '' ? (null as unknown as number) : Number(v));

/** One cell's input with the refusal that names it underneath. */
function Cell({ label, value, onChange, error, type = 'text', lang, width }: { label: string; value: string; onChange: (v: string) => void; error: string | null; type?: 'text' | 'number'; lang?: string; width?: string }) {
  return (
    <>
      <input
        aria-label={label}
        type={type}
        step={type === 'number' ? 'any' : undefined}
        value={value}
        lang={lang}
        style={width ? { width } : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span className="error field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** A refusal that names a whole row (a road given twice), shown at the row's end. */
function RowError({ message }: { message: string | null }) {
  return message ? (
    <span className="error field-error" role="alert">
      {message}
    </span>
  ) : null;
}

/** Stops, road links and service rules, edited together and saved as one network (PUT replaces it whole). */
export function NetworkSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const loaded = useApi<CartNetwork>(eventPath(event.slug, '/cart-network'));
  const [stops, setStops] = useState<StopRow[] | null>(null);
  const [links, setLinks] = useState<LinkRow[]>([]);
  const [rules, setRules] = useState<Rules>({ maxWaitMinutes: '', maxRideFactor: '', noShowSeconds: '' });
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();

  useEffect(() => {
    if (!loaded.data) return;
    setStops(stopRows(loaded.data));
    setLinks(linkRows(loaded.data));
    setRules(rulesOf(loaded.data));
  }, [loaded.data]);

  if (loaded.error || !stops) return <QueryState of={loaded} />;

  const editStop = (i: number, patch: Partial<StopRow>) => (setSaved(false), setStops(stops.map((s, j) => (j === i ? { ...s, ...patch } : s))));
  const editLink = (i: number, patch: Partial<LinkRow>) => (setSaved(false), setLinks(links.map((l, j) => (j === i ? { ...l, ...patch } : l))));
  const editRules = (patch: Partial<Rules>) => (setSaved(false), setRules({ ...rules, ...patch }));
  const codes = stops.map((s) => s.code.trim().toUpperCase()).filter(Boolean);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!stops) return;
    const body: CartNetworkInput = {
      stops: stops.map((s) => ({ code: s.code.trim(), name: { zh: s.zh, en: s.en }, lat: num(s.lat), lon: num(s.lon), active: s.active })),
      links: links.map((l) => ({ from: l.from.trim(), to: l.to.trim(), seconds: num(l.seconds), metres: num(l.metres), twoWay: l.twoWay })),
      rules: {
        maxWaitSeconds: rules.maxWaitMinutes.trim() === '' ? num('') : Math.round(Number(rules.maxWaitMinutes) * 60),
        maxRideFactor: num(rules.maxRideFactor),
        noShowSeconds: num(rules.noShowSeconds),
      },
    };
    const done = await run(() => api<CartNetwork>('PUT', eventPath(event.slug, '/cart-network'), body));
    if (done) {
      // the server splits two-way links into one row per direction: show what it keeps
      setStops(stopRows(done));
      setLinks(linkRows(done));
      setRules(rulesOf(done));
      setSaved(true);
    }
  }

  const preview = stops.flatMap((s) => {
    const lat = Number(s.lat);
    const lon = Number(s.lon);
    return s.code && s.lat.trim() && s.lon.trim() && Number.isFinite(lat) && Number.isFinite(lon) ? [{ code: s.code.toUpperCase(), name: { zh: s.zh, en: s.en }, lat, lon, active: s.active }] : [];
  });

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('cartsConsole.network.title')} className="cart-network">
      <h3>{t('cartsConsole.network.title')}</h3>
      <p className="hint">{t('cartsConsole.network.intro')}</p>
      <datalist id="cart-stop-codes">
        {codes.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="cart-network-grid">
        <figure className="cart-map cart-map-preview">
          <figcaption>{t('cartsConsole.network.preview')}</figcaption>
          <VenueMap stops={preview} links={links.map((l) => ({ from: l.from.trim().toUpperCase(), to: l.to.trim().toUpperCase() }))} width={640} label={t('cartsConsole.network.preview')} />
        </figure>
        <div className="cart-network-tables">
          <table className="grid cart-stops">
            <caption>{t('cartsConsole.network.stops', { n: stops.length })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('cartsConsole.network.code')}</th>
                <th scope="col">{t('cartsConsole.network.zh')}</th>
                <th scope="col">{t('cartsConsole.network.en')}</th>
                <th scope="col">{t('cartsConsole.network.lat')}</th>
                <th scope="col">{t('cartsConsole.network.lon')}</th>
                <th scope="col">{t('cartsConsole.network.active')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('cartsConsole.network.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {stops.map((s, i) => {
                const who = s.code || String(i + 1);
                return (
                  <tr key={s.key} data-stop-row={s.code}>
                    <td>{i + 1}</td>
                    <td>
                      <Cell label={t('cartsConsole.network.codeOf', { n: i + 1 })} value={s.code} width="7rem" onChange={(code) => editStop(i, { code })} error={forField(`stops.${i}.code`)} />
                    </td>
                    <td>
                      <Cell label={t('cartsConsole.network.zhOf', { stop: who })} lang="zh-CN" width="12rem" value={s.zh} onChange={(zh) => editStop(i, { zh })} error={forField(`stops.${i}.name.zh`) ?? forField(`stops.${i}.name`, true)} />
                    </td>
                    <td>
                      <Cell label={t('cartsConsole.network.enOf', { stop: who })} lang="en" width="16rem" value={s.en} onChange={(en) => editStop(i, { en })} error={forField(`stops.${i}.name.en`)} />
                    </td>
                    <td>
                      <Cell label={t('cartsConsole.network.latOf', { stop: who })} type="number" width="7rem" value={s.lat} onChange={(lat) => editStop(i, { lat })} error={forField(`stops.${i}.lat`)} />
                    </td>
                    <td>
                      <Cell label={t('cartsConsole.network.lonOf', { stop: who })} type="number" width="7rem" value={s.lon} onChange={(lon) => editStop(i, { lon })} error={forField(`stops.${i}.lon`)} />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={t('cartsConsole.network.activeOf', { stop: who })} checked={s.active} onChange={(e) => editStop(i, { active: e.target.checked })} />
                      {forField(`stops.${i}.active`) && (
                        <span className="error field-error" role="alert">
                          {forField(`stops.${i}.active`)}
                        </span>
                      )}
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => (setSaved(false), setStops(stops.filter((_, j) => j !== i)))}>
                        {t('cartsConsole.network.remove')}
                        <span className="visually-hidden"> {who}</span>
                      </button>
                      <RowError message={forField(`stops.${i}`, true)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="error-slot">
            {forField('stops', true) && (
              <span className="error field-error" role="alert">
                {forField('stops', true)}
              </span>
            )}
          </p>
          <button type="button" onClick={() => (setSaved(false), setStops([...stops, { key: nextKey++, code: '', zh: '', en: '', lat: '', lon: '', active: true }]))}>
            {t('cartsConsole.network.addStop')}
          </button>

          <table className="grid cart-links">
            <caption>{t('cartsConsole.network.links', { n: links.length })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('cartsConsole.network.from')}</th>
                <th scope="col">{t('cartsConsole.network.to')}</th>
                <th scope="col">{t('cartsConsole.network.seconds')}</th>
                <th scope="col">{t('cartsConsole.network.metres')}</th>
                <th scope="col">{t('cartsConsole.network.twoWay')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('cartsConsole.network.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((l, i) => (
                <tr key={l.key}>
                  <td>{i + 1}</td>
                  <td>
                    <Cell label={t('cartsConsole.network.fromOf', { n: i + 1 })} value={l.from} width="7rem" onChange={(from) => editLink(i, { from })} error={forField(`links.${i}.from`)} />
                  </td>
                  <td>
                    <Cell label={t('cartsConsole.network.toOf', { n: i + 1 })} value={l.to} width="7rem" onChange={(to) => editLink(i, { to })} error={forField(`links.${i}.to`)} />
                  </td>
                  <td>
                    <Cell label={t('cartsConsole.network.secondsOf', { n: i + 1 })} type="number" width="6rem" value={l.seconds} onChange={(seconds) => editLink(i, { seconds })} error={forField(`links.${i}.seconds`)} />
                  </td>
                  <td>
                    <Cell label={t('cartsConsole.network.metresOf', { n: i + 1 })} type="number" width="6rem" value={l.metres} onChange={(metres) => editLink(i, { metres })} error={forField(`links.${i}.metres`)} />
                  </td>
                  <td>
                    {l.added ? (
                      <input type="checkbox" aria-label={t('cartsConsole.network.twoWayOf', { n: i + 1 })} checked={l.twoWay} onChange={(e) => editLink(i, { twoWay: e.target.checked })} />
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => (setSaved(false), setLinks(links.filter((_, j) => j !== i)))}>
                      {t('cartsConsole.network.remove')}
                      <span className="visually-hidden"> {t('cartsConsole.network.roadN', { n: i + 1 })}</span>
                    </button>
                    <RowError message={forField(`links.${i}`, true)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="error-slot">
            {forField('links', true) && (
              <span className="error field-error" role="alert">
                {forField('links', true)}
              </span>
            )}
          </p>
          <button type="button" onClick={() => (setSaved(false), setLinks([...links, { key: nextKey++, from: '', to: '', seconds: '', metres: '', twoWay: true, added: true }]))}>
            {t('cartsConsole.network.addLink')}
          </button>
        </div>
      </div>

      <fieldset className="cart-rules">
        <legend>{t('cartsConsole.network.rules')}</legend>
        <div className="row">
          <TextField label={t('cartsConsole.network.maxWait')} type="number" value={rules.maxWaitMinutes} onChange={(maxWaitMinutes) => editRules({ maxWaitMinutes })} error={forField('rules.maxWaitSeconds')} hint={t('cartsConsole.network.maxWaitHint')} />
          <TextField label={t('cartsConsole.network.maxRideFactor')} type="number" value={rules.maxRideFactor} onChange={(maxRideFactor) => editRules({ maxRideFactor })} error={forField('rules.maxRideFactor')} hint={t('cartsConsole.network.maxRideFactorHint')} />
          <TextField label={t('cartsConsole.network.noShow')} type="number" value={rules.noShowSeconds} onChange={(noShowSeconds) => editRules({ noShowSeconds })} error={forField('rules.noShowSeconds')} hint={t('cartsConsole.network.noShowHint')} />
        </div>
      </fieldset>
      <FormError error={error} fields={['stops', 'links', 'rules.maxWaitSeconds', 'rules.maxRideFactor', 'rules.noShowSeconds']} />
      <div className="actions">
        <SaveButton busy={busy} label={t('cartsConsole.network.save')} />
        <Saved show={saved} />
      </div>
    </form>
  );
}
