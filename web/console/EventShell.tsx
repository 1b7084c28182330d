import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { pickText } from '../shared/i18n.js';
import { accessFor, EventCtx, type Me } from './access.js';
import { eventPath, useGet } from './load.js';
import { AccreditationPage } from './pages/AccreditationPage.js';
import { BadgesPage } from './pages/BadgesPage.js';
import { ConflictsPage } from './pages/ConflictsPage.js';
import { DocumentsPage } from './pages/DocumentsPage.js';
import { EventSettingsPage } from './pages/EventSettingsPage.js';
import { GuestsPage } from './pages/GuestsPage.js';
import { InvitationsPage } from './pages/InvitationsPage.js';
import { NoticesPage } from './pages/NoticesPage.js';
import { PeoplePage } from './pages/PeoplePage.js';
import { ProgrammePage } from './pages/ProgrammePage.js';
import { PublishPage } from './pages/PublishPage.js';
import { ReportsPage } from './pages/ReportsPage.js';
import { SessionPage } from './pages/SessionPage.js';
import { VenuesPage } from './pages/VenuesPage.js';
import { href } from './router.js';

// The overview draws charts with uPlot: loaded only when it is opened, so signing in stays light.
const OverviewPage = lazy(() => import('./pages/OverviewPage.js'));
// Carts too (a live map and two charts), and only for organisers.
const CartsPage = lazy(() => import('./pages/CartsPage.js'));
// Vehicle entrances: a live log with camera images, organisers only.
const VehiclesPage = lazy(() => import('./pages/VehiclesPage.js'));

type Tab = { key: string; label: string; show: boolean };

/** One event's console: its navigation and the page the hash names. */
export function EventShell({ me, slug, rest }: { me: Me; slug: string; rest: string[] }) {
  const { t } = useTranslation();
  const loaded = useGet<EventView>(eventPath(slug));
  const event = loaded.data;
  const access = useMemo(() => (event ? accessFor(me, event) : null), [me, event]);
  const page = rest[0] ?? 'overview';

  const tabs: Tab[] = [
    { key: 'overview', label: t('console.nav.overview'), show: true },
    { key: 'settings', label: t('console.nav.settings'), show: !!access?.organiser },
    { key: 'venues', label: t('console.nav.venues'), show: !!access?.organiser },
    { key: 'programme', label: t('console.nav.programme'), show: !!access?.readDraft },
    { key: 'conflicts', label: t('console.nav.conflicts'), show: !!access?.readDraft },
    { key: 'people', label: t('console.nav.people'), show: !!access?.readDraft },
    { key: 'guests', label: t('console.nav.guests'), show: !!access?.organiser },
    { key: 'invitations', label: t('console.nav.invitations'), show: !!access?.organiser },
    { key: 'accreditation', label: t('console.nav.accreditation'), show: !!access?.organiser },
    { key: 'badges', label: t('console.nav.badges'), show: !!access?.organiser },
    { key: 'reports', label: t('console.nav.reports'), show: !!access?.organiser },
    { key: 'notices', label: t('console.nav.notices'), show: !!access?.organiser },
    { key: 'documents', label: t('console.nav.documents'), show: !!access?.organiser },
    { key: 'carts', label: t('cartsConsole.nav'), show: !!access?.organiser },
    { key: 'vehicles', label: t('vehiclesConsole.nav'), show: !!access?.organiser },
    { key: 'publish', label: t('console.nav.publish'), show: !!access?.organiser },
  ];
  const current = page === 'sessions' ? 'programme' : page;
  const title = tabs.find((tab) => tab.key === current)?.label ?? '';

  // Moving to another page puts keyboard and screen-reader focus at the start of its content, not on the old link.
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) firstPage.current = false;
    else document.getElementById('content')?.focus();
  }, [page]);

  useEffect(() => {
    document.title = `${title} · ${event ? pickText(event.name) : slug} · ${t('console.title')}`;
  }, [title, event, slug, t]);

  if (loaded.error)
    return (
      <main id="content" tabIndex={-1}>
        <p role="alert" className="error">
          {loaded.error.message}
        </p>
      </main>
    );
  if (!event || !access)
    return (
      <main id="content" tabIndex={-1}>
        <p>{t('console.loading')}</p>
      </main>
    );

  return (
    <EventCtx.Provider value={{ event, access, reloadEvent: loaded.reload }}>
      <nav className="event-nav" aria-label={t('console.nav.label')}>
        <p className="event-name">{pickText(event.name)}</p>
        <ul>
          {tabs
            .filter((tab) => tab.show)
            .map((tab) => (
              <li key={tab.key}>
                <a href={href('e', slug, tab.key)} aria-current={tab.key === current ? 'page' : undefined}>
                  {tab.label}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <main id="content" tabIndex={-1}>
        {!access.readDraft && page !== 'overview' ? (
          <p role="alert" className="error">
            {t('console.noAccess')}
          </p>
        ) : page === 'settings' ? (
          <EventSettingsPage />
        ) : page === 'venues' ? (
          <VenuesPage />
        ) : page === 'programme' ? (
          <ProgrammePage board={rest[1] ?? null} />
        ) : page === 'sessions' && rest[1] ? (
          <SessionPage id={rest[1]} />
        ) : page === 'conflicts' ? (
          <ConflictsPage />
        ) : page === 'people' ? (
          <PeoplePage />
        ) : page === 'documents' ? (
          <DocumentsPage />
        ) : page === 'notices' ? (
          <NoticesPage />
        ) : page === 'guests' ? (
          <GuestsPage sub={rest[1] ?? null} />
        ) : page === 'invitations' ? (
          <InvitationsPage sub={rest[1] ?? null} />
        ) : page === 'accreditation' ? (
          <AccreditationPage sub={rest[1] ?? null} />
        ) : page === 'badges' ? (
          <BadgesPage sub={rest[1] ?? null} />
        ) : page === 'reports' ? (
          <ReportsPage sub={rest[1] ?? null} />
        ) : page === 'publish' ? (
          <PublishPage />
        ) : page === 'carts' ? (
          <Suspense fallback={<p>{t('console.loading')}</p>}>
            <CartsPage sub={rest[1] ?? null} />
          </Suspense>
        ) : page === 'vehicles' ? (
          <Suspense fallback={<p>{t('console.loading')}</p>}>
            <VehiclesPage sub={rest[1] ?? null} />
          </Suspense>
        ) : (
          <Suspense fallback={<p>{t('console.loading')}</p>}>
            <OverviewPage />
          </Suspense>
        )}
      </main>
    </EventCtx.Provider>
  );
}
