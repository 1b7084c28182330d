import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DelegationView, RegistrationInput } from '../../../src/modules/people/registration.schema.js';
import { api, ApiError } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { Link } from '../router.js';
import { Loading, useLang } from '../ui.js';
import { StatusNote } from './RegisterPage.js';
import { PhotoUpload } from './register/PhotoUpload.js';
import { RegistrationForm } from './register/RegistrationForm.js';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; view: DelegationView };

/** A delegation head sees the members and their status, and fills in the form for any of them. */
export default function DelegationPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { slug, me } = useAppData();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [open, setOpen] = useState<number | null>(null);

  const load = useCallback(() => {
    if (!slug) return;
    api<DelegationView>('GET', `/api/v1/events/${slug}/my/delegation`).then(
      (view) => setState({ kind: 'ready', view }),
      (e: unknown) => setState({ kind: 'error', message: e instanceof ApiError ? e.message : t('registration.network') }),
    );
  }, [slug, t]);
  useEffect(() => {
    if (me) load();
  }, [me, load]);

  if (me === undefined) return <Loading />;
  if (me === null)
    return (
      <p>
        <Link to="/login?next=/delegation">{t('registration.delegationPage.login')}</Link>
      </p>
    );
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'error') return <p role="alert">{state.message}</p>;
  const { delegation, members } = state.view;
  const member = members.find((m) => m.id === open) ?? null;
  const submit = async (input: RegistrationInput) => {
    const { password: _ignored, ...body } = input;
    await api('PUT', `/api/v1/events/${slug}/my/delegation/members/${open}/registration`, body);
    load();
  };
  return (
    <>
      <h2>{t('registration.delegationPage.title', { delegation: pickText(delegation.name, lang) })}</h2>
      <ul className="plain members">
        {members.map((m) => (
          <li key={m.id}>
            <button type="button" className="link" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>
              {m.name}
              {m.nameLatin !== m.name ? ` (${m.nameLatin})` : ''}
            </button>{' '}
            <span className="muted">
              {t(`registration.status.${m.status}`)}
              {m.head ? ` · ${t('registration.delegationPage.head')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {member && (
        <section aria-label={member.name}>
          <h3>{t('registration.delegationPage.formFor', { name: member.name })}</h3>
          <StatusNote view={member} />
          {member.status === 'rejected' || member.status === 'cancelled' ? null : (
            <>
              <PhotoUpload
                key={`photo-${member.id}`}
                url={`/api/v1/events/${slug}/my/delegation/members/${member.id}/photo`}
                hasPhoto={member.hasPhoto}
                disabled={false}
              />
              <RegistrationForm
                key={member.id}
                name={member.name}
                nameLatin={member.nameLatin}
                registration={member.registration}
                consents={member.consents}
                offerAccount={false}
                needsReview={member.status === 'approved' ? ['name', 'nameLatin', 'identity'] : []}
                disabled={false}
                submit={submit}
              />
            </>
          )}
        </section>
      )}
    </>
  );
}
