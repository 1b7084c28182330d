import { useTranslation } from 'react-i18next';
import type { ArrivalGroup, Arrivals, NoShow } from '../../../../src/modules/access/reports.schema.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { formatDay, formatTime } from '../../../shared/format.js';
import { useEvent } from '../../access.js';
import { eventPath } from '../../../shared/api.js';
import { QueryState, useApi } from '../../../shared/query.js';

const COLUMNS = ['invited', 'registered', 'approved', 'badgeCollected', 'arrived'] as const;

function CountsTable({ caption, rows, total, first, className }: { caption: string; rows: ArrivalGroup[]; total?: Arrivals['total']; first: string; className: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <table className={`grid ${className}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {COLUMNS.map((c) => (
            <th scope="col" key={c}>
              {t(`reports.columns.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id ?? 'none'}>
            <th scope="row">{r.name ? `${pickText(r.name, lang)} (${r.code})` : t('reports.none')}</th>
            {COLUMNS.map((c) => (
              <td key={c}>{r[c]}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr>
            <th scope="row">{t('reports.total')}</th>
            {COLUMNS.map((c) => (
              <td key={c}>{total[c]}</td>
            ))}
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/** Arrivals per category and delegation, the no-shows, and their CSV exports in the reader's language. */
export function ArrivalsSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const arrivals = useApi<Arrivals>(eventPath(event.slug, '/reports/arrivals'));
  const noShows = useApi<NoShow[]>(eventPath(event.slug, '/reports/no-shows'));
  const a = arrivals.data;
  return (
    <>
      <QueryState of={[arrivals, noShows]} />
      <p className="actions">
        <a href={eventPath(event.slug, `/reports/arrivals.csv?lang=${lang}`)} download>
          {t('reports.downloadArrivals')}
        </a>{' '}
        <a href={eventPath(event.slug, `/reports/no-shows.csv?lang=${lang}`)} download>
          {t('reports.downloadNoShows')}
        </a>
      </p>
      {a && (
        <>
          <dl className="figures">
            {COLUMNS.map((c) => (
              <div key={c}>
                <dt>{t(`reports.columns.${c}`)}</dt>
                <dd>{a.total[c]}</dd>
              </div>
            ))}
          </dl>
          <CountsTable className="arrivals-by-category" caption={t('reports.byCategory')} rows={a.byCategory} total={a.total} first={t('reports.category')} />
          <CountsTable className="arrivals-by-delegation" caption={t('reports.byDelegation')} rows={a.byDelegation} first={t('reports.delegation')} />
        </>
      )}
      {noShows.data && (
        <table className="grid no-shows">
          <caption>{t('reports.noShows', { count: noShows.data.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.name')}</th>
              <th scope="col">{t('reports.organisation')}</th>
              <th scope="col">{t('reports.category')}</th>
              <th scope="col">{t('reports.delegation')}</th>
              <th scope="col">{t('reports.contact')}</th>
              <th scope="col">{t('reports.columns.badgeCollected')}</th>
            </tr>
          </thead>
          <tbody>
            {noShows.data.map((s) => (
              <tr key={s.guestId}>
                <th scope="row">
                  {s.name}
                  {s.nameLatin !== s.name && <span className="muted"> · {s.nameLatin}</span>}
                </th>
                <td>{s.organisation ?? ''}</td>
                <td>{s.category ? pickText(s.category.name, lang) : ''}</td>
                <td>{s.delegation ? pickText(s.delegation.name, lang) : ''}</td>
                <td>{[s.email, s.phone].filter(Boolean).join(' · ')}</td>
                <td>{s.badgeCollectedAt ? `${formatDay(s.badgeCollectedAt, event.timezone, lang)} ${formatTime(s.badgeCollectedAt, event.timezone, lang)}` : t('accreditation.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
