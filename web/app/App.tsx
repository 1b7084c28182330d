import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import { pickText } from '../shared/i18n.js';
import type { RideView } from '../../src/modules/logistics/carts.schema.js';
import { api, ApiError } from '../shared/api.js';
import { forgetOpenRide, OPEN_STATUSES, readOpenRide, ridePath } from './cart/cart-store.js';
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
const CartCallPage = lazy(() => import('./pages/CartCallPage.js'));
const RidePage = lazy(() => import('./pages/RidePage.js'));

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
  // the carts' links are /app/cart/<event>/<stop> (the poster's QR) and /app/ride/<token>; the bare forms work too
  if ((m = path.match(/^(?:\/app)?\/cart\/([A-Za-z0-9_-]+)(?:\/([A-Za-z0-9-]+))?\/?$/))) return <CartCallPage slug={m[1]!} stop={m[2] ?? null} />;
  if ((m = path.match(/^(?:\/app)?\/ride\/([^/]+)\/?$/))) return <RidePage token={decodeURIComponent(m[1]!)} />;
  return <ProgrammePage />;
}

const TABS = [
  { to: '/', key: 'nav.programme', match: (p: string) => p === '/' || p.startsWith('/sessions') || p.startsWith('/speakers') },
  { to: '/agenda', key: 'nav.agenda', match: (p: string) => p.startsWith('/agenda') },
  { to: '/notices', key: 'nav.notices', match: (p: string) => p.startsWith('/notices') },
  { to: '/map', key: 'nav.map', match: (p: string) => p.startsWith('/map') || /^(\/app)?\/(cart|ride)\//.test(p) },
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

/** A cart called from this phone stays one tap away, whichever page the app reopens on. */
function OpenRideBanner({ path }: { path: string }) {
  const { t } = useTranslation();
  const [checked, setChecked] = useState(0);
  const open = checked >= 0 ? readOpenRide() : null;
  const token = open?.token;
  // a ride that ended while the app was closed is forgotten, rather than offered on every page
  useEffect(() => {
    if (!token) return;
    api<RideView>('GET', `/api/v1/rides/${encodeURIComponent(token)}`).then(
      (ride) => {
        if (!OPEN_STATUSES.has(ride.status)) forgetOpenRide(token);
        setChecked((n) => n + 1);
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 404) forgetOpenRide(token);
        setChecked((n) => n + 1);
      },
    );
  }, [token]);
  if (!open || /^(\/app)?\/(ride|cart)\//.test(path)) return null;
  return (
    <p className="ride-banner">
      <Link to={ridePath(open.token)}>
        {t('cart.openRide')}: {t('cart.followRide')}
      </Link>
    </p>
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
      <OpenRideBanner path={path} />
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
