import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartAdmin, DriverRide, PublicStop } from '../../src/modules/logistics/carts.schema.js';
import { pickText } from '../shared/i18n.js';
import { stationGet } from './station-api.js';

/** An organiser at the driver station chooses the cart (from the fleet list, or by typing its code). */
export function ChooseCart({ slug, onChoose }: { slug: string; onChoose: (code: string) => void }) {
  const { t } = useTranslation();
  const [fleet, setFleet] = useState<CartAdmin[] | null>(null);
  const [code, setCode] = useState('');
  useEffect(() => {
    let live = true;
    stationGet<CartAdmin[]>(`/api/v1/events/${encodeURIComponent(slug)}/carts`).then(
      (f) => live && setFleet(f),
      () => live && setFleet([]),
    );
    return () => {
      live = false;
    };
  }, [slug]);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (code.trim()) onChoose(code.trim().toUpperCase());
  }
  return (
    <section aria-labelledby="choose-cart">
      <h2 id="choose-cart">{t('driverStation.chooseCart')}</h2>
      <form onSubmit={submit} className="wedge-row">
        <label className="grow">
          {t('driverStation.cartCode')}
          <input value={code} onChange={(e) => setCode(e.target.value)} list="fleet-codes" autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="primary">
          {t('driverStation.open')}
        </button>
      </form>
      <datalist id="fleet-codes">
        {fleet?.map((c) => (
          <option key={c.code} value={c.code} />
        ))}
      </datalist>
      {fleet && fleet.length > 0 && (
        <ul className="cart-tiles">
          {fleet.map((c) => (
            <li key={c.code}>
              <button type="button" className="tile" onClick={() => onChoose(c.code)} data-cart={c.code}>
                <span className="tile-title">{c.code}</span>
                <span className="tile-text">
                  {t('driverStation.cartLine', { code: c.code, seats: c.seats })}
                  {c.accessible && ` · ${t('driverStation.accessible')}`} ·{' '}
                  {c.inService ? t('driverStation.inService') : t('driverStation.outOfService')}
                  {c.driver && ` · ${c.driver.name}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One guest to pick up or drop off, in a line the driver reads at a glance. */
export function RideLine({ ride }: { ride: DriverRide }) {
  const { t } = useTranslation();
  return (
    <span className="ride-line">
      <strong>{ride.who}</strong> · {t('driverStation.party', { n: ride.party })} · {t('driverStation.code', { code: ride.code })}
      {ride.wheelchair && <span className="wheelchair"> · ♿ {t('driverStation.wheelchair')}</span>}
    </span>
  );
}

/** Out of service (a breakdown: the dispatcher hands the cart's waiting guests to others) and back. */
export function ServiceControls({
  inService,
  stops,
  home,
  busy,
  onOut,
  onBack,
}: {
  inService: boolean;
  stops: PublicStop[];
  home: string | null;
  busy: boolean;
  onOut: (reason: string) => void;
  onBack: (stop: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [stop, setStop] = useState(home ?? '');
  useEffect(() => {
    if (!stop && (home || stops[0])) setStop(home ?? stops[0]!.code);
  }, [home, stops, stop]);
  if (inService)
    return (
      <details className="service">
        <summary>{t('driverStation.goOut')}</summary>
        <label>
          {t('driverStation.reason')}
          <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="button" className="danger big" disabled={busy} onClick={() => onOut(reason.trim())}>
          {t('driverStation.confirmOut')}
        </button>
      </details>
    );
  return (
    <div className="service">
      <label>
        {t('driverStation.backAt')}
        <select value={stop} onChange={(e) => setStop(e.target.value)}>
          {stops.map((s) => (
            <option key={s.code} value={s.code}>
              {pickText(s.name)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="primary big" disabled={busy || !stop} onClick={() => onBack(stop)}>
        {t('driverStation.goBack')}
      </button>
    </div>
  );
}
