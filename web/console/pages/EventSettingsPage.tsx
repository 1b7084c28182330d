import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../src/modules/events/events.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { useEvent } from '../access.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, strOrNull, TextField, useApiError } from '../fields.js';

const FIELDS = ['name', 'timezone', 'startDate', 'endDate', 'languages', 'venue', 'note'];

/** The event's own settings: names, dates, time zone, languages, main venue, the note shown with the programme. */
export function EventSettingsPage() {
  const { t } = useTranslation();
  const { event, reloadEvent } = useEvent();
  const [form, setForm] = useState(() => ({
    name: event.name,
    timezone: event.timezone,
    startDate: event.startDate,
    endDate: event.endDate,
    languages: event.languages.join(', '),
    venueName: event.venue?.name ?? emptyBi(),
    venueAddress: event.venue?.address ?? emptyBi(),
    note: event.note ?? '',
  }));
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => {
    setSaved(false);
    setForm({ ...form, [k]: v });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const hasVenue = !!(form.venueName.zh || form.venueName.en || form.venueAddress.zh || form.venueAddress.en);
    const body = {
      name: form.name,
      timezone: form.timezone.trim(),
      startDate: form.startDate,
      endDate: form.endDate,
      languages: form.languages.split(/[,\s]+/).filter(Boolean),
      venue: hasVenue ? { name: form.venueName, address: form.venueAddress } : null,
      note: strOrNull(form.note),
    };
    const updated = await run(() => api<EventView>('PATCH', eventPath(event.slug), body));
    if (updated) {
      setSaved(true);
      reloadEvent();
    }
  }

  return (
    <>
      <h2>{t('console.nav.settings')}</h2>
      <form onSubmit={(e) => void submit(e)} className="editor" aria-label={t('console.nav.settings')}>
        <p className="muted">{t('console.settings.slug', { slug: event.slug })}</p>
        <BilingualField label={t('console.settings.name')} name="name" value={form.name} onChange={(v) => set('name', v)} errorFor={forField} required />
        <div className="row">
          <TextField label={t('console.settings.startDate')} type="date" value={form.startDate} onChange={(v) => set('startDate', v)} required error={forField('startDate')} />
          <TextField label={t('console.settings.endDate')} type="date" value={form.endDate} onChange={(v) => set('endDate', v)} required error={forField('endDate')} />
          <TextField label={t('console.settings.timezone')} value={form.timezone} onChange={(v) => set('timezone', v)} required error={forField('timezone')} hint={t('console.settings.timezoneHint')} />
        </div>
        <TextField label={t('console.settings.languages')} value={form.languages} onChange={(v) => set('languages', v)} error={forField('languages')} hint={t('console.session.languagesHint')} />
        <BilingualField label={t('console.settings.venueName')} name="venue.name" value={form.venueName} onChange={(v) => set('venueName', v)} errorFor={forField} />
        <BilingualField label={t('console.settings.venueAddress')} name="venue.address" value={form.venueAddress} onChange={(v) => set('venueAddress', v)} errorFor={forField} />
        <TextField label={t('console.settings.note')} multiline value={form.note} onChange={(v) => set('note', v)} error={forField('note')} />
        <FormError error={error} fields={FIELDS} />
        <div className="actions">
          <SaveButton busy={busy} />
          <Saved show={saved} />
        </div>
      </form>
    </>
  );
}
