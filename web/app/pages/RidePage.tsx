import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicStop, PublicStops, RideView } from '../../../src/modules/logistics/carts.schema.js';
import { api, ApiError } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { callPath, forgetOpenRide, OPEN_STATUSES, readOpenRide } from '../cart/cart-store.js';
import { clock, refusalText, statusText } from '../cart/ride-text.js';
import { StopMap, type MapCart } from '../cart/StopMap.js';
import { useAppData } from '../data.js';
import { Link } from '../router.js';
import { Loading, useLang, useProgramme } from '../ui.js';

const POLL_MS = 4000;

type Load = { state: 'loading' } | { state: 'ready'; ride: RideView; at: number; stale: boolean } | { state: 'error'; message: string };

/** Ticks once a second while mounted, for the countdown. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** Where to draw the cart: its phone's last position, else the stop it is at or reaches next. */
function cartOnMap(ride: RideView, stops: PublicStop[]): MapCart | null {
  const cart = ride.cart;
  if (!cart) return null;
  if (cart.lat !== null && cart.lon !== null) return { code: cart.code, lat: cart.lat, lon: cart.lon };
  const at = stops.find((s) => s.code === cart.stop);
  return at ? { code: cart.code, lat: at.lat, lon: at.lon } : null;
}

/** The stop nearest a point (for saying where the cart is in words). */
function nearest(stops: PublicStop[], lat: number, lon: number): PublicStop | undefined {
  let best: PublicStop | undefined;
  let bestD = Infinity;
  for (const s of stops) {
    const d = (s.lat - lat) ** 2 + (s.lon - lon) ** 2;
    if (d < bestD) [best, bestD] = [s, d];
  }
  return best;
}

/**
 * Following my ride (/app/ride/<token>): what is happening in words (read out as it changes), the cart and the
 * code to show its driver, a countdown to its arrival and a small map with the cart's last known position,
 * asked again every few seconds until the ride is over.
 */
export default function RidePage({ token }: { token: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { slug: appSlug } = useAppData();
  const programme = useProgramme();
  const kept = readOpenRide();
  const slug = kept?.token === token ? kept.slug : appSlug;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [network, setNetwork] = useState<PublicStops | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const timeZone = programme && programme.event.slug === slug ? programme.event.timezone : undefined;

  const take = useCallback(
    (ride: RideView) => {
      setLoad({ state: 'ready', ride, at: Date.now(), stale: false });
      if (!OPEN_STATUSES.has(ride.status)) forgetOpenRide(token);
    },
    [token],
  );

  const refresh = useCallback(async () => {
    try {
      take(await api<RideView>('GET', `/api/v1/rides/${encodeURIComponent(token)}`));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        forgetOpenRide(token);
        setLoad({ state: 'error', message: t('cart.notFound') });
      } else if (e instanceof ApiError)
        setLoad((l) => (l.state === 'ready' ? { ...l, stale: true } : { state: 'error', message: e.message }));
      else setLoad((l) => (l.state === 'ready' ? { ...l, stale: true } : { state: 'error', message: t('offline.needsNetwork') }));
    }
  }, [token, take, t]);

  const open = load.state === 'ready' && OPEN_STATUSES.has(load.ride.status);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!open) return;
    const id = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(id);
  }, [open, refresh]);

  useEffect(() => {
    if (!slug) return;
    let live = true;
    api<PublicStops>('GET', `/api/v1/events/${encodeURIComponent(slug)}/cart-stops`).then(
      (n) => live && setNetwork(n),
      () => undefined, // the map is a help, not the answer: without it the page still says everything in words
    );
    return () => {
      live = false;
    };
  }, [slug]);

  async function cancel() {
    setBusy(true);
    setCancelError(null);
    try {
      take(await api<RideView>('POST', `/api/v1/rides/${encodeURIComponent(token)}/cancel`));
    } catch (e) {
      setCancelError(e instanceof ApiError ? e.message : t('offline.needsNetwork'));
    } finally {
      setBusy(false);
    }
  }

  if (load.state === 'loading') return <Loading />;
  if (load.state === 'error')
    return (
      <>
        <h2>{t('cart.rideTitle')}</h2>
        <p role="alert" className="notice">
          {load.message}
        </p>
      </>
    );
  const { ride } = load;
  const from = pickText(ride.from.name, lang);
  const to = pickText(ride.to.name, lang);
  const stops = network?.stops ?? [ride.from, ride.to];
  const cart = cartOnMap(ride, stops);
  const near = cart ? nearest(stops, cart.lat, cart.lon) : undefined;
  const left = ride.eta ? Math.max(0, Math.round((Date.parse(ride.eta) - now) / 1000)) : null;
  const mapLabel =
    t('cart.mapLabel', { from, to }) + (cart && near ? t('cart.mapCart', { cart: cart.code, near: pickText(near.name, lang) }) : '');

  return (
    <section className={`ride ride-${ride.status}`} aria-labelledby="ride-title" data-status={ride.status}>
      <h2 id="ride-title">{t('cart.rideTitle')}</h2>
      <p className="ride-status" role="status" aria-live="polite" aria-atomic="true">
        {ride.status === 'refused' ? refusalText(t, ride, network?.rules.maxWaitSeconds ?? null) : statusText(t, ride, lang, timeZone)}
      </p>
      {load.stale && <p className="notice">{t('cart.stale', { time: clock(new Date(load.at).toISOString(), lang) })}</p>}
      {ride.cart && (ride.status === 'assigned' || ride.status === 'onboard') && (
        <dl className="ride-facts">
          <div>
            <dt>{t('cart.cart')}</dt>
            <dd className="ride-cart">{ride.cart.code}</dd>
          </div>
          {ride.status === 'assigned' && (
            <div>
              <dt>{t('cart.code')}</dt>
              <dd className="ride-code">{ride.code}</dd>
            </div>
          )}
        </dl>
      )}
      {ride.status === 'assigned' && ride.eta && left !== null && (
        <p className="ride-eta">
          {t('cart.eta')}{' '}
          <strong>
            <time dateTime={ride.eta}>{left > 0 ? t('cart.minutes', { m: Math.floor(left / 60), s: left % 60 }) : t('cart.etaDue')}</time>
          </strong>{' '}
          <span className="muted">({t('cart.etaAt', { time: clock(ride.eta, lang, timeZone) })})</span>
        </p>
      )}
      <p className="muted">
        {t('cart.trip', { from, to })} · {t('cart.partyOf', { n: ride.party })}
        {ride.wheelchair && ` · ${t('cart.withWheelchair')}`}
      </p>
      <StopMap
        stops={stops}
        from={ride.from.code}
        to={ride.to.code}
        cart={OPEN_STATUSES.has(ride.status) ? cart : null}
        label={mapLabel}
        lang={lang}
      />
      {ride.status === 'assigned' && (
        <p>
          <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
            {t('cart.cancel')}
          </button>
        </p>
      )}
      {cancelError && (
        <p role="alert" className="error">
          {cancelError}
        </p>
      )}
      {!OPEN_STATUSES.has(ride.status) && slug && (
        <p>
          <Link to={callPath(slug, ride.status === 'done' ? ride.to.code : ride.from.code)}>{t('cart.again')}</Link>
        </p>
      )}
    </section>
  );
}
