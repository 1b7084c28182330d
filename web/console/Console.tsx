import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { api, ApiError, rememberCsrf } from '../shared/api.js';
import { pickText } from '../shared/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';

interface Me {
  userId: number;
  email: string;
  displayName: string;
  csrfToken: string | null;
}

/** The organisers' console: sign in, then the events this account works on. */
export function Console() {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me | null>(null);
  const [events, setEvents] = useState<EventView[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<Me>('GET', '/api/v1/auth/me')
      .then((m) => {
        rememberCsrf(m.csrfToken);
        setMe(m);
      })
      .catch(() => setMe(null));
  }, []);
  useEffect(() => {
    if (me) void api<EventView[]>('GET', '/api/v1/events').then(setEvents);
  }, [me]);

  async function login(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      const m = await api<Me>('POST', '/api/v1/auth/login', { email: form.get('email'), password: form.get('password') });
      rememberCsrf(m.csrfToken);
      setError(null);
      setMe(m);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function logout() {
    await api('POST', '/api/v1/auth/logout');
    rememberCsrf(null);
    setMe(null);
  }

  return (
    <>
      <header className="bar">
        <h1>{t('console.title')}</h1>
        <LanguageSwitch />
      </header>
      <main>
        {!me ? (
          <form onSubmit={(e) => void login(e)} aria-label={t('console.login')}>
            <p>
              <label>
                {t('console.email')} <input name="email" type="email" autoComplete="username" required />
              </label>
            </p>
            <p>
              <label>
                {t('console.password')} <input name="password" type="password" autoComplete="current-password" required />
              </label>
            </p>
            {error && <p role="alert">{error}</p>}
            <button type="submit">{t('console.login')}</button>
          </form>
        ) : (
          <>
            <p>
              {t('console.welcome', { name: me.displayName })} <button onClick={() => void logout()}>{t('console.logout')}</button>
            </p>
            <h2>{t('console.events')}</h2>
            <ul>
              {events.map((e) => (
                <li key={e.id}>
                  {pickText(e.name)} <span className="muted">({e.startDate} – {e.endDate})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}
