import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Consents, RegistrationDetails, RegistrationInput } from '../../../../src/modules/people/registration.schema.js';
import { ApiError } from '../../../shared/api.js';
import { VehicleFields, vehicleDraft, type VehicleDraft, vehicleInput } from './VehicleFields.js';

const LANGUAGES = ['zh', 'en', 'fr', 'es', 'ru', 'ar', 'de', 'ja', 'ko', 'pt'] as const;
const MODES = ['flight', 'train', 'car', 'other'] as const;
const DIETS = ['none', 'vegetarian', 'vegan', 'halal', 'kosher', 'other'] as const;

type Journey = { mode: string; number: string; at: string; place: string };
interface Draft {
  name: string;
  nameLatin: string;
  identity: { type: string; number: string; country: string; expiry: string };
  arrival: Journey;
  departure: Journey;
  hotel: { needed: boolean; checkIn: string; checkOut: string; roomType: string; note: string };
  dietary: { kind: string; allergies: string };
  accessibility: string;
  languages: string[];
  vehicle: VehicleDraft;
  consents: { dataProcessing: boolean; faceRecognition: boolean; photography: boolean };
  password: string;
}

/** An ISO instant as the value of a datetime-local input, in the browser's zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const journeyDraft = (j: RegistrationDetails['arrival']): Journey => ({ mode: j?.mode ?? '', number: j?.number ?? '', at: toLocalInput(j?.at), place: j?.place ?? '' });

function draftOf(name: string, nameLatin: string, r: RegistrationDetails | null, c: Consents | null): Draft {
  return {
    name,
    nameLatin,
    identity: { type: r?.identity.type ?? 'passport', number: r?.identity.number ?? '', country: r?.identity.country ?? '', expiry: r?.identity.expiry ?? '' },
    arrival: journeyDraft(r?.arrival),
    departure: journeyDraft(r?.departure),
    hotel: { needed: r?.hotel.needed ?? false, checkIn: r?.hotel.checkIn ?? '', checkOut: r?.hotel.checkOut ?? '', roomType: r?.hotel.roomType ?? 'single', note: r?.hotel.note ?? '' },
    dietary: { kind: r?.dietary.kind ?? 'none', allergies: r?.dietary.allergies ?? '' },
    accessibility: r?.accessibility ?? '',
    languages: r?.languages ?? [],
    vehicle: vehicleDraft(r?.vehicle),
    consents: { dataProcessing: c?.dataProcessing.given ?? false, faceRecognition: c?.faceRecognition.given ?? false, photography: c?.photography.given ?? false },
    password: '',
  };
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());
function journeyInput(j: Journey) {
  if (!j.mode || !j.at) return null;
  return { mode: j.mode as 'flight', at: new Date(j.at).toISOString(), ...(opt(j.number) ? { number: opt(j.number) } : {}), ...(opt(j.place) ? { place: opt(j.place) } : {}) };
}

function toInput(d: Draft, withPassword: boolean): RegistrationInput {
  return {
    name: d.name.trim(),
    nameLatin: d.nameLatin.trim(),
    identity: { type: d.identity.type as 'passport', number: d.identity.number.trim(), country: d.identity.country.trim(), expiry: d.identity.expiry },
    arrival: journeyInput(d.arrival),
    departure: journeyInput(d.departure),
    hotel: d.hotel.needed
      ? {
          needed: true,
          ...(d.hotel.checkIn ? { checkIn: d.hotel.checkIn } : {}),
          ...(d.hotel.checkOut ? { checkOut: d.hotel.checkOut } : {}),
          roomType: d.hotel.roomType as 'single',
          ...(opt(d.hotel.note) ? { note: opt(d.hotel.note) } : {}),
        }
      : { needed: false },
    dietary: { kind: d.dietary.kind as 'none', ...(opt(d.dietary.allergies) ? { allergies: opt(d.dietary.allergies) } : {}) },
    ...(opt(d.accessibility) ? { accessibility: opt(d.accessibility) } : {}),
    languages: d.languages,
    vehicle: vehicleInput(d.vehicle),
    consents: { dataProcessing: true, faceRecognition: d.consents.faceRecognition, photography: d.consents.photography },
    ...(withPassword && d.password ? { password: d.password } : {}),
  };
}

export interface FormProps {
  name: string;
  nameLatin: string;
  registration: RegistrationDetails | null;
  consents: Consents | null;
  /** offer the app account (the invitee's own form, before an account exists) */
  offerAccount: boolean;
  /** fields whose change sends an approved registration back to review */
  needsReview: string[];
  disabled: boolean;
  submit(input: RegistrationInput): Promise<void>;
}

/**
 * The registration form, shared by the invitee's page and the delegation head's: identity document, travel,
 * hotel, dietary and accessibility needs, the guest's own vehicle, languages, and three separate consents. Refusals from the server are
 * shown at the top (role=alert) and mark the field they name.
 */
