import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '../../../../src/modules/accreditation/accreditation.schema.js';
import type { GuestDetail as Detail, GuestPatch, HistoryEntry } from '../../../../src/modules/people/people.schema.js';
import type { Consents, RegistrationDetails } from '../../../../src/modules/people/registration.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { formatDateTime } from '../../../shared/format.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { FormError, Saved, SaveButton, SelectField, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi, useInvalidate } from '../../../shared/query.js';
import { href } from '../../router.js';
import { FaceSection } from './FaceSection.js';

type Action = 'approve' | 'reject' | 'request_changes';

/** approve / reject with reason / ask for changes with reason; the reason goes to the guest. */
function ReviewBox({ guest, onDone }: { guest: Detail; onDone: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [reason, setReason] = useState('');
  const { error, forField, run, busy } = useApiError();
  const decide = async (action: Action) => {
    const done = await run(() => api<Detail>('POST', eventPath(event.slug, `/guests/${guest.id}/review`), { action, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
    if (done) {
      setReason('');
      onDone();
    }
  };
  return (
    <fieldset>
      <legend>{t('guests.review.title')}</legend>
      <TextField label={t('guests.review.reason')} value={reason} onChange={setReason} multiline error={forField('reason')} hint={t('guests.review.reasonHint')} />
      <FormError error={error} fields={['reason']} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void decide('approve')}>
          {t('guests.review.approve')}
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('request_changes')}>
          {t('guests.review.requestChanges')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void decide('reject')}>
          {t('guests.review.reject')}
        </button>
      </div>
    </fieldset>
  );
}

/** The organisers' corrections: names, contact, category, head of delegation. */
function EditBox({ guest, onSaved }: { guest: Detail; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const categories = useApi<CategoryView[]>(eventPath(event.slug, '/categories'));
  const [v, setV] = useState({
    name: guest.name,
    nameLatin: guest.nameLatin,
    organisation: guest.organisation ?? '',
    email: guest.email ?? '',
    phone: guest.phone ?? '',
    categoryId: guest.category ? String(guest.category.id) : '',
    delegationHead: guest.delegationHead,
  });
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const submit = async () => {
    setSaved(false);
    const patch: GuestPatch = {
      name: v.name,
      nameLatin: v.nameLatin,
      organisation: v.organisation || null,
      email: v.email || null,
      phone: v.phone || null,
      categoryId: v.categoryId ? Number(v.categoryId) : null,
      delegationHead: v.delegationHead,
    };
    if (await run(() => api<Detail>('PATCH', eventPath(event.slug, `/guests/${guest.id}`), patch))) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t('guests.edit.title')}</legend>
        <div className="row">
          <TextField label={t('guests.name')} value={v.name} onChange={(name) => setV({ ...v, name })} error={forField('name')} required />
          <TextField label={t('guests.nameLatin')} value={v.nameLatin} onChange={(nameLatin) => setV({ ...v, nameLatin })} error={forField('nameLatin')} required />
        </div>
        <div className="row">
          <TextField label={t('guests.organisation')} value={v.organisation} onChange={(organisation) => setV({ ...v, organisation })} error={forField('organisation')} />
          <TextField label={t('guests.email')} type="email" value={v.email} onChange={(email) => setV({ ...v, email })} error={forField('email')} />
          <TextField label={t('guests.phone')} value={v.phone} onChange={(phone) => setV({ ...v, phone })} error={forField('phone')} />
        </div>
        <div className="row">
          <SelectField label={t('guests.category')} value={v.categoryId} onChange={(categoryId) => setV({ ...v, categoryId })} error={forField('categoryId')}>
            <option value="">{t('guests.none')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {pickText(c.name)}
              </option>
            ))}
          </SelectField>
          <label>
            <input type="checkbox" checked={v.delegationHead} onChange={(e) => setV({ ...v, delegationHead: e.target.checked })} /> {t('guests.edit.head')}
          </label>
        </div>
        <p className="hint">{t('guests.edit.categoryHint')}</p>
        <FormError error={error} fields={['name', 'nameLatin', 'organisation', 'email', 'phone', 'categoryId']} />
        <div className="actions">
          <SaveButton busy={busy} />
          <Saved show={saved} />
        </div>
      </fieldset>
    </form>
  );
}

function journey(t: (k: string) => string, j: RegistrationDetails['arrival'], at: (iso: string) => string) {
  if (!j) return '—';
  return [t(`guests.modes.${j.mode}`), j.number, at(j.at), j.place].filter(Boolean).join(' · ');
}

/** Moments on the event's clock, in the reader's language, whatever the device is set to. */
function useEventClock(): (iso: string) => string {
  const { event } = useEvent();
  const lang = currentLang();
  return (iso) => formatDateTime(iso, event.timezone, lang);
}

