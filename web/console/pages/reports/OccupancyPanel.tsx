import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Occupancy } from '../../../../src/modules/access/reports.schema.js';
import { formatTime } from '../../../shared/format.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { eventPath } from '../../../shared/api.js';
import { pathKey, useApi, useLiveStream } from '../../../shared/query.js';
import { BarChart } from '../BarChart.js';
import { EntriesChart } from './EntriesChart.js';

/**
 * Live occupancy for the overview: who is inside each zone now (bars), each guarded room with its session, and
 * entries per five minutes. The server pushes a fresh picture over SSE after gate scans; EventSource reconnects
 * by itself and the server sends the current picture on every (re)connection.
 */
export function OccupancyPanel() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const client = useQueryClient();
  const path = eventPath(event.slug, '/occupancy');
  // the first picture is read; each push after a gate scan carries the whole new one, put straight into the cache
  const live = useLiveStream(eventPath(event.slug, '/occupancy/stream'), {
    invalidates: [],
    events: ['occupancy'],
    onPush: (_type, data) => client.setQueryData(pathKey(path), JSON.parse(data) as Occupancy),
  });
  const occupancy = useApi<Occupancy>(path).data;

  const zoneLabels = useMemo(() => (occupancy?.zones ?? []).map((z) => z.code), [occupancy]);
  const zoneInside = useMemo(() => (occupancy?.zones ?? []).map((z) => z.inside), [occupancy]);
  const bucketAt = useMemo(() => (occupancy?.entries ?? []).map((b) => b.at), [occupancy]);
  const bucketValues = useMemo(() => (occupancy?.entries ?? []).map((b) => b.entries), [occupancy]);
  const recent = useMemo(() => (occupancy?.entries ?? []).filter((b) => b.entries > 0).slice(-12).reverse(), [occupancy]);
  if (!occupancy) return null;
  const totalInside = occupancy.zones.reduce((n, z) => n + z.inside, 0);
  const totalEntries = bucketValues.reduce((n, v) => n + v, 0);

  return (
    <section className="occupancy" aria-labelledby="occupancy-title">
      <h3 id="occupancy-title">
        {t('reports.occupancy.title')}{' '}
        <span className={live ? 'live' : 'muted'} data-testid="occupancy-live">
          {live ? t('reports.occupancy.live') : t('reports.occupancy.offline')}
        </span>
      </h3>
      <dl className="figures">
        <div>
          <dt>{t('reports.occupancy.insideNow')}</dt>
          <dd data-testid="inside-total">{totalInside}</dd>
        </div>
        <div>
          <dt>{t('reports.occupancy.entries', { hours: Math.round((Date.parse(occupancy.to) - Date.parse(occupancy.from)) / 3_600_000) })}</dt>
          <dd data-testid="entries-total">{totalEntries}</dd>
        </div>
      </dl>
      <div className="charts">
        <figure className="chart-occupancy">
          <figcaption>{t('reports.occupancy.perZone')}</figcaption>
          <BarChart labels={zoneLabels} values={zoneInside} color="#0369a1" label={t('reports.occupancy.perZone')} />
        </figure>
        <figure className="chart-entries wide">
          <figcaption>{t('reports.occupancy.perFive')}</figcaption>
          <EntriesChart at={bucketAt} values={bucketValues} label={t('reports.occupancy.perFive')} timeZone={event.timezone} />
        </figure>
      </div>
      <table className="grid occupancy-zones">
        <caption>{t('reports.occupancy.perZone')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('accreditation.zone')}</th>
            <th scope="col">{t('reports.occupancy.inside')}</th>
          </tr>
        </thead>
        <tbody>
          {occupancy.zones.map((z) => (
            <tr key={z.zoneId}>
              <th scope="row">
                {z.code} · {pickText(z.name, lang)}
              </th>
              <td>{z.inside}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {occupancy.rooms.length > 0 && (
        <table className="grid occupancy-rooms">
          <caption>{t('reports.occupancy.perRoom')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.occupancy.room')}</th>
              <th scope="col">{t('reports.occupancy.sessionNow')}</th>
              <th scope="col">{t('reports.occupancy.inside')}</th>
            </tr>
          </thead>
          <tbody>
            {occupancy.rooms.map((r) => (
              <tr key={r.roomId}>
                <th scope="row">{pickText(r.name, lang)}</th>
                <td>{r.session ? `${r.session.code} ${pickText(r.session.title, lang)}` : '–'}</td>
                <td>{r.capacity ? t('reports.occupancy.ofCapacity', { inside: r.inside, capacity: r.capacity }) : r.inside}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {recent.length > 0 && (
        <table className="grid occupancy-entries">
          <caption>{t('reports.occupancy.recent')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.occupancy.from')}</th>
              <th scope="col">{t('reports.occupancy.entriesCol')}</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((b) => (
              <tr key={b.at}>
                <th scope="row">{formatTime(b.at, event.timezone, lang)}</th>
                <td>{b.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
