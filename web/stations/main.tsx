import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { ApiError } from '../shared/api.js';
import { pickText, setupI18n } from '../shared/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import { DeskStation } from './DeskStation.js';
import { DriverStation } from './DriverStation.js';
import { GateStation } from './GateStation.js';
import { picksCart, SignIn, stationsFor, type Me, type StationKind } from './Start.js';
import { deviceToken, rememberCsrf, setDeviceToken, stationFetch, unreachable } from './station-api.js';
import '../shared/base.css';
import './stations.css';

const ME_KEY = 'huiwu.station.me';
const EVENT_KEY = 'huiwu.station.event';
const KIND_KEY = 'huiwu.station.kind';
/** The driver station has its own address (/stations/driver), for a bookmark on the cart's phone. */
const DRIVER_PATH = '/stations/driver';
const atDriverPath = () => location.pathname.replace(/\/+$/, '') === DRIVER_PATH;

const remembered = <T,>(key: string): T | null => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
};

/**
 * The stations: sign in, pick the event and the station (badge desk or gate). A gate that loses the network keeps
 * working from what it remembered (account, event, bundle), so a reload while offline still opens the gate.
 */
function Stations() {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [events, setEvents] = useState<EventView[] | null>(() => remembered<EventView[]>(`${EVENT_KEY}.list`));
  const [slug, setSlug] = useState<string | null>(() => localStorage.getItem(EVENT_KEY));
  const [kind, setKind] = useState<StationKind | null>(() => (atDriverPath() ? 'driver' : (localStorage.getItem(KIND_KEY) as StationKind | null)));

  useEffect(() => {
    stationFetch<Me>('GET', '/api/v1/auth/me')
      .then((r) => {
        localStorage.setItem(ME_KEY, JSON.stringify(r.data));
        if (r.data.csrfToken) rememberCsrf(r.data.csrfToken);
        setMe(r.data);
      })
      .catch((err: unknown) => setMe(unreachable(err) && !(err instanceof ApiError) ? remembered<Me>(ME_KEY) : null));
    stationFetch<EventView[]>('GET', '/api/v1/events')
      .then((r) => {
        localStorage.setItem(`${EVENT_KEY}.list`, JSON.stringify(r.data));
        setEvents(r.data);
      })
      .catch(() => undefined);
  }, []);

  const event = events?.find((e) => e.slug === slug) ?? (events?.length === 1 ? events[0] : undefined);
  const allowed = me && event ? stationsFor(me, event.id) : [];
  const open = kind && allowed.includes(kind) ? kind : allowed.length === 1 ? allowed[0]! : null;

  function choose(k: StationKind | null) {
    setKind(k);
    if (k) localStorage.setItem(KIND_KEY, k);
    else localStorage.removeItem(KIND_KEY);
    if (k === 'driver' && !atDriverPath()) history.replaceState(null, '', DRIVER_PATH);
    else if (k !== 'driver' && atDriverPath()) history.replaceState(null, '', '/stations/');
  }
  function signedIn(m: Me) {
    localStorage.setItem(ME_KEY, JSON.stringify(m));
    setMe(m);
  }
  async function signOut() {
    if (!deviceToken()) await stationFetch('POST', '/api/v1/auth/logout', {}).catch(() => undefined);
    setDeviceToken(null);
    rememberCsrf(null);
    localStorage.removeItem(ME_KEY);
    choose(null);
    setMe(null);
  }

  return (
    <>
      <header className="bar">
        <h1>{open ? `${t(`stations.kind.${open}`)} · ${event ? pickText(event.name) : ''}` : t('stations.title')}</h1>
        <div className="bar-actions">
          {open && allowed.length > 1 && (
            <button type="button" className="on-bar" onClick={() => choose(null)}>
              {t('stations.switch')}
            </button>
          )}
          {me && (
            <button type="button" className="on-bar" onClick={() => void signOut()}>
              {t('stations.signOut')}
            </button>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <main>
        {me === undefined ? (
          <p role="status">{t('stations.loading')}</p>
        ) : me === null ? (
          <SignIn onSignedIn={signedIn} />
        ) : !event ? (
          <ChooseEvent
            events={events ?? []}
            onChoose={(s) => {
              localStorage.setItem(EVENT_KEY, s);
              setSlug(s);
            }}
          />
        ) : allowed.length === 0 ? (
          <p className="notice">{t('stations.noStation', { name: me.displayName })}</p>
        ) : !open ? (
          <nav className="station-choice" aria-label={t('stations.choose')}>
            <h2>{t('stations.choose')}</h2>
            {allowed.map((k) => (
              <button key={k} type="button" className="tile" onClick={() => choose(k)}>
                <span className="tile-title">{t(`stations.kind.${k}`)}</span>
                <span className="tile-text">{t(`stations.about.${k}`)}</span>
              </button>
            ))}
          </nav>
        ) : open === 'desk' ? (
          <DeskStation slug={event.slug} timezone={event.timezone} />
        ) : open === 'driver' ? (
          <DriverStation slug={event.slug} timezone={event.timezone} organiser={picksCart(me, event.id)} />
        ) : (
          <GateStation slug={event.slug} />
        )}
      </main>
    </>
  );
}

function ChooseEvent({ events, onChoose }: { events: EventView[]; onChoose: (slug: string) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="station-choice" aria-label={t('stations.event')}>
      <h2>{t('stations.event')}</h2>
      {events.map((e) => (
        <button key={e.slug} type="button" className="tile" onClick={() => onChoose(e.slug)}>
          <span className="tile-title">{pickText(e.name)}</span>
          <span className="tile-text">
            {e.startDate} – {e.endDate}
          </span>
        </button>
      ))}
    </nav>
  );
}

await setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Stations />
  </StrictMode>,
);
// The site's worker (vite.config.ts) precaches this page and its assets, so a station reloaded without network
// opens from what it remembered; it answers none of the stations' API calls (a stopped server stays an error).
if ('serviceWorker' in navigator && !import.meta.hot) {
  const { registerSW } = await import('virtual:pwa-register');
  registerSW({ immediate: true });
}
