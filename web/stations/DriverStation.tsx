import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriverRide, DriverView, PublicStops } from '../../src/modules/logistics/carts.schema.js';
import { ApiError } from '../shared/api.js';
import { pickText } from '../shared/i18n.js';
import { CART_KEY, driverPath, lastArrival, queued, rememberArrival, send, SHARE_KEY, type UpdateBody } from './driver-api.js';
import { ChooseCart, RideLine, ServiceControls } from './DriverParts.js';
import { stationGet, unreachable } from './station-api.js';

const REFRESH_MS = 5000;
/** the phone reports where it is at most this often (a cart moves a few metres a second) */
const POSITION_EVERY_MS = 5000;

const clock = (iso: string | number, timeZone: string, lang: string) =>
  new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));

/**
 * The driver station (/stations/driver): one cart's next stops in order with who to pick up and drop off, and a
 * big button for each thing that happens on the road. A driver gets their own cart; an organiser chooses one.
 */
export function DriverStation({ slug, timezone, organiser }: { slug: string; timezone: string; organiser: boolean }) {
  const [cart, setCart] = useState<string | null>(() => localStorage.getItem(CART_KEY(slug)));
  const choose = (code: string | null) => {
    setCart(code);
    if (code) localStorage.setItem(CART_KEY(slug), code);
    else localStorage.removeItem(CART_KEY(slug));
  };
  if (organiser && !cart) return <ChooseCart slug={slug} onChoose={choose} />;
  return (
    <CartConsole
      key={cart ?? ''}
      slug={slug}
      timezone={timezone}
      cart={cart}
      onFound={choose}
      onChange={organiser ? () => choose(null) : null}
    />
  );
}

type Note = { kind: 'error' | 'info'; text: string } | null;

