import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { api, rememberCsrf } from '../shared/api.js';
import { pickText } from '../shared/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import type { Me } from './access.js';
import { EventShell } from './EventShell.js';
import { useGet } from './load.js';
import { Login } from './Login.js';
import { href, useRoute } from './router.js';

/** The organisers' console: sign in, pick an event, then its pages (hash routes, see router.ts). */
export function Console() {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    api<Me>('GET', '/api/v1/auth/me')
      .then((m) => {
        rememberCsrf(m.csrfToken);
        setMe(m);
      })
      .catch(() => setMe(null));
  }, []);

  async function logout() {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    rememberCsrf(null);
    setMe(null);
  }

  return (
    <>
      <a className="skip" href="#content" onClick={(e) => (e.preventDefault(), document.getElementById('content')?.focus())}>
        {t('console.skip')}
      </a>
      <header className="bar">
        <h1>
          <a href={href()} className="home">
            {t('console.title')}
          </a>
        </h1>
        <div className="bar-tools">
          {me && (
            <>
              <span>{t('console.welcome', { name: me.displayName })}</span>
              <button type="button" onClick={() => void logout()}>
                {t('console.logout')}
              </button>
            </>
          )}
          <LanguageSwitch />
        </div>
      </header>
      {me === undefined ? (
        <main id="content" tabIndex={-1}>
          <p>{t('console.loading')}</p>
        </main>
      ) : me === null ? (
        <main id="content" tabIndex={-1}>
          <Login onLogin={setMe} />
        </main>
      ) : route[0] === 'e' && route[1] ? (
        <EventShell me={me} slug={route[1]} rest={route.slice(2)} />
      ) : (
        <main id="content" tabIndex={-1}>
          <EventList />
        </main>
      )}
    </>
  );
}

function EventList() {
  const { t } = useTranslation();
  const events = useGet<EventView[]>('/api/v1/events');
  return (
    <>
      <h2>{t('console.events')}</h2>
      {events.error && <p role="alert" className="error">{events.error.message}</p>}
      <ul className="cards">
        {events.data?.map((e) => (
          <li key={e.id}>
            <a href={href('e', e.slug)}>{pickText(e.name)}</a> <span className="muted">({e.startDate} – {e.endDate})</span>
          </li>
        ))}
      </ul>
    </>
  );
}
