import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { api, ApiError, rememberCsrf } from '../shared/api.js';
import { pickText } from '../shared/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import type { Me } from './access.js';
import { EventShell } from './EventShell.js';
import { pathKey, QueryState, useApi } from '../shared/query.js';
import { Login } from './Login.js';
import { href, useRoute } from './router.js';

const ME_PATH = '/api/v1/auth/me';

/** The organisers' console: sign in, pick an event, then its pages (hash routes, see router.ts). */
export function Console() {
  const { t } = useTranslation();
  const route = useRoute();
  const client = useQueryClient();
  // who is signed in, from the shared cache: a 401 means nobody; no answer at all is shown as such, with a retry
  const session = useApi<Me | null>(ME_PATH);
  const signedOut = session.error instanceof ApiError && session.error.status === 401;
  const me: Me | null | undefined = signedOut || session.query.data === null ? null : session.query.data;
  useEffect(() => {
    if (session.data) rememberCsrf(session.data.csrfToken);
  }, [session.data]);

  const setMe = (m: Me | null) => {
    rememberCsrf(m?.csrfToken ?? null);
    if (m) client.setQueryData(pathKey(ME_PATH), m);
    else {
      // everything read as the last account is forgotten, then the sign-in form shows
      const mine = pathKey(ME_PATH).join('/');
      client.removeQueries({ predicate: (q) => q.queryKey.join('/') !== mine });
      client.setQueryData<Me | null>(pathKey(ME_PATH), null);
    }
  };

  async function logout() {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
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
          <QueryState of={session} />
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
  const events = useApi<EventView[]>('/api/v1/events');
  return (
    <>
      <h2>{t('console.events')}</h2>
      <QueryState of={events} />
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
