import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvitationView, RegistrationInput } from '../../../src/modules/people/registration.schema.js';
import { api, ApiError } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { Loading, useLang } from '../ui.js';
import { PhotoUpload } from './register/PhotoUpload.js';
import { RegistrationForm } from './register/RegistrationForm.js';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; view: InvitationView };

/** Where the guest stands, in words, with the organisers' note when they asked for changes or said no. */
export function StatusNote({ view }: { view: Pick<InvitationView, 'status' | 'reviewNote'> }) {
  const { t } = useTranslation();
  return (
    <div className={`status status-${view.status}`} role="status">
      <p>
        <strong>{t(`registration.status.${view.status}`)}</strong>
      </p>
      {view.reviewNote && (
        <p>
          {t('registration.reviewNote')} <span className="prose">{view.reviewNote}</span>
        </p>
      )}
    </div>
  );
}

/**
 * The invitee's registration, reached by the personal link in the invitation (/app/register/<token>): no login
 * needed, the link is the key. Bilingual, one column for phones; the photo is sent on its own, as soon as chosen.
 */
export default function RegisterPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const path = `/api/v1/invitations/${encodeURIComponent(token)}`;

  const load = useCallback(() => {
    api<InvitationView>('GET', path).then(
      (view) => setState({ kind: 'ready', view }),
      (e: unknown) => setState({ kind: 'error', message: e instanceof ApiError ? e.message : t('registration.network') }),
    );
  }, [path, t]);
  useEffect(load, [load]);

  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'error')
    return (
      <>
        <h2>{t('registration.title')}</h2>
        <p role="alert">{state.message}</p>
      </>
    );
  const v = state.view;
  const closed = v.editable.length === 0;
  const submit = async (input: RegistrationInput) => {
    const view = await api<InvitationView>('PUT', `${path}/registration`, input);
    setState({ kind: 'ready', view });
  };
  return (
    <>
      <h2>{t('registration.title')}</h2>
      <p>
        {t('registration.welcome', { name: v.name, event: pickText(v.event.name, lang), start: v.event.startDate, end: v.event.endDate })}
      </p>
      {v.category && <p className="muted">{t('registration.category', { category: pickText(v.category, lang) })}</p>}
      {v.delegation && <p className="muted">{t('registration.delegation', { delegation: pickText(v.delegation.name, lang) })}</p>}
      <StatusNote view={v} />
      {!closed && (
        <>
          <PhotoUpload url={`${path}/photo`} hasPhoto={v.hasPhoto} disabled={closed} />
          <RegistrationForm
            key={v.guestId}
            name={v.name}
            nameLatin={v.nameLatin}
            registration={v.registration}
            consents={v.consents}
            offerAccount={!v.hasAccount && !!v.email}
            needsReview={v.needsReview}
            disabled={closed}
            submit={submit}
          />
        </>
      )}
    </>
  );
}
