import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomView, VenueView } from '../../../src/modules/events/events.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { BilingualField, emptyBi, FormError, numOrNull, Saved, SaveButton, SelectField, strOrNull, TextField, useApiError, type Bi } from '../fields.js';
import { useApi } from '../../shared/query.js';

function VenueForm({ venue, onSaved }: { venue: VenueView | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [name, setName] = useState<Bi>(venue?.name ?? emptyBi());
  const [address, setAddress] = useState<Bi>(venue?.address ?? emptyBi());
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { name, address };
    const v = await run(() => (venue ? api<VenueView>('PATCH', eventPath(event.slug, `/venues/${venue.id}`), body) : api<VenueView>('POST', eventPath(event.slug, '/venues'), body)));
    if (v) {
      setSaved(true);
      if (!venue) {
        setName(emptyBi());
        setAddress(emptyBi());
      }
      onSaved();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={venue ? pickText(venue.name) : t('console.venues.newVenue')}>
      <BilingualField label={t('console.venues.name')} name="name" value={name} onChange={(v) => (setSaved(false), setName(v))} errorFor={forField} required />
      <BilingualField label={t('console.venues.address')} name="address" value={address} onChange={(v) => (setSaved(false), setAddress(v))} errorFor={forField} />
      <FormError error={error} fields={['name', 'address']} />
      <div className="actions">
        <SaveButton busy={busy} label={venue ? undefined : t('console.venues.addVenue')} />
        <Saved show={saved} />
      </div>
    </form>
  );
}

function RoomForm({ room, venues, onSaved }: { room: RoomView | null; venues: VenueView[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [name, setName] = useState<Bi>(room?.name ?? emptyBi());
  const [venueId, setVenueId] = useState(room?.venueId === null || !room ? String(venues[0]?.id ?? '') : String(room.venueId));
  const [capacity, setCapacity] = useState(room?.capacity == null ? '' : String(room.capacity));
  const [floor, setFloor] = useState(room?.floor ?? '');
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const touch = <T,>(f: (v: T) => void) => (v: T) => (setSaved(false), f(v));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { name, venueId: venueId === '' ? null : Number(venueId), capacity: numOrNull(capacity), floor: strOrNull(floor) };
    const r = await run(() => (room ? api<RoomView>('PATCH', eventPath(event.slug, `/rooms/${room.id}`), body) : api<RoomView>('POST', eventPath(event.slug, '/rooms'), body)));
    if (r) {
      setSaved(true);
      if (!room) setName(emptyBi());
      onSaved();
    }
  }
  async function remove() {
    if (!room || !window.confirm(t('console.venues.confirmDelete'))) return;
    const done = await run(() => api('DELETE', eventPath(event.slug, `/rooms/${room.id}`)));
    if (done !== undefined) onSaved();
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={room ? pickText(room.name) : t('console.venues.newRoom')}>
      <BilingualField label={t('console.venues.roomName')} name="name" value={name} onChange={touch(setName)} errorFor={forField} required />
      <div className="row">
        <SelectField label={t('console.venues.venue')} value={venueId} onChange={touch(setVenueId)} error={forField('venueId')}>
          <option value="">{t('console.venues.noVenue')}</option>
          {venues.map((v) => (
            <option key={v.id} value={v.id}>
              {pickText(v.name)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('console.venues.capacity')} type="number" value={capacity} onChange={touch(setCapacity)} error={forField('capacity')} />
        <TextField label={t('console.venues.floor')} value={floor} onChange={touch(setFloor)} error={forField('floor')} />
      </div>
      <FormError error={error} fields={['name', 'venueId', 'capacity', 'floor']} />
      <div className="actions">
        <SaveButton busy={busy} label={room ? undefined : t('console.venues.addRoom')} />
        <Saved show={saved} />
        {room && (
          <button type="button" className="danger" onClick={() => void remove()}>
            {t('console.venues.deleteRoom')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Venues (buildings) and their rooms; a room in use by a session cannot be deleted (the API says so). */
export function VenuesPage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const venues = useApi<VenueView[]>(eventPath(event.slug, '/venues'));
  const rooms = useApi<RoomView[]>(eventPath(event.slug, '/rooms'));
  const lang = currentLang();
  const list = venues.data ?? [];
  return (
    <>
      <h2>{t('console.nav.venues')}</h2>
      {(venues.error ?? rooms.error) && <p role="alert" className="error">{(venues.error ?? rooms.error)!.message}</p>}
      <h3>{t('console.venues.venues')}</h3>
      {list.map((v) => (
        <details key={v.id}>
          <summary>{pickText(v.name, lang)}</summary>
          <VenueForm venue={v} onSaved={venues.reload} />
        </details>
      ))}
      <details>
        <summary>{t('console.venues.newVenue')}</summary>
        <VenueForm venue={null} onSaved={venues.reload} />
      </details>
      <h3>{t('console.venues.rooms')}</h3>
      {venues.data &&
        rooms.data?.map((r) => (
          <details key={r.id}>
            <summary>
              {pickText(r.name, lang)}
              <span className="muted">
                {' '}
                · {pickText(list.find((v) => v.id === r.venueId)?.name, lang)}
                {r.capacity ? ` · ${t('console.venues.seats', { count: r.capacity })}` : ''}
              </span>
            </summary>
            <RoomForm room={r} venues={list} onSaved={rooms.reload} />
          </details>
        ))}
      {venues.data && (
        <details>
          <summary>{t('console.venues.newRoom')}</summary>
          <RoomForm room={null} venues={list} onSaved={rooms.reload} />
        </details>
      )}
    </>
  );
}