function RegistrationFacts({ r, c }: { r: RegistrationDetails | null; c: Consents | null }) {
  const { t } = useTranslation();
  const at = useEventClock();
  if (!r) return <p>{t('guests.notRegistered')}</p>;
  const yes = (b: boolean) => (b ? t('guests.yes') : t('guests.no'));
  return (
    <dl className="facts">
      <dt>{t('guests.reg.identity')}</dt>
      <dd>
        {t(`guests.idTypes.${r.identity.type}`)} {r.identity.number} ({r.identity.country}), {t('guests.reg.validUntil')} {r.identity.expiry}
      </dd>
      <dt>{t('guests.reg.arrival')}</dt>
      <dd>{journey(t, r.arrival, at)}</dd>
      <dt>{t('guests.reg.departure')}</dt>
      <dd>{journey(t, r.departure, at)}</dd>
      <dt>{t('guests.reg.hotel')}</dt>
      <dd>{r.hotel.needed ? [r.hotel.checkIn, r.hotel.checkOut].filter(Boolean).join(' → ') + (r.hotel.roomType ? ` · ${r.hotel.roomType}` : '') + (r.hotel.note ? ` · ${r.hotel.note}` : '') : t('guests.no')}</dd>
      <dt>{t('guests.reg.dietary')}</dt>
      <dd>
        {r.dietary.kind}
        {r.dietary.allergies ? ` · ${r.dietary.allergies}` : ''}
      </dd>
      <dt>{t('guests.reg.accessibility')}</dt>
      <dd>{r.accessibility || '—'}</dd>
      <dt>{t('guests.reg.languages')}</dt>
      <dd>{r.languages.join(', ') || '—'}</dd>
      <dt>{t('guests.reg.vehicle')}</dt>
      <dd>{r.vehicle ? `${r.vehicle.plate} · ${t(`vehiclesConsole.type.${r.vehicle.type}`, { defaultValue: r.vehicle.type })}` : '—'}</dd>
      {c && (
        <>
          <dt>{t('guests.reg.consents')}</dt>
          <dd>
            <ul className="plain">
              {(['dataProcessing', 'faceRecognition', 'photography'] as const).map((k) => (
                <li key={k}>
                  {t(`guests.consents.${k}`)}: {yes(c[k].given)} <span className="hint">({at(c[k].at)})</span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

function History({ slug, id }: { slug: string; id: number }) {
  const { t } = useTranslation();
  const at = useEventClock();
  const history = useApi<HistoryEntry[]>(eventPath(slug, `/guests/${id}/history`));
  if (!history.data) return null;
  return (
    <section aria-labelledby="guest-history">
      <h3 id="guest-history">{t('guests.history')}</h3>
      <ol className="plain">
        {history.data.map((h) => {
          const changes = (h.payload['changes'] ?? {}) as Record<string, { from: unknown; to: unknown }>;
          const reason = h.payload['reason'];
          return (
            <li key={h.id}>
              <time dateTime={h.at}>{at(h.at)}</time> · <strong>{t(`guests.events.${h.type}`, { defaultValue: h.type })}</strong> · {h.actor?.name ?? t('guests.byGuest')}
              {typeof reason === 'string' && <div className="prose">“{reason}”</div>}
              {Object.keys(changes).length > 0 && (
                <ul className="hint">
                  {Object.entries(changes).map(([k, c]) => (
                    <li key={k}>
                      {k}: {JSON.stringify(c.from)} → {JSON.stringify(c.to)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** One guest: registration, photo, badge credential, the review decision, corrections and the audited history. */
export function GuestDetailView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const at = useEventClock();
  // a change refreshes everything read about this guest (detail, history, face, overrides) and the guest list
  const [version, setVersion] = useState(0);
  const loaded = useApi<Detail>(eventPath(event.slug, `/guests/${id}`));
  const invalidate = useInvalidate();
  const bump = () => {
    setVersion((n) => n + 1);
    void invalidate(eventPath(event.slug, '/guests'));
  };
  const g = loaded.data;
  return (
    <>
      <p>
        <a href={href('e', event.slug, 'guests')}>{t('guests.back')}</a>
      </p>
      <QueryState of={loaded} />
      {g && (
        <>
          <h3 tabIndex={-1}>
            {g.name} {g.nameLatin !== g.name && <span className="hint">({g.nameLatin})</span>}
          </h3>
          <div className="split">
            <div>
              <dl className="facts">
                <dt>{t('guests.statusLabel')}</dt>
                <dd>
                  <strong>{t(`guests.status.${g.status}`)}</strong>
                  {g.reviewNote && <span className="prose"> — “{g.reviewNote}”</span>}
                </dd>
                <dt>{t('guests.organisation')}</dt>
                <dd>{g.organisation ?? '—'}</dd>
                <dt>{t('guests.category')}</dt>
                <dd>{g.category ? pickText(g.category.name) : '—'}</dd>
                <dt>{t('guests.delegation')}</dt>
                <dd>
                  {g.delegation ? pickText(g.delegation.name) : '—'}
                  {g.delegationHead && ` (${t('guests.head')})`}
                </dd>
                <dt>{t('guests.email')}</dt>
                <dd>{g.email ?? '—'}</dd>
                <dt>{t('guests.credential')}</dt>
                <dd>{g.credential ? t('guests.credentialCurrent', { id: g.credential.id, at: at(g.credential.issuedAt) }) : t('guests.none')}</dd>
              </dl>
              <h4>{t('guests.registration')}</h4>
              <RegistrationFacts r={g.registration as RegistrationDetails | null} c={g.consents as Consents | null} />
            </div>
            <div>
              {g.hasPhoto ? (
                <img src={eventPath(event.slug, `/guests/${g.id}/photo?v=${version}`)} alt={t('guests.photoOf', { name: g.name })} style={{ maxWidth: '14rem', height: 'auto' }} />
              ) : (
                <p>{t('guests.noPhoto')}</p>
              )}
              <FaceSection guestId={g.id} onChanged={bump} />
            </div>
          </div>
          <ReviewBox guest={g} onDone={bump} />
          {/* the form starts again from each fresh answer */}
          <EditBox key={`${g.id}-${loaded.query.dataUpdatedAt}`} guest={g} onSaved={bump} />
          <History slug={event.slug} id={g.id} />
        </>
      )}
    </>
  );
}
