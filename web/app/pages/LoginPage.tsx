import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api.js';
import { useAppData } from '../data.js';
import { navigate, useLocation } from '../router.js';

/** Guests log in with the account the secretariat gave them; then back to where they were. */
export default function LoginPage() {
  const { t } = useTranslation();
  const { login, online } = useAppData();
  const { query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const next = query.get('next');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    login(String(form.get('email')), String(form.get('password'))).then(
      () => navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/me', true),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err.message : t('offline.needsNetwork'));
      },
    );
  };
  return (
    <>
      <h2>{t('login.title')}</h2>
      <form onSubmit={submit} className="form">
        <label htmlFor={`${id}-email`}>{t('login.email')}</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required />
        <label htmlFor={`${id}-password`}>{t('login.password')}</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy || !online}>
          {t('login.submit')}
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </>
  );
}