function CartConsole({
  slug,
  timezone,
  cart,
  onFound,
  onChange,
}: {
  slug: string;
  timezone: string;
  cart: string | null;
  onFound: (code: string) => void;
  onChange: (() => void) | null;
}) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<DriverView | null>(null);
  const [fetchError, setFetchError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [at, setAt] = useState<number | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [waiting, setWaiting] = useState(0);
  const [busy, setBusy] = useState(false);
  const [network, setNetwork] = useState<PublicStops | null>(null);
  const [codes, setCodes] = useState<Record<number, string>>({});
  const [share, setShare] = useState(() => localStorage.getItem(SHARE_KEY) === 'on');
  const [positionNote, setPositionNote] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const code = view?.cart.code ?? cart;
  const seqRef = useRef(0);
  seqRef.current = view?.seq ?? 0;

  const take = useCallback((v: DriverView) => {
    setView(v);
    setStale(false);
    setFetchError(null);
    setAt(Date.now());
  }, []);

  const refresh = useCallback(async () => {
    try {
      const v = await stationGet<DriverView>(driverPath(slug, cart));
      take(v);
      if (!cart) onFound(v.cart.code);
      // back online with updates made meanwhile: send them now
      if (queued(slug, v.cart.code).length) {
        const r = await send(slug, v.cart.code, v.seq, null);
        if (r.state === 'sent') take(r.view);
        setWaiting(r.state === 'queued' ? r.waiting : 0);
      }
    } catch (err) {
      if (unreachable(err)) setStale(true);
      else setFetchError(err instanceof ApiError ? err.message : String(err));
    }
  }, [slug, cart, take, onFound]);

  useEffect(() => {
    void refresh();
    const id = setInterval(() => void refresh(), REFRESH_MS);
    window.addEventListener('online', refresh);
    return () => {
      clearInterval(id);
      window.removeEventListener('online', refresh);
    };
  }, [refresh]);

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  useEffect(() => {
    stationGet<PublicStops>(`/api/v1/events/${encodeURIComponent(slug)}/cart-stops`).then(setNetwork, () => undefined);
  }, [slug]);

  /** Sends one update (or queues it without network) and shows the answer. */
  const act = useCallback(
    async (body: UpdateBody, quiet = false) => {
      if (!code) return;
      if (!quiet) {
        setBusy(true);
        setNote(null);
      }
      try {
        const r = await send(slug, code, seqRef.current, body);
        if (r.state === 'sent') {
          take(r.view);
          setWaiting(0);
          if (!quiet) setNote({ kind: 'info', text: t('driverStation.sent') });
        } else if (r.state === 'queued') {
          setWaiting(r.waiting);
          setStale(true);
        } else if (r.state === 'refused') {
          if (quiet) setPositionNote(t('driverStation.positionRefused', { message: r.error.message }));
          else setNote({ kind: 'error', text: r.error.message });
          void refresh();
        } else void refresh();
        return r.state;
      } finally {
        if (!quiet) setBusy(false);
      }
    },
    [slug, code, take, refresh, t],
  );

  // the phone's position, when the driver allows it
  useEffect(() => {
    localStorage.setItem(SHARE_KEY, share ? 'on' : 'off');
    if (!share || !code || !('geolocation' in navigator)) return;
    let last = 0;
    const id = navigator.geolocation.watchPosition(
      (p) => {
        if (Date.now() - last < POSITION_EVERY_MS) return;
        last = Date.now();
        setPositionNote(null);
        void act({ kind: 'position', lat: p.coords.latitude, lon: p.coords.longitude }, true);
      },
      (e) => setPositionNote(t('driverStation.positionDenied', { detail: e.message })),
      { enableHighAccuracy: true, maximumAge: 5000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [share, code, act, t]);

  if (!view)
    return (
      <section aria-labelledby="driver-title">
        <h2 id="driver-title">{t('driverStation.title')}</h2>
        {fetchError ? (
          <>
            <p role="alert" className="notice">
              {fetchError}
            </p>
            {!cart && <p className="muted">{t('driverStation.noCart')}</p>}
          </>
        ) : stale ? (
          <p role="alert" className="notice">
            {t('stations.unreachable')}
          </p>
        ) : (
          <p role="status">{t('stations.loading')}</p>
        )}
        {onChange && (
          <button type="button" className="secondary" onClick={onChange}>
            {t('driverStation.change')}
          </button>
        )}
      </section>
    );

  const lang = i18n.language;
  const arrival = lastArrival(slug, view.cart.code);
  const fresh = view.stops.flatMap((s) => s.pickups).filter((r) => !r.accepted);
  const noShowLeft = (stop: string) =>
    arrival && arrival.stop === stop ? Math.ceil((arrival.at + view.rules.noShowSeconds * 1000 - now) / 1000) : null;
  const stopName = (c: string) => pickText(network?.stops.find((s) => s.code === c)?.name) || c;

  async function arrived(stop: string) {
    const state = await act({ kind: 'arrived', stop });
    if (state === 'sent' || state === 'queued') rememberArrival(slug, view!.cart.code, { stop, at: Date.now() });
  }
  const pickedUp = (r: DriverRide) => {
    const typed = (codes[r.id] ?? '').trim();
    return act({ kind: 'picked_up', ride: r.id, ...(typed ? { code: typed } : {}) });
  };

  return (
    <section className="driver" aria-labelledby="driver-title" data-cart={view.cart.code}>
      <div className="driver-head">
        <h2 id="driver-title">
          {t('driverStation.cartLine', { code: view.cart.code, seats: view.cart.seats })}
          {view.cart.accessible && <span className="muted"> · {t('driverStation.accessible')}</span>}
        </h2>
        <p className={view.cart.inService ? 'in-service' : 'out-of-service'}>
          {view.cart.inService ? t('driverStation.inService') : t('driverStation.outOfService')}
        </p>
        {onChange && (
          <button type="button" className="secondary" onClick={onChange}>
            {t('driverStation.change')}
          </button>
        )}
      </div>
      <div aria-live="polite" className="driver-notes">
        {waiting > 0 && <p className="notice">{t('driverStation.queued', { count: waiting })}</p>}
        {stale && waiting === 0 && <p className="notice">{t('driverStation.offline')}</p>}
        {fresh.length > 0 && <p className="new-rides">{t('driverStation.newRides', { count: fresh.length })}</p>}
        {note && (
          <p role={note.kind === 'error' ? 'alert' : undefined} className={note.kind === 'error' ? 'notice' : 'muted'}>
            {note.text}
          </p>
        )}
      </div>

      {view.cart.inService && (
        <>
          <h3>{t('driverStation.nextStops')}</h3>
          {view.stops.length === 0 && <p className="muted">{t('driverStation.noStops')}</p>}
          <ol className="driver-stops">
            {view.stops.map((s, i) => (
              <li key={`${s.stop.code}-${i}`} className={i === 0 ? 'next' : undefined} data-stop={s.stop.code}>
                <div className="stop-head">
                  <strong>{pickText(s.stop.name)}</strong>{' '}
                  <span className="muted">{t('driverStation.eta', { time: clock(s.eta, timezone, lang) })}</span>
                </div>
                {i === 0 && (
                  <button type="button" className="primary big" disabled={busy} onClick={() => void arrived(s.stop.code)}>
                    {t('driverStation.arrived', { stop: pickText(s.stop.name) })}
                  </button>
                )}
                {s.pickups.map((r) => {
                  const left = noShowLeft(s.stop.code);
                  return (
                    <div key={`p${r.id}`} className="driver-ride pickup" data-ride={r.id}>
                      <p>
                        <span className="tag pick">{t('driverStation.pickUp')}</span>{' '}
                        {!r.accepted && <span className="tag new">{t('driverStation.new')}</span>} <RideLine ride={r} /> → {stopName(r.to)}
                      </p>
                      <div className="ride-actions">
                        {!r.accepted && (
                          <button
                            type="button"
                            className="primary"
                            disabled={busy}
                            onClick={() => void act({ kind: 'accept', ride: r.id })}
                          >
                            {t('driverStation.accept', { code: r.code })}
                          </button>
                        )}
                        <label className="code-input">
                          {t('driverStation.guestCode')}
                          <input
                            inputMode="numeric"
                            pattern="\d{4}"
                            maxLength={4}
                            value={codes[r.id] ?? ''}
                            onChange={(e) => setCodes((c) => ({ ...c, [r.id]: e.target.value.replace(/\D/g, '') }))}
                          />
                        </label>
                        <button type="button" className="primary" disabled={busy} onClick={() => void pickedUp(r)}>
                          {t('driverStation.pickedUp')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy || (left !== null && left > 0)}
                          onClick={() => void act({ kind: 'no_show', ride: r.id })}
                        >
                          {left !== null && left > 0 ? t('driverStation.noShowIn', { s: left }) : t('driverStation.noShow')}
                        </button>
                      </div>
                    </div>
                  );
                })}
                {s.dropoffs.map((r) => (
                  <div key={`d${r.id}`} className="driver-ride dropoff" data-ride={r.id}>
                    <p>
                      <span className="tag drop">{t('driverStation.dropOff')}</span> <RideLine ride={r} />
                    </p>
                    {r.status === 'onboard' && (
                      <div className="ride-actions">
                        <button
                          type="button"
                          className="primary"
                          disabled={busy}
                          onClick={() => void act({ kind: 'dropped_off', ride: r.id })}
                        >
                          {t('driverStation.droppedOff')}
                        </button>
                      </div>
                    )}
                  </div>
                ))}
              </li>
            ))}
          </ol>
        </>
      )}

      <h3>{t('driverStation.aboard')}</h3>
      {view.aboard.length === 0 ? (
        <p className="muted">{t('driverStation.aboardNone')}</p>
      ) : (
        <ul className="plain aboard">
          {view.aboard.map((r) => (
            <li key={r.id} data-ride={r.id}>
              <RideLine ride={r} /> → {stopName(r.to)}
            </li>
          ))}
        </ul>
      )}

      <label className="check">
        <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} />
        {t('driverStation.sharePosition')}
      </label>
      {positionNote && <p className="muted">{positionNote}</p>}

      <ServiceControls
        inService={view.cart.inService}
        stops={network?.stops ?? []}
        home={view.cart.stop}
        busy={busy}
        onOut={(reason) => void act({ kind: 'out_of_service', ...(reason ? { reason } : {}) })}
        onBack={(stop) => void act({ kind: 'in_service', stop })}
      />
      {at && <p className="muted">{t('driverStation.updated', { time: clock(at, timezone, lang) })}</p>}
    </section>
  );
}
