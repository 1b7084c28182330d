import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import { pickText } from '../shared/i18n.js';
import { DataProvider, useAppData } from './data.js';
import { LiveProvider, useLive } from './live.js';
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
const NoticesPage = lazy(() => import('./pages/NoticesPage.js'));
const DocumentsPage = lazy(() => import('./pages/DocumentsPage.js'));
const RegisterPage = lazy(() => import('./pages/RegisterPage.js'));
const BadgePage = lazy(() => import('./pages/BadgePage.js'));
const DelegationPage = lazy(() => import('./pages/DelegationPage.js'));

function Route({ path }: { path: string }) {
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/sessions\/([0-9a-f-]+)\/?$/i))) return <SessionPage guid={m[1]!} />;
  if ((m = path.match(/^\/speakers\/(\d+)\/?$/))) return <SpeakerPage id={Number(m[1])} />;
  if (/^\/agenda\/?$/.test(path)) return <AgendaPage />;
  if (/^\/map\/?$/.test(path)) return <MapPage />;
  if (/^\/me\/?$/.test(path)) return <MePage />;
  if (/^\/notices\/?$/.test(path)) return <NoticesPage />;
  if (/^\/documents\/?$/.test(path)) return <DocumentsPage />;
  if (/^\/login\/?$/.test(path)) return <LoginPage />;
  if ((m = path.match(/^\/register\/([A-Za-z0-9_-]+)\/?$/))) return <RegisterPage token={m[1]!} />;
  if (/^\/badge\/?$/.test(path)) return <BadgePage />;
  if (/^\/delegation\/?$/.test(path)) return <DelegationPage />;
  return <ProgrammePage />;
}

const TABS = [
  { to: '/', key: 'nav.programme', match: (p: string) => p === '/' || p.startsWith('/sessions') || p.startsWith('/speakers') },
  { to: '/agenda', key: 'nav.agenda', match: (p: string) => p.startsWith('/agenda') },
  { to: '/notices', key: 'nav.notices', match: (p: string) => p.startsWith('/notices') },
  { to: '/map', key: 'nav.map', match: (p: string) => p.startsWith('/map') },
  { to: '/me', key: 'nav.me', match: (p: string) => p.startsWith('/me') || p.startsWith('/login') || p.startsWith('/documents') },
] as const;

/** The unread count on the Notices tab; its accessible name says it in words. */
function UnreadBadge() {
  const { t } = useTranslation();
  const { unread } = useLive();
  if (!unread) return null;
  return (
    <>
      {' '}
      <span className="badge" aria-hidden="true">
        {unread}
      </span>
      <span className="sr-only">{t('notices.unreadCount', { n: unread })}</span>
    </>
  );
}

/** An urgent notice that arrives while the app is open is shown on every page and read out by screen readers. */
function UrgentToast() {
  const { t } = useTranslation();
  const lang = useLang();
  const { urgent, dismissUrgent } = useLive();
  return (
    <div className="toast-region" aria-live="assertive" aria-atomic="true">
      {urgent && (
        <div className="toast">
          <p>
            <strong>{t('notices.urgentNow')}</strong> {pickText(urgent.title, lang)}
          </p>
          <p className="prose">{pickText(urgent.body, lang)}</p>
          <p>
            <Link to="/notices" onClick={dismissUrgent}>
              {t('notices.open')}
            </Link>{' '}
            <button type="button" className="link" onClick={dismissUrgent}>
              {t('notices.dismiss')}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}

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
      <UrgentToast />
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
            {tab.to === '/notices' && <UnreadBadge />}
          </Link>
        ))}
      </nav>
    </>
  );
}

/** The attendee app: programme, sessions, speakers, my agenda, notices, venue map and profile, working offline. */
export function App() {
  return (
    <DataProvider>
      <LiveProvider>
        <Shell />
      </LiveProvider>
    </DataProvider>
  );
}
