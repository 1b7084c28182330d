import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import { pickText } from '../shared/i18n.js';
import { DataProvider, useAppData } from './data.js';
import { ProgrammePage } from './pages/ProgrammePage.js';
import { Link, useLocation } from './router.js';
import { Loading, useLang } from './ui.js';

// Only the programme ships in the first load; the other pages arrive when first opened (and are precached).
const SessionPage = lazy(() => import('./pages/SessionPage.js'));
const SpeakerPage = lazy(() => import('./pages/SpeakerPage.js'));
const AgendaPage = lazy(() => import('./pages/AgendaPage.js'));
const MapPage = lazy(() => import('./pages/MapPage.js'));
const MePage = lazy(() => import('./pages/MePage.js'));
const LoginPage = lazy(() => import('./pages/LoginPage.js'));

function Route({ path }: { path: string }) {
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/sessions\/([0-9a-f-]+)\/?$/i))) return <SessionPage guid={m[1]!} />;
  if ((m = path.match(/^\/speakers\/(\d+)\/?$/))) return <SpeakerPage id={Number(m[1])} />;
  if (/^\/agenda\/?$/.test(path)) return <AgendaPage />;
  if (/^\/map\/?$/.test(path)) return <MapPage />;
  if (/^\/me\/?$/.test(path)) return <MePage />;
  if (/^\/login\/?$/.test(path)) return <LoginPage />;
  return <ProgrammePage />;
}

const TABS = [
  { to: '/', key: 'nav.programme', match: (p: string) => p === '/' || p.startsWith('/sessions') || p.startsWith('/speakers') },
  { to: '/agenda', key: 'nav.agenda', match: (p: string) => p.startsWith('/agenda') },
  { to: '/map', key: 'nav.map', match: (p: string) => p.startsWith('/map') },
  { to: '/me', key: 'nav.me', match: (p: string) => p.startsWith('/me') || p.startsWith('/login') },
] as const;

function Shell() {
  const { t } = useTranslation();
  const lang = useLang();
  const { programme, online, pending } = useAppData();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After an in-app navigation, focus moves to the new page (as a page load would) and it starts at the top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus();
  }, [path]);

  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="bar">
        <h1>{programme.state === 'ready' ? pickText(programme.programme.event.name, lang) : t('app.title')}</h1>
        <LanguageSwitch />
      </header>
      {!online && (
        <p className="offline-banner" role="status">
          {t('app.offline')} {pending > 0 && t('offline.pending', { n: pending })}
        </p>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {programme.state === 'error' && <p role="alert">{programme.code === 'not_published' ? t('programme.notPublished') : t('app.error', { message: programme.message })}</p>}
        <Suspense fallback={<Loading />}>
          <Route path={path} />
        </Suspense>
      </main>
      <nav className="tabs" aria-label={t('nav.label')}>
        {TABS.map((tab) => (
          <Link key={tab.to} to={tab.to} aria-current={tab.match(path) ? 'page' : undefined}>
            {t(tab.key)}
          </Link>
        ))}
      </nav>
    </>
  );
}

/** The attendee app: programme, sessions, speakers, my agenda, venue map and profile, working offline. */
export function App() {
  return (
    <DataProvider>
      <Shell />
    </DataProvider>
  );
}
