import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GateView } from '../../../../src/modules/accreditation/accreditation.schema.js';
import type { RoomView } from '../../../../src/modules/events/events.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, SelectField, TextField, useApiError, type Bi } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';
import type { ZoneView } from '../../types.js';


function GateForm({ gate, zones, rooms, onSaved }: { gate: GateView | null; zones: ZoneView[]; rooms: RoomView[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [code, setCode] = useState(gate?.code ?? '');
  const [name, setName] = useState<Bi>(gate?.name ?? emptyBi());
  const [zoneId, setZoneId] = useState(String(gate?.zoneId ?? zones[0]?.id ?? ''));
  const [roomId, setRoomId] = useState(gate?.roomId == null ? '' : String(gate.roomId));
  const [antiPassback, setAntiPassback] = useState(gate?.antiPassback ?? true);
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const touch = <T,>(f: (v: T) => void) => (v: T) => (setSaved(false), f(v));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { code, name, zoneId: Number(zoneId), roomId: roomId === '' ? null : Number(roomId), antiPassback };
    const path = gate ? eventPath(event.slug, `/gates/${gate.id}`) : eventPath(event.slug, '/gates');
    const done = await run(() => api<GateView>(gate ? 'PATCH' : 'POST', path, body));
    if (done) {
      setSaved(true);
      if (!gate) {
        setCode('');
        setName(emptyBi());
      }
      onSaved();
    }
  }
  async function remove() {
    if (!gate || !window.confirm(t('accreditation.gates.confirmDelete'))) return;
    const done = await run(() => api('DELETE', eventPath(event.slug, `/gates/${gate.id}`)));
    if (done !== undefined) onSaved();
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={gate ? gate.code : t('accreditation.gates.new')}>
      <TextField label={t('accreditation.gates.code')} value={code} onChange={touch(setCode)} error={forField('code')} required />
      <BilingualField label={t('accreditation.gates.name')} name="name" value={name} onChange={touch(setName)} errorFor={forField} required />
      <div className="row">
        <SelectField label={t('accreditation.zone')} value={zoneId} onChange={touch(setZoneId)} error={forField('zoneId')}>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.code} · {pickText(z.name)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('accreditation.gates.room')} value={roomId} onChange={touch(setRoomId)} error={forField('roomId')}>
          <option value="">{t('accreditation.gates.noRoom')}</option>
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {pickText(r.name)}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="check">
        <input type="checkbox" checked={antiPassback} onChange={(e) => (setSaved(false), setAntiPassback(e.target.checked))} /> {t('accreditation.gates.antiPassback')}
      </label>
      <FormError error={error} fields={['code', 'name', 'zoneId', 'roomId']} />
      <div className="actions">
        <SaveButton busy={busy} label={gate ? undefined : t('accreditation.gates.add')} />
        <Saved show={saved} />
        {gate && (
          <button type="button" className="danger" onClick={() => void remove()}>
            {t('accreditation.gates.delete')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The event's gates: which zone each opens into, the room it guards (capacity, closed-door lists), anti-passback. */
export function GatesSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const gates = useApi<GateView[]>(eventPath(event.slug, '/gates'));
  const zones = useApi<ZoneView[]>(eventPath(event.slug, '/zones'));
  const rooms = useApi<RoomView[]>(eventPath(event.slug, '/rooms'));
  const lang = currentLang();
  const zoneList = zones.data ?? [];
  const roomList = rooms.data ?? [];
  const zoneOf = (id: number) => zoneList.find((z) => z.id === id);
  const roomOf = (id: number | null) => (id === null ? null : roomList.find((r) => r.id === id));
  return (
    <section aria-labelledby="gates-title">
      <h3 id="gates-title">{t('accreditation.section.gates')}</h3>
      <QueryState of={[gates, zones, rooms]} />
      {gates.data && (
        <table className="grid gates-table">
          <caption>{t('accreditation.gates.caption', { count: gates.data.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accreditation.gates.code')}</th>
              <th scope="col">{t('accreditation.gates.name')}</th>
              <th scope="col">{t('accreditation.zone')}</th>
              <th scope="col">{t('accreditation.gates.room')}</th>
              <th scope="col">{t('accreditation.gates.antiPassback')}</th>
            </tr>
          </thead>
          <tbody>
            {gates.data.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.code}</th>
                <td>{pickText(g.name, lang)}</td>
                <td>{zoneOf(g.zoneId)?.code ?? g.zoneId}</td>
                <td>{pickText(roomOf(g.roomId)?.name, lang) || t('accreditation.gates.noRoom')}</td>
                <td>{g.antiPassback ? t('accreditation.yes') : t('accreditation.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {zones.data &&
        rooms.data &&
        gates.data?.map((g) => (
          <details key={g.id}>
            <summary>
              {g.code} <span className="muted">· {pickText(g.name, lang)}</span>
            </summary>
            <GateForm key={JSON.stringify(g)} gate={g} zones={zoneList} rooms={roomList} onSaved={gates.reload} />
          </details>
        ))}
      {zones.data && rooms.data && (
        <details>
          <summary>{t('accreditation.gates.new')}</summary>
          <GateForm gate={null} zones={zoneList} rooms={roomList} onSaved={gates.reload} />
        </details>
      )}
    </section>
  );
}
