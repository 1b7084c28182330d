import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, eventPath, request } from '../../../shared/api.js';
import { formatDay, formatTime } from '../../../shared/format.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { fromLocalInput } from '../../time.js';
import { FormError, Saved, SaveButton, SelectField, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';
import { RegistrationImportForm } from './RegistrationImportForm.js';
import { type PermitView, VEHICLE_TYPES, type ZoneView } from './types.js';

type RowError = { row: number; field: string; code: string; message: string };
type ImportAnswer = { imported: number } | { error: { code: string; message: string; field?: string | null }; rows?: RowError[] };

/** The import's answer, a refusal's body too: it lists the per-row errors (a thrown error keeps only the first message). */
async function postImport(path: string, csv: string): Promise<{ ok: boolean; body: ImportAnswer | null }> {
  const res = await request<ImportAnswer | null>('POST', path, { body: { csv }, keep: [400, 409, 422] });
  return { ok: res.status < 300, body: res.data };
}

/** A datetime-local value, read on the event's clock (not the device's), as an instant; null when empty. */
const instantOrNull = (v: string, timeZone: string): string | null => (v.trim() === '' ? null : fromLocalInput(v, timeZone));

function PermitForm({ zones, onSaved }: { zones: ZoneView[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [plate, setPlate] = useState('');
  const [type, setType] = useState<string>('car');
  const [owner, setOwner] = useState('');
  const [zoneText, setZoneText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const body = {
      plate,
      type,
      ...(owner.trim() ? { owner: owner.trim() } : {}),
      zones: zoneText
        .split(/[\s,;，；]+/)
        .map((z) => z.trim())
        .filter(Boolean),
      validFrom: instantOrNull(from, event.timezone),
      validTo: instantOrNull(to, event.timezone),
    };
    const done = await run(() => api<PermitView>('POST', eventPath(event.slug, '/vehicle-permits'), body));
    if (done) {
      setSaved(true);
      setPlate('');
      onSaved();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={t('vehiclesConsole.permits.new')}>
      <h4>{t('vehiclesConsole.permits.new')}</h4>
      <div className="row">
        <TextField label={t('vehiclesConsole.permits.plate')} value={plate} onChange={setPlate} error={forField('plate')} required hint={t('vehiclesConsole.permits.plateHint')} />
        <SelectField label={t('vehiclesConsole.permits.type')} value={type} onChange={setType} error={forField('type')}>
          {VEHICLE_TYPES.map((v) => (
            <option key={v} value={v}>
              {t(`vehiclesConsole.type.${v}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('vehiclesConsole.permits.owner')} value={owner} onChange={setOwner} error={forField('owner') ?? forField('guestId') ?? forField('delegationId')} />
      </div>
      <div className="row">
        <TextField
          label={t('vehiclesConsole.permits.zones')}
          value={zoneText}
          onChange={setZoneText}
          error={forField('zones')}
          required
          hint={t('vehiclesConsole.permits.zonesHint', { zones: zones.map((z) => `${z.code} (${pickText(z.name)})`).join(', ') })}
        />
        <TextField label={t('vehiclesConsole.permits.from')} type="datetime-local" value={from} onChange={setFrom} error={forField('validFrom')} />
        <TextField label={t('vehiclesConsole.permits.to')} type="datetime-local" value={to} onChange={setTo} error={forField('validTo')} hint={t('vehiclesConsole.permits.windowHint')} />
      </div>
      <FormError error={error} fields={['plate', 'type', 'owner', 'guestId', 'delegationId', 'zones', 'validFrom', 'validTo']} />
      <div className="actions">
        <SaveButton busy={busy} label={t('vehiclesConsole.permits.add')} />
        <Saved show={saved} />
      </div>
    </form>
  );
}

function ImportForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ imported?: number; message?: string; rows?: RowError[] } | null>(null);
  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (file) setCsv(await file.text());
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const { ok, body } = await postImport(eventPath(event.slug, '/vehicle-permits/import'), csv);
      if (ok && body && 'imported' in body) {
        setResult({ imported: body.imported });
        onSaved();
      } else setResult({ message: body && 'error' in body ? body.error.message : t('vehiclesConsole.permits.importFailed'), rows: body && 'rows' in body ? body.rows : [] });
    } catch (err) {
      setResult({ message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor vehicle-import" aria-label={t('vehiclesConsole.permits.import')}>
      <h4>{t('vehiclesConsole.permits.import')}</h4>
      <p className="hint" id="vehicle-import-hint">
        {t('vehiclesConsole.permits.importHint')} <code>plate,type,owner,zones,from,to</code>
      </p>
      <div className="field">
        <label htmlFor="vehicle-import-file">{t('vehiclesConsole.permits.importFile')}</label>
        <input id="vehicle-import-file" type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e)} />
      </div>
      <div className="field">
        <label htmlFor="vehicle-import-csv">{t('vehiclesConsole.permits.importPaste')}</label>
        <textarea id="vehicle-import-csv" aria-describedby="vehicle-import-hint" value={csv} onChange={(e) => setCsv(e.target.value)} required />
      </div>
      {result?.message && (
        <div role="alert" className="error">
          <p>{result.message}</p>
          {result.rows && result.rows.length > 0 && (
            <table className="grid vehicle-import-errors">
              <caption>{t('vehiclesConsole.permits.importErrors', { n: result.rows.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('vehiclesConsole.permits.row')}</th>
                  <th scope="col">{t('vehiclesConsole.permits.field')}</th>
                  <th scope="col">{t('vehiclesConsole.permits.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r, i) => (
                  <tr key={i}>
                    <th scope="row">{r.row}</th>
                    <td>{r.field}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <div className="actions">
        <SaveButton busy={busy} label={t('vehiclesConsole.permits.importButton')} />
        <span role="status" className="saved">
          {result?.imported !== undefined ? t('vehiclesConsole.permits.imported', { n: result.imported }) : ''}
        </span>
      </div>
    </form>
  );
}

function RevokeButton({ permit, onSaved }: { permit: PermitView; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const { error, run, busy } = useApiError();
  async function revoke() {
    if (!window.confirm(t('vehiclesConsole.permits.confirmRevoke', { plate: permit.plateText }))) return;
    const done = await run(() => api<PermitView>('PATCH', eventPath(event.slug, `/vehicle-permits/${permit.id}`), { revoked: true }));
    if (done) onSaved();
  }
  return (
    <>
      <button type="button" className="danger" disabled={busy} aria-label={t('vehiclesConsole.permits.revokeOf', { plate: permit.plateText })} onClick={() => void revoke()}>
        {t('vehiclesConsole.permits.revoke')}
      </button>
      <FormError error={error} fields={[]} />
    </>
  );
}

/** The permits: every plate with its owner, zones and window, revoked ones kept; add, revoke, import from CSV or from registration. */
export function PermitsSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const permits = useApi<PermitView[]>(eventPath(event.slug, '/vehicle-permits'));
  const zones = useApi<ZoneView[]>(eventPath(event.slug, '/zones'));
  if (!permits.data || !zones.data) return <QueryState of={[permits, zones]} />;
  const when = (iso: string | null) => (iso ? `${formatDay(iso, event.timezone, lang)} ${formatTime(iso, event.timezone, lang)}` : '…');
  const list = permits.data;
  return (
    <section aria-labelledby="vehicle-permits-title">
      <h3 id="vehicle-permits-title">{t('vehiclesConsole.permits.title')}</h3>
      <table className="grid vehicle-permits">
        <caption>{t('vehiclesConsole.permits.caption', { n: list.length, revoked: list.filter((p) => p.revokedAt).length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('vehiclesConsole.permits.plate')}</th>
            <th scope="col">{t('vehiclesConsole.permits.type')}</th>
            <th scope="col">{t('vehiclesConsole.permits.owner')}</th>
            <th scope="col">{t('vehiclesConsole.permits.zones')}</th>
            <th scope="col">{t('vehiclesConsole.permits.window')}</th>
            <th scope="col">{t('vehiclesConsole.permits.revoked')}</th>
            <th scope="col">{t('vehiclesConsole.permits.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.length === 0 ? (
            <tr>
              <td colSpan={7}>{t('vehiclesConsole.permits.none')}</td>
            </tr>
          ) : (
            list.map((p) => (
              <tr key={p.id} className={p.revokedAt ? 'revoked' : undefined}>
                <th scope="row" className="plate-read">
                  {p.plateText}
                </th>
                <td>{t(`vehiclesConsole.type.${p.type}`, { defaultValue: p.type })}</td>
                <td>{p.owner ?? '–'}</td>
                <td>{p.zones.join(', ')}</td>
                <td>{p.validFrom || p.validTo ? `${when(p.validFrom)} – ${when(p.validTo)}` : t('vehiclesConsole.permits.always')}</td>
                <td>{p.revokedAt ? `${when(p.revokedAt)}${p.revokeReason ? ` · ${p.revokeReason}` : ''}` : '–'}</td>
                <td>{!p.revokedAt && <RevokeButton permit={p} onSaved={permits.reload} />}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <PermitForm zones={zones.data} onSaved={permits.reload} />
      <ImportForm onSaved={permits.reload} />
      <RegistrationImportForm zones={zones.data} onSaved={permits.reload} />
    </section>
  );
}
