import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, eventPath } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, SelectField, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';
import type { CameraView, ZoneView } from './types.js';

const KINDS = ['hikvision', 'dahua', 'json'] as const;
const DIRECTIONS = ['entry', 'exit'] as const;

function CameraForm({ zones, onSaved }: { zones: ZoneView[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [code, setCode] = useState('');
  const [name, setName] = useState(emptyBi());
  const [zone, setZone] = useState(zones[0]?.code ?? '');
  const [kind, setKind] = useState<string>('hikvision');
  const [direction, setDirection] = useState<string>('entry');
  const [device, setDevice] = useState('');
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const body = {
      code: code.trim(),
      name,
      zone,
      kind,
      direction,
      ...(device.trim() ? { device: device.trim() } : {}),
    };
    const done = await run(() => api<CameraView>('POST', eventPath(event.slug, '/cameras'), body));
    if (done) {
      setSaved(true);
      setCode('');
      setName(emptyBi());
      onSaved();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={t('vehiclesConsole.cameras.new')}>
      <h4>{t('vehiclesConsole.cameras.new')}</h4>
      <div className="row">
        <TextField label={t('vehiclesConsole.cameras.code')} value={code} onChange={setCode} error={forField('code')} required hint={t('vehiclesConsole.cameras.codeHint')} />
        <SelectField label={t('vehiclesConsole.cameras.zone')} value={zone} onChange={setZone} error={forField('zone')}>
          {zones.map((z) => (
            <option key={z.code} value={z.code}>
              {`${z.code} · ${pickText(z.name)}`}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vehiclesConsole.cameras.kind')} value={kind} onChange={setKind} error={forField('kind')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`vehiclesConsole.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vehiclesConsole.cameras.direction')} value={direction} onChange={setDirection} error={forField('direction')}>
          {DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {t(`vehiclesConsole.direction.${d}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <BilingualField label={t('vehiclesConsole.cameras.name')} name="name" value={name} onChange={setName} errorFor={forField} required />
      <TextField label={t('vehiclesConsole.cameras.device')} type="email" value={device} onChange={setDevice} error={forField('device')} hint={t('vehiclesConsole.cameras.deviceHint')} />
      <FormError error={error} fields={['code', 'name', 'zone', 'kind', 'direction', 'device']} />
      <div className="actions">
        <SaveButton busy={busy} label={t('vehiclesConsole.cameras.add')} />
        <Saved show={saved} />
      </div>
    </form>
  );
}

/** The ANPR cameras: each entrance with its zone, payload kind and the URL to set as the camera's HTTP push target. */
export function CamerasSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const cameras = useApi<CameraView[]>(eventPath(event.slug, '/cameras'));
  const zones = useApi<ZoneView[]>(eventPath(event.slug, '/zones'));
  if (!cameras.data || !zones.data) return <QueryState of={[cameras, zones]} />;
  const zoneName = new Map(zones.data.map((z) => [z.code, pickText(z.name, lang)]));
  return (
    <section aria-labelledby="vehicle-cameras-title">
      <h3 id="vehicle-cameras-title">{t('vehiclesConsole.cameras.title')}</h3>
      <table className="grid vehicle-cameras">
        <caption>{t('vehiclesConsole.cameras.caption', { n: cameras.data.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('vehiclesConsole.cameras.code')}</th>
            <th scope="col">{t('vehiclesConsole.cameras.name')}</th>
            <th scope="col">{t('vehiclesConsole.cameras.zone')}</th>
            <th scope="col">{t('vehiclesConsole.cameras.direction')}</th>
            <th scope="col">{t('vehiclesConsole.cameras.kind')}</th>
            <th scope="col">{t('vehiclesConsole.cameras.device')}</th>
            <th scope="col">{t('vehiclesConsole.cameras.ingest')}</th>
          </tr>
        </thead>
        <tbody>
          {cameras.data.length === 0 ? (
            <tr>
              <td colSpan={7}>{t('vehiclesConsole.cameras.none')}</td>
            </tr>
          ) : (
            cameras.data.map((c) => (
              <tr key={c.code}>
                <th scope="row">{c.code}</th>
                <td>{pickText(c.name, lang)}</td>
                <td>{`${c.zone} · ${zoneName.get(c.zone) ?? ''}`}</td>
                <td>{t(`vehiclesConsole.direction.${c.direction}`, { defaultValue: c.direction })}</td>
                <td>{t(`vehiclesConsole.kind.${c.kind}`, { defaultValue: c.kind })}</td>
                <td>{c.device ?? t('vehiclesConsole.cameras.anyDevice')}</td>
                <td>
                  <code className="ingest-url">{`${window.location.origin}${c.ingestPath}`}</code>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <p className="hint">{t('vehiclesConsole.cameras.ingestHint')}</p>
      <CameraForm zones={zones.data} onSaved={cameras.reload} />
    </section>
  );
}