export function RegistrationForm(p: FormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [d, setD] = useState<Draft>(() => draftOf(p.name, p.nameLatin, p.registration, p.consents));
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: (x: Draft) => Draft) => {
    setSaved(false);
    setD(patch);
  };
  const bad = (field: string) => (error?.field === field || error?.field?.startsWith(`${field}.`) ? true : undefined);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!d.consents.dataProcessing) return setError({ message: t('registration.consent.required'), field: 'consents.dataProcessing' });
    setBusy(true);
    setError(null);
    p.submit(toInput(d, p.offerAccount)).then(
      () => {
        setBusy(false);
        setSaved(true);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? { message: err.message, field: err.field } : { message: t('registration.network'), field: null });
      },
    );
  };

  const field = (key: string, label: string, input: ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
      {hint && (
        <small id={`${id}-${key}-hint`} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
  const reviewHint = (f: string) => (p.needsReview.includes(f) ? t('registration.needsReview') : undefined);
  const journey = (which: 'arrival' | 'departure') => (
    <fieldset>
      <legend>{t(`registration.${which}.title`)}</legend>
      {field(
        `${which}-mode`,
        t('registration.journey.mode'),
        <select id={`${id}-${which}-mode`} value={d[which].mode} onChange={(e) => set((x) => ({ ...x, [which]: { ...x[which], mode: e.target.value } }))}>
          <option value="">{t('registration.journey.none')}</option>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`registration.journey.modes.${m}`)}
            </option>
          ))}
        </select>,
      )}
      {d[which].mode && (
        <>
          {field(
            `${which}-number`,
            t('registration.journey.number'),
            <input id={`${id}-${which}-number`} value={d[which].number} maxLength={20} onChange={(e) => set((x) => ({ ...x, [which]: { ...x[which], number: e.target.value } }))} />,
          )}
          {field(
            `${which}-at`,
            t('registration.journey.at'),
            <input
              id={`${id}-${which}-at`}
              type="datetime-local"
              required
              aria-invalid={bad(`${which}.at`)}
              value={d[which].at}
              onChange={(e) => set((x) => ({ ...x, [which]: { ...x[which], at: e.target.value } }))}
            />,
            t('registration.journey.localTime'),
          )}
          {field(
            `${which}-place`,
            t('registration.journey.place'),
            <input id={`${id}-${which}-place`} value={d[which].place} maxLength={200} onChange={(e) => set((x) => ({ ...x, [which]: { ...x[which], place: e.target.value } }))} />,
          )}
        </>
      )}
    </fieldset>
  );

  return (
    <form className="form registration" onSubmit={onSubmit} noValidate={false}>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <fieldset>
        <legend>{t('registration.person.title')}</legend>
        {field('name', t('registration.person.name'), <input id={`${id}-name`} required maxLength={200} aria-invalid={bad('name')} value={d.name} onChange={(e) => set((x) => ({ ...x, name: e.target.value }))} />, reviewHint('name'))}
        {field(
          'nameLatin',
          t('registration.person.nameLatin'),
          <input id={`${id}-nameLatin`} required maxLength={200} aria-invalid={bad('nameLatin')} value={d.nameLatin} onChange={(e) => set((x) => ({ ...x, nameLatin: e.target.value }))} />,
          reviewHint('nameLatin'),
        )}
      </fieldset>
      <fieldset>
        <legend>{t('registration.identity.title')}</legend>
        {reviewHint('identity') && <p className="muted">{reviewHint('identity')}</p>}
        {field(
          'idtype',
          t('registration.identity.type'),
          <select id={`${id}-idtype`} value={d.identity.type} onChange={(e) => set((x) => ({ ...x, identity: { ...x.identity, type: e.target.value } }))}>
            {(['passport', 'id_card', 'other'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`registration.identity.types.${v}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'idnumber',
          t('registration.identity.number'),
          <input id={`${id}-idnumber`} required minLength={3} maxLength={40} autoComplete="off" aria-invalid={bad('identity.number')} value={d.identity.number} onChange={(e) => set((x) => ({ ...x, identity: { ...x.identity, number: e.target.value } }))} />,
        )}
        {field(
          'idcountry',
          t('registration.identity.country'),
          <input id={`${id}-idcountry`} required pattern="[A-Za-z]{2,3}" maxLength={3} aria-invalid={bad('identity.country')} value={d.identity.country} onChange={(e) => set((x) => ({ ...x, identity: { ...x.identity, country: e.target.value } }))} />,
          t('registration.identity.countryHint'),
        )}
        {field(
          'idexpiry',
          t('registration.identity.expiry'),
          <input id={`${id}-idexpiry`} type="date" required aria-invalid={bad('identity.expiry')} value={d.identity.expiry} onChange={(e) => set((x) => ({ ...x, identity: { ...x.identity, expiry: e.target.value } }))} />,
        )}
      </fieldset>
      {journey('arrival')}
      {journey('departure')}
      <fieldset>
        <legend>{t('registration.hotel.title')}</legend>
        <label>
          <input type="checkbox" checked={d.hotel.needed} onChange={(e) => set((x) => ({ ...x, hotel: { ...x.hotel, needed: e.target.checked } }))} /> {t('registration.hotel.needed')}
        </label>
        {d.hotel.needed && (
          <>
            {field('checkin', t('registration.hotel.checkIn'), <input id={`${id}-checkin`} type="date" value={d.hotel.checkIn} onChange={(e) => set((x) => ({ ...x, hotel: { ...x.hotel, checkIn: e.target.value } }))} />)}
            {field(
              'checkout',
              t('registration.hotel.checkOut'),
              <input id={`${id}-checkout`} type="date" aria-invalid={bad('hotel.checkOut')} value={d.hotel.checkOut} onChange={(e) => set((x) => ({ ...x, hotel: { ...x.hotel, checkOut: e.target.value } }))} />,
            )}
            {field(
              'room',
              t('registration.hotel.roomType'),
              <select id={`${id}-room`} value={d.hotel.roomType} onChange={(e) => set((x) => ({ ...x, hotel: { ...x.hotel, roomType: e.target.value } }))}>
                {(['single', 'double', 'shared'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`registration.hotel.rooms.${v}`)}
                  </option>
                ))}
              </select>,
            )}
            {field('hotelnote', t('registration.hotel.note'), <input id={`${id}-hotelnote`} maxLength={500} value={d.hotel.note} onChange={(e) => set((x) => ({ ...x, hotel: { ...x.hotel, note: e.target.value } }))} />)}
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('registration.needs.title')}</legend>
        {field(
          'diet',
          t('registration.needs.dietary'),
          <select id={`${id}-diet`} value={d.dietary.kind} onChange={(e) => set((x) => ({ ...x, dietary: { ...x.dietary, kind: e.target.value } }))}>
            {DIETS.map((v) => (
              <option key={v} value={v}>
                {t(`registration.needs.diets.${v}`)}
              </option>
            ))}
          </select>,
        )}
        {field('allergies', t('registration.needs.allergies'), <input id={`${id}-allergies`} maxLength={500} value={d.dietary.allergies} onChange={(e) => set((x) => ({ ...x, dietary: { ...x.dietary, allergies: e.target.value } }))} />)}
        {field(
          'access',
          t('registration.needs.accessibility'),
          <textarea id={`${id}-access`} rows={2} maxLength={1000} value={d.accessibility} onChange={(e) => set((x) => ({ ...x, accessibility: e.target.value }))} />,
        )}
      </fieldset>
      <VehicleFields value={d.vehicle} invalid={bad} onChange={(vehicle) => set((x) => ({ ...x, vehicle }))} />
      <fieldset>
        <legend>{t('registration.languages.title')}</legend>
        <div className="checks">
          {LANGUAGES.map((l) => (
            <label key={l}>
              <input
                type="checkbox"
                checked={d.languages.includes(l)}
                onChange={(e) => set((x) => ({ ...x, languages: e.target.checked ? [...x.languages, l] : x.languages.filter((v) => v !== l) }))}
              />{' '}
              {t(`registration.languages.names.${l}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('registration.consent.title')}</legend>
        {(['dataProcessing', 'faceRecognition', 'photography'] as const).map((c) => (
          <div className="consent" key={c}>
            <input
              id={`${id}-consent-${c}`}
              type="checkbox"
              required={c === 'dataProcessing'}
              aria-invalid={bad(`consents.${c}`)}
              aria-describedby={`${id}-consent-${c}-text`}
              checked={d.consents[c]}
              onChange={(e) => set((x) => ({ ...x, consents: { ...x.consents, [c]: e.target.checked } }))}
            />
            <label htmlFor={`${id}-consent-${c}`}>
              <strong>{t(`registration.consent.${c}.label`)}</strong>
              {c === 'dataProcessing' ? ` (${t('registration.consent.requiredMark')})` : ` (${t('registration.consent.optional')})`}
            </label>
            <p id={`${id}-consent-${c}-text`} className="muted">
              {t(`registration.consent.${c}.text`)}
            </p>
          </div>
        ))}
      </fieldset>
      {p.offerAccount && (
        <fieldset>
          <legend>{t('registration.account.title')}</legend>
          {field(
            'password',
            t('registration.account.password'),
            <input id={`${id}-password`} type="password" autoComplete="new-password" minLength={10} maxLength={200} aria-invalid={bad('password')} value={d.password} onChange={(e) => set((x) => ({ ...x, password: e.target.value }))} />,
            t('registration.account.hint'),
          )}
        </fieldset>
      )}
      <button type="submit" disabled={busy || p.disabled}>
        {t('registration.submit')}
      </button>
      {saved && <p role="status">{t('registration.saved')}</p>}
    </form>
  );
}
