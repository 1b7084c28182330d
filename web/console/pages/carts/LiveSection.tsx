import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLive, CartNetwork } from '../../../../src/modules/logistics/carts.schema.js';
import { formatTime } from '../../../shared/format.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { eventPath } from '../../../shared/api.js';
import { QueryState, useApi } from '../../../shared/query.js';
import { BarChart } from '../BarChart.js';
import { minSec } from './duration.js';
import { SeriesChart } from './SeriesChart.js';
import { VenueMap } from './VenueMap.js';

const REFRESH_MS = 3000;

/** The live view: carts on the venue map, the figures now and today, the open rides, and the charts of waits. */
export function LiveSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const loaded = useApi<CartLive>(eventPath(event.slug, '/cart-live'), { refetchInterval: REFRESH_MS });
  const live = loaded.data;
  // the roads do not move: read once for the map's lines
  const network = useApi<CartNetwork>(eventPath(event.slug, '/cart-network'));

  const histLabels = useMemo(
    () => (live?.today.waitHistogram ?? []).map((b, i, all) => (i === all.length - 1 ? `${b.fromMinutes}+` : `${b.fromMinutes}–${all[i + 1]!.fromMinutes}`)),
    [live?.today.waitHistogram],
  );
  const histValues = useMemo(() => (live?.today.waitHistogram ?? []).map((b) => b.count), [live?.today.waitHistogram]);
  // the day's quiet hours before the first call are left out, but at least the last two hours are drawn
  const series = useMemo(() => {
    const all = live?.today.series ?? [];
    const first = all.findIndex((b) => b.requests > 0);
    return all.slice(Math.max(0, Math.min(first < 0 ? all.length : first - 1, all.length - 12)));
  }, [live?.today.series]);
  const seriesAt = useMemo(() => series.map((b) => b.at), [series]);
  const seriesCalls = useMemo(() => series.map((b) => b.requests), [series]);
  const seriesWait = useMemo(() => series.map((b) => (b.waitMeanSeconds === null ? null : Math.round(b.waitMeanSeconds / 6) / 10)), [series]);

  const waiting = useMemo(() => {
    const at = new Map<string, number>();
    for (const r of live?.open ?? []) if (r.status !== 'onboard') at.set(r.from, (at.get(r.from) ?? 0) + r.party);
    return at;
  }, [live?.open]);

  if (!live) return <QueryState of={loaded} />;
  const stopName = new Map(live.stops.map((s) => [s.code, pickText(s.name, lang)]));
  const stopLabel = (code: string) => stopName.get(code) ?? code;
  const rate = live.today.serviceRate;
  const inService = live.carts.filter((c) => c.inService).length;

  return (
    <section aria-labelledby="cart-live-title">
      <h3 id="cart-live-title">
        {t('cartsConsole.live.title')} <span className="muted cart-live-at">{t('cartsConsole.live.at', { time: formatTime(live.at, event.timezone, lang) })}</span>
      </h3>
      <QueryState of={loaded} />
      <dl className="figures cart-figures">
        <div>
          <dt>{t('cartsConsole.live.waiting')}</dt>
          <dd data-testid="cart-waiting">{live.now.waiting}</dd>
        </div>
        <div>
          <dt>{t('cartsConsole.live.longest')}</dt>
          <dd data-testid="cart-longest">{minSec(live.now.longestWaitSeconds)}</dd>
        </div>
        <div>
          <dt>{t('cartsConsole.live.aboard')}</dt>
          <dd data-testid="cart-aboard">{live.now.aboard}</dd>
        </div>
        <div>
          <dt>{t('cartsConsole.live.inService')}</dt>
          <dd data-testid="cart-in-service">{t('cartsConsole.live.ofCarts', { n: live.now.cartsInService, total: live.carts.length })}</dd>
        </div>
        <div>
          <dt>{t('cartsConsole.live.serviceRate')}</dt>
          <dd data-testid="cart-service-rate">{rate === null ? '–' : `${Math.round(rate * 1000) / 10} %`}</dd>
        </div>
      </dl>
      <p className="hint">
        {t('cartsConsole.live.today', {
          requests: live.today.requests,
          served: live.today.served,
          refused: live.today.refused,
          cancelled: live.today.cancelled,
          noShow: live.today.noShow,
          mean: live.today.waitMeanSeconds === null ? '–' : minSec(live.today.waitMeanSeconds),
          p95: live.today.waitP95Seconds === null ? '–' : minSec(live.today.waitP95Seconds),
        })}
      </p>

      <figure className="cart-map">
        <figcaption>{t('cartsConsole.live.map', { inService, total: live.carts.length })}</figcaption>
        <VenueMap stops={live.stops} links={network.data?.links ?? []} carts={live.carts} waiting={waiting} label={t('cartsConsole.live.mapLabel')} />
        <p className="hint cart-legend">
          <span className="swatch idle" /> {t('cartsConsole.live.legendIdle')} <span className="swatch busy" /> {t('cartsConsole.live.legendBusy')} <span className="swatch full" />{' '}
          {t('cartsConsole.live.legendFull')} <span className="swatch out" /> {t('cartsConsole.live.legendOut')} <span className="swatch accessible" /> {t('cartsConsole.live.legendAccessible')} <span className="swatch waiting" /> {t('cartsConsole.live.legendWaiting')} — {t('cartsConsole.live.legendArrow')}
        </p>
      </figure>

      <table className="grid cart-open">
        <caption>{t('cartsConsole.live.open', { n: live.open.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cartsConsole.live.route')}</th>
            <th scope="col">{t('cartsConsole.live.party')}</th>
            <th scope="col">{t('cartsConsole.live.wheelchair')}</th>
            <th scope="col">{t('cartsConsole.live.status')}</th>
            <th scope="col">{t('cartsConsole.live.cart')}</th>
            <th scope="col">{t('cartsConsole.live.waited')}</th>
            <th scope="col">{t('cartsConsole.live.eta')}</th>
          </tr>
        </thead>
        <tbody>
          {live.open.length === 0 ? (
            <tr>
              <td colSpan={7}>{t('cartsConsole.live.none')}</td>
            </tr>
          ) : (
            live.open.map((r) => (
              <tr key={r.id}>
                <th scope="row">{`${stopLabel(r.from)} → ${stopLabel(r.to)}`}</th>
                <td>{r.party}</td>
                <td>{r.wheelchair ? t('cartsConsole.yes') : '–'}</td>
                <td>{t(`cartsConsole.status.${r.status}`, { defaultValue: r.status })}</td>
                <td>{r.cart ?? '–'}</td>
                <td>{minSec(r.waitingSeconds)}</td>
                <td>{r.eta ? `${formatTime(r.eta, event.timezone, lang)} (${minSec((Date.parse(r.eta) - Date.parse(live.at)) / 1000)})` : '–'}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <div className="charts">
        <figure>
          <figcaption>{t('cartsConsole.live.histogram')}</figcaption>
          <BarChart labels={histLabels} values={histValues} color="#0f766e" label={t('cartsConsole.live.histogram')} />
        </figure>
        <figure className="wide">
          <figcaption>{t('cartsConsole.live.series')}</figcaption>
          <SeriesChart
            at={seriesAt}
            calls={seriesCalls}
            waitMinutes={seriesWait}
            callsLabel={t('cartsConsole.live.calls')}
            waitLabel={t('cartsConsole.live.meanWait')}
            label={t('cartsConsole.live.series')}
            timeZone={event.timezone}
          />
        </figure>
      </div>
      <table className="grid cart-histogram">
        <caption>{t('cartsConsole.live.histogram')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cartsConsole.live.minutes')}</th>
            <th scope="col">{t('cartsConsole.live.rides')}</th>
          </tr>
        </thead>
        <tbody>
          {histLabels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              <td>{histValues[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
