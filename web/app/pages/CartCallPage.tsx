import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicStop, PublicStops, RideRequestBody, RideView } from '../../../src/modules/logistics/carts.schema.js';
import { api, ApiError } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { callPath, keepOpenRide, readOpenRide, ridePath, savedBadgePayload } from '../cart/cart-store.js';
import { refusalText } from '../cart/ride-text.js';
import { useAppData } from '../data.js';
import { Link, navigate } from '../router.js';
import { Loading, useLang } from '../ui.js';

type Load = { state: 'loading' } | { state: 'ready'; network: PublicStops } | { state: 'error'; message: string };

/** Stops whose name (either language) or code contains every word typed, ignoring case. */
function matching(stops: PublicStop[], q: string): PublicStop[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return stops;
  return stops.filter((s) => {
    const hay = `${s.code} ${s.name.en} ${s.name.zh}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/**
 * The guest's call, opened by the QR code on a stop's poster (/app/cart/<event>/<stop>): no install and no
 * account needed. Choose where to, how many, whether a wheelchair comes along, and who calls (the signed-in
 * account, the badge this phone keeps, or a phone number); the answer is a cart on its way or an honest no.
 */
export default function CartCallPage({ slug, stop }: { slug: string; stop: string | null }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    api<PublicStops>('GET', `/api/v1/events/${encodeURIComponent(slug)}/cart-stops`).then(
      (network) => live && setLoad({ state: 'ready', network }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof ApiError ? e.message : t('offline.needsNetwork') }),
    );
    return () => {
      live = false;
    };
  }, [slug, t]);

  if (load.state === 'loading') return <Loading />;
  if (load.state === 'error')
    return (
      <>
        <h2>{t('cart.title')}</h2>
        <p role="alert" className="notice">
          {load.message}
        </p>
      </>
    );
  const { network } = load;
  const here = stop ? network.stops.find((s) => s.code === stop.toUpperCase()) : undefined;
  return (
    <section className="cart-call" aria-labelledby="cart-title">
      <h2 id="cart-title">{t('cart.title')}</h2>
      <OpenRideNotice slug={slug} />
      {here ? (
        <CallForm key={here.code} slug={slug} network={network} here={here} />
      ) : (
        <ChooseStop slug={slug} network={network} unknown={stop} />
      )}
    </section>
  );
}

/** A call already open on this phone is offered first: reopening the page must not lose it. */
function OpenRideNotice({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const open = readOpenRide();
  if (!open || open.slug !== slug) return null;
  return (
    <p className="notice">
      {t('cart.alreadyOpen')} <Link to={ridePath(open.token)}>{t('cart.followRide')}</Link>
    </p>
  );
}

/** Without a stop in the link (opened from the app rather than a poster), the guest says where they are. */
function ChooseStop({ slug, network, unknown }: { slug: string; network: PublicStops; unknown: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const shown = matching(network.stops, q);
  if (network.stops.length === 0) return <p className="notice">{t('cart.noStops')}</p>;
  return (
    <>
      {unknown && (
        <p role="alert" className="notice">
          {t('cart.unknownStop', { code: unknown })}
        </p>
      )}
      <h3>{t('cart.whereAreYou')}</h3>
      <label className="search">
        {t('cart.searchStops')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </label>
      <ul className="plain stop-choice">
        {shown.map((s) => (
          <li key={s.code}>
            <Link to={callPath(slug, s.code)}>{pickText(s.name, lang)}</Link>
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p className="muted">{t('cart.noMatch', { q })}</p>}
    </>
  );
}

type Who = 'account' | 'badge' | 'phone';

function CallForm({ slug, network, here }: { slug: string; network: PublicStops; here: PublicStop }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAppData();
  const badge = useMemo(() => savedBadgePayload(slug), [slug]);
  const [q, setQ] = useState('');
  const [to, setTo] = useState<string | null>(null);
  const [party, setParty] = useState(1);
  const [wheelchair, setWheelchair] = useState(false);
  const [useBadge, setUseBadge] = useState(!!badge);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [refused, setRefused] = useState<RideView | null>(null);
  const answer = useRef<HTMLDivElement>(null);

  const who: Who = me ? 'account' : badge && useBadge ? 'badge' : 'phone';
  const maxParty = Math.max(1, network.maxParty);
  const destinations = network.stops.filter((s) => s.code !== here.code);
  const shown = matching(destinations, q);
  // keep the chosen destination visible even when the search no longer matches it
  const chosen = to ? destinations.find((s) => s.code === to) : undefined;
  const list = chosen && !shown.includes(chosen) ? [chosen, ...shown] : shown;

  useEffect(() => {
    if (refused || error) answer.current?.focus();
  }, [refused, error]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!to) {
      setError({ message: t('cart.chooseDestination'), field: 'to' });
      return;
    }
    const body: RideRequestBody = { from: here.code, to, party, wheelchair, lang };
    if (who === 'badge' && badge) body.badge = badge;
    if (who === 'phone') body.phone = phone.trim();
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const ride = await api<RideView>('POST', `/api/v1/events/${encodeURIComponent(slug)}/rides`, body);
      if (ride.status === 'refused') setRefused(ride);
      else {
        keepOpenRide({ token: ride.token, slug });
        navigate(ridePath(ride.token));
      }
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, field: err.field } : { message: t('offline.needsNetwork'), field: null });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="cart-form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="here" data-stop={here.code}>
        {t('cart.youAreAt', { stop: pickText(here.name, lang) })}
      </p>
      <fieldset>
        <legend>{t('cart.destination')}</legend>
        <label className="search">
          {t('cart.searchStops')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </label>
        <div
          className="stop-options"
          role="radiogroup"
          aria-label={t('cart.destination')}
          aria-invalid={error?.field === 'to' || undefined}
        >
          {list.map((s) => (
            <label key={s.code} className="option" data-stop={s.code}>
              <input type="radio" name="to" value={s.code} checked={to === s.code} onChange={() => setTo(s.code)} />
              <span>{pickText(s.name, lang)}</span>
            </label>
          ))}
          {shown.length === 0 && <p className="muted">{t('cart.noMatch', { q })}</p>}
        </div>
      </fieldset>
      <div className="stepper">
        <label htmlFor="cart-party">{t('cart.party')}</label>
        <div className="stepper-row">
          <button type="button" aria-label={t('cart.fewer')} disabled={party <= 1} onClick={() => setParty((n) => Math.max(1, n - 1))}>
            −
          </button>
          <input
            id="cart-party"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxParty}
            value={party}
            aria-describedby="cart-party-max"
            aria-invalid={error?.field === 'party' || undefined}
            onChange={(e) => setParty(Math.min(maxParty, Math.max(1, Math.round(Number(e.target.value)) || 1)))}
          />
          <button
            type="button"
            aria-label={t('cart.more')}
            disabled={party >= maxParty}
            onClick={() => setParty((n) => Math.min(maxParty, n + 1))}
          >
            +
          </button>
        </div>
        <p id="cart-party-max" className="muted">
          {t('cart.partyMax', { n: maxParty })}
        </p>
      </div>
      {network.wheelchair && (
        <label className="check">
          <input type="checkbox" checked={wheelchair} onChange={(e) => setWheelchair(e.target.checked)} />
          {t('cart.wheelchair')}
        </label>
      )}
      <fieldset>
        <legend>{t('cart.who')}</legend>
        {me ? (
          <p>{t('cart.signedIn', { name: me.displayName })}</p>
        ) : (
          <>
            {badge && (
              <>
                <label className="check">
                  <input type="radio" name="who" checked={useBadge} onChange={() => setUseBadge(true)} />
                  {t('cart.useBadge')}
                </label>
                <label className="check">
                  <input type="radio" name="who" checked={!useBadge} onChange={() => setUseBadge(false)} />
                  {t('cart.usePhone')}
                </label>
              </>
            )}
            {who === 'phone' && (
              <label className="field">
                {t('cart.phone')}
                <input
                  type="tel"
                  name="phone"
                  autoComplete="tel"
                  required
                  value={phone}
                  aria-describedby="cart-phone-hint"
                  aria-invalid={error?.field === 'phone' || undefined}
                  onChange={(e) => setPhone(e.target.value)}
                />
                <span id="cart-phone-hint" className="muted">
                  {t('cart.phoneHint')}
                </span>
              </label>
            )}
          </>
        )}
      </fieldset>
      <div ref={answer} tabIndex={-1} className="cart-answer" aria-live="assertive">
        {error && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        {refused && (
          <div className="refused" role="alert">
            <h3>{t('cart.refusedTitle')}</h3>
            <p>{refusalText(t, refused, network.rules.maxWaitSeconds)}</p>
          </div>
        )}
      </div>
      <button type="submit" className="primary big" disabled={busy}>
        {busy ? t('cart.calling') : refused ? t('cart.tryAgain') : t('cart.call')}
      </button>
    </form>
  );
}
