import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, eventPath } from '../../../shared/api.js';
import { pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { fromLocalInput } from '../../time.js';
import { FormError, SaveButton, TextField, useApiError } from '../../fields.js';
import { href } from '../../router.js';
import type { RegistrationImportResult, ZoneView } from './types.js';

/** A datetime-local value, read on the event's clock (not the device's), as an instant; null when empty. */
const instantOrNull = (v: string, timeZone: string): string | null => (v.trim() === '' ? null : fromLocalInput(v, timeZone));

/**
 * Permits for the vehicles approved guests gave on their registration form: the organiser picks the zones and the
 * period; plates already permitted are skipped, so it can run again after more approvals.
 */
export function RegistrationImportForm({ zones, onSaved }: { zones: ZoneView[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [picked, setPicked] = useState<string[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<RegistrationImportResult | null>(null);
  const { error, forField, run, busy } = useApiError();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    const body = { zones: picked, validFrom: instantOrNull(from, event.timezone), validTo: instantOrNull(to, event.timezone) };
    const done = await run(() => api<RegistrationImportResult>('POST', eventPath(event.slug, '/vehicle-permits/from-registrations'), body));
    if (done) {
      setResult(done);
      onSaved();
    }
  }
  const zoneError = forField('zones');
  return (
    <form onSubmit={(e) => void submit(e)} className="editor vehicle-registration-import" aria-label={t('vehiclesConsole.permits.fromRegistration')}>
      <h4>{t('vehiclesConsole.permits.fromRegistration')}</h4>
      <p className="hint">{t('vehiclesConsole.permits.fromRegistrationHint')}</p>
      <fieldset>
        <legend>{t('vehiclesConsole.permits.zones')}</legend>
        <div className="checks">
          {zones.map((z) => (
            <label key={z.code}>
              <input
                type="checkbox"
                checked={picked.includes(z.code)}
                onChange={(e) => setPicked((p) => (e.target.checked ? [...p, z.code] : p.filter((c) => c !== z.code)))}
              />{' '}
              {z.code} · {pickText(z.name)}
            </label>
          ))}
        </div>
        {zoneError && (
          <p role="alert" className="error field-error">
            {zoneError}
          </p>
        )}
      </fieldset>
      <div className="row">
        <TextField label={t('vehiclesConsole.permits.from')} type="datetime-local" value={from} onChange={setFrom} error={forField('validFrom')} />
        <TextField label={t('vehiclesConsole.permits.to')} type="datetime-local" value={to} onChange={setTo} error={forField('validTo')} hint={t('vehiclesConsole.permits.windowHint')} />
      </div>
      <FormError error={error} fields={['zones', 'validFrom', 'validTo']} />
      <div className="actions">
        <SaveButton busy={busy} label={t('vehiclesConsole.permits.fromRegistrationButton')} />
        <span role="status" className="saved">
          {result ? t('vehiclesConsole.permits.fromRegistrationDone', { imported: result.imported, skipped: result.skipped, invalid: result.invalid.length }) : ''}
        </span>
      </div>
      {result && result.invalid.length > 0 && (
        <table className="grid vehicle-import-errors">
          <caption>{t('vehiclesConsole.permits.fromRegistrationInvalid', { n: result.invalid.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('vehiclesConsole.permits.plate')}</th>
              <th scope="col">{t('vehiclesConsole.permits.guest')}</th>
              <th scope="col">{t('vehiclesConsole.permits.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {result.invalid.map((r) => (
              <tr key={`${r.guestId}-${r.plate}`}>
                <th scope="row">{r.plate}</th>
                <td>
                  <a href={href('e', event.slug, 'guests', r.guestId)}>{r.guestId}</a>
                </td>
                <td>{t(`vehiclesConsole.permits.refusal.${r.code}`, { defaultValue: r.code })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
