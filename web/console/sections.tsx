import { lazy, Suspense, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Access } from './access.js';
import { AccreditationPage } from './pages/AccreditationPage.js';
import { BadgesPage } from './pages/BadgesPage.js';
import { ConflictsPage } from './pages/ConflictsPage.js';
import { DocumentsPage } from './pages/DocumentsPage.js';
import { EventSettingsPage } from './pages/EventSettingsPage.js';
import { GuestsPage } from './pages/GuestsPage.js';
import { InvitationsPage } from './pages/InvitationsPage.js';
import { NoticesPage } from './pages/NoticesPage.js';
import { PeoplePage } from './pages/PeoplePage.js';
import { PrivacyPage } from './pages/PrivacyPage.js';
import { ProgrammePage } from './pages/ProgrammePage.js';
import { PublishPage } from './pages/PublishPage.js';
import { ReportsPage } from './pages/ReportsPage.js';
import { VenuesPage } from './pages/VenuesPage.js';

// The overview draws charts with uPlot: loaded only when it is opened, so signing in stays light.
const OverviewPage = lazy(() => import('./pages/OverviewPage.js'));
// Carts too (a live map and two charts), and only for organisers.
const CartsPage = lazy(() => import('./pages/CartsPage.js'));
// Vehicle entrances: a live log with camera images, organisers only.
const VehiclesPage = lazy(() => import('./pages/VehiclesPage.js'));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<p aria-live="polite">{t('console.loading')}</p>}>{children}</Suspense>;
}

/**
 * The console's areas, in the order the navigation shows them. Each coming module (volunteers, expo, the venue
 * operations room…) adds its sections to its area below; an area shows only once it has a section the signed-in
 * account may open, so the navigation never offers a page that is not there.
 */
export const AREAS = ['event', 'programme', 'guests', 'logistics', 'volunteers', 'expo', 'operations'] as const;
export type Area = (typeof AREAS)[number];

export interface Section {
  /** the first part of the page's route (#/e/<slug>/<key>/…): routes never change, so deep links keep working */
  key: string;
  area: Area;
  label: (t: TFunction) => string;
  show: (access: Access) => boolean;
  /** the page, given the rest of the route */
  render: (rest: string[]) => ReactNode;
}

const organiser = (a: Access) => a.organiser;
const reader = (a: Access) => a.readDraft;
const sub = (rest: string[]) => rest[1] ?? null;

export const SECTIONS: Section[] = [
  { key: 'overview', area: 'event', label: (t) => t('console.nav.overview'), show: () => true, render: () => <Lazy><OverviewPage /></Lazy> },
  { key: 'settings', area: 'event', label: (t) => t('console.nav.settings'), show: organiser, render: () => <EventSettingsPage /> },

  { key: 'programme', area: 'programme', label: (t) => t('console.nav.programme'), show: reader, render: (rest) => <ProgrammePage board={sub(rest)} /> },
  { key: 'conflicts', area: 'programme', label: (t) => t('console.nav.conflicts'), show: reader, render: () => <ConflictsPage /> },
  { key: 'people', area: 'programme', label: (t) => t('console.nav.people'), show: reader, render: () => <PeoplePage /> },
  { key: 'venues', area: 'programme', label: (t) => t('console.nav.venues'), show: organiser, render: () => <VenuesPage /> },
  { key: 'publish', area: 'programme', label: (t) => t('console.nav.publish'), show: organiser, render: () => <PublishPage /> },

  { key: 'guests', area: 'guests', label: (t) => t('console.nav.guests'), show: organiser, render: (rest) => <GuestsPage sub={sub(rest)} /> },
  { key: 'invitations', area: 'guests', label: (t) => t('console.nav.invitations'), show: organiser, render: (rest) => <InvitationsPage sub={sub(rest)} /> },
  { key: 'accreditation', area: 'guests', label: (t) => t('console.nav.accreditation'), show: organiser, render: (rest) => <AccreditationPage sub={sub(rest)} /> },
  { key: 'badges', area: 'guests', label: (t) => t('console.nav.badges'), show: organiser, render: (rest) => <BadgesPage sub={sub(rest)} /> },
  { key: 'documents', area: 'guests', label: (t) => t('console.nav.documents'), show: organiser, render: () => <DocumentsPage /> },
  { key: 'privacy', area: 'guests', label: (t) => t('privacyConsole.nav'), show: organiser, render: () => <PrivacyPage /> },

  { key: 'carts', area: 'logistics', label: (t) => t('cartsConsole.nav'), show: organiser, render: (rest) => <Lazy><CartsPage sub={sub(rest)} /></Lazy> },
  { key: 'vehicles', area: 'logistics', label: (t) => t('vehiclesConsole.nav'), show: organiser, render: (rest) => <Lazy><VehiclesPage sub={sub(rest)} /></Lazy> },

  { key: 'reports', area: 'operations', label: (t) => t('console.nav.reports'), show: organiser, render: (rest) => <ReportsPage sub={sub(rest)} /> },
  { key: 'notices', area: 'operations', label: (t) => t('console.nav.notices'), show: organiser, render: () => <NoticesPage /> },
];

export function areaLabel(t: TFunction, area: Area): string {
  switch (area) {
    case 'event':
      return t('console.nav.area.event');
    case 'programme':
      return t('console.nav.area.programme');
    case 'guests':
      return t('console.nav.area.guests');
    case 'logistics':
      return t('console.nav.area.logistics');
    case 'volunteers':
      return t('console.nav.area.volunteers');
    case 'expo':
      return t('console.nav.area.expo');
    case 'operations':
      return t('console.nav.area.operations');
  }
}

/** The areas with the sections this account may open, empty areas left out. */
export function visibleAreas(access: Access): Array<{ area: Area; sections: Section[] }> {
  return AREAS.map((area) => ({ area, sections: SECTIONS.filter((s) => s.area === area && s.show(access)) })).filter((a) => a.sections.length > 0);
}
