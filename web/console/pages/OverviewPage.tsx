import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStars } from '../../../src/modules/agenda/agenda.schema.js';
import type { DocumentView } from '../../../src/modules/documents/documents.schema.js';
import type { OrganiserNoticeView } from '../../../src/modules/notices/notices.schema.js';
import type { Conflict } from '../../../src/modules/program/program.schema.js';
import { dayKey, formatDay } from '../../shared/format.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { useCatalogue } from '../catalogue.js';
import { eventPath } from '../../shared/api.js';
import { QueryState, useApi } from '../../shared/query.js';
import { BarChart } from './BarChart.js';
import { OccupancyPanel } from './reports/OccupancyPanel.js';

/** How often the figures are fetched again while the page is open. */
const REFRESH_MS = 30_000;
/** Sessions in the stars chart: beyond this many the bars are too thin to read; the table shows the same ones. */
const TOP_STARRED = 15;

/**
 * The event at a glance, kept live: sessions per day and per room from the draft (or the published programme
 * for readers without draft access), conflicts, the last published version. Later pages add their own figures.
 */
export default function OverviewPage() {
  const { t } = useTranslation();
  const { event, access } = useEvent();
  // the figures are asked again every REFRESH_MS while the page is open and visible
  const live = { refetchInterval: REFRESH_MS };
  const cat = useCatalogue(event.slug, access.readDraft, REFRESH_MS);
  const conflicts = useApi<Conflict[]>(access.readDraft ? eventPath(event.slug, '/conflicts') : null, live);
  const notices = useApi<OrganiserNoticeView[]>(access.organiser ? eventPath(event.slug, '/notices') : null, live);
  const documents = useApi<DocumentView[]>(access.organiser ? eventPath(event.slug, '/documents') : null, live);
  const stars = useApi<SessionStars[]>(access.readDraft ? eventPath(event.slug, '/agenda/stars') : null, live);
  const lang = currentLang();
  const tz = event.timezone;
  const { sessions: draft, published, rooms } = cat;

  const reached = useMemo(
    () =>
      (notices.data ?? [])
        .filter((n) => n.status !== 'scheduled' && n.recipients > 0)
        .slice(0, 12)
        .reverse(),
    [notices.data],
  );
  const noticeLabels = useMemo(() => reached.map((n) => pickText(n.title, lang)), [reached, lang]);
  const docs = useMemo(
    () => [...(documents.data ?? [])].sort((a, b) => (b.downloadCount ?? 0) - (a.downloadCount ?? 0)).slice(0, 12),
    [documents.data],
  );
  const docLabels = useMemo(() => docs.map((d) => pickText(d.title, lang)), [docs, lang]);
  const docCounts = useMemo(() => docs.map((d) => d.downloadCount ?? 0), [docs]);
  // the endpoint sorts by stars then code; sessions nobody starred would only be empty bars
  const starred = useMemo(() => (stars.data ?? []).filter((s) => s.stars > 0).slice(0, TOP_STARRED), [stars.data]);
  const starLabels = useMemo(() => starred.map((s) => `${s.code} ${pickText(s.title, lang)}`), [starred, lang]);
  const starCounts = useMemo(() => starred.map((s) => s.stars), [starred]);
  const noticeShares = useMemo(() => reached.map((n) => Math.round((100 * n.read) / n.recipients)), [reached]);

  const sessions = useMemo(
    () => (access.readDraft ? (draft.data ?? []) : (published.data?.sessions ?? [])),
    [access.readDraft, draft.data, published.data],
  );

  const figures = useMemo(() => {
    const days = [...new Set(sessions.map((s) => dayKey(s.startsAt, tz)))].sort();
    const roomList = (rooms.data ?? []).filter((r) => sessions.some((s) => s.roomId === r.id));
    const grid = days.map((d) => roomList.map((r) => sessions.filter((s) => s.roomId === r.id && dayKey(s.startsAt, tz) === d).length));
    const perDay = days.map((d) => sessions.filter((s) => dayKey(s.startsAt, tz) === d).length);
    const perRoom = roomList.map((r) => sessions.filter((s) => s.roomId === r.id).length);
    return { days, roomList, grid, perDay, perRoom };
  }, [sessions, rooms.data, tz]);

  const dayLabels = useMemo(() => figures.days.map((d) => formatDay(d, tz, lang)), [figures.days, tz, lang]);
  const roomLabels = useMemo(() => figures.roomList.map((r) => pickText(r.name, lang)), [figures.roomList, lang]);

  return (
    <>
      <h2>{t('console.nav.overview')}</h2>
      <dl className="figures">
        <div>
          <dt>{access.readDraft ? t('console.overview.draftSessions') : t('console.overview.sessions')}</dt>
          <dd>{sessions.length}</dd>
        </div>
        {access.readDraft && (
          <div>
            <dt>{t('console.nav.conflicts')}</dt>
            <dd>{conflicts.data?.length ?? '–'}</dd>
          </div>
        )}
        <div>
          <dt>{t('console.overview.version')}</dt>
          <dd>{published.data ? published.data.version : t('console.overview.unpublished')}</dd>
        </div>
        <div>
          <dt>{t('console.overview.rooms')}</dt>
          <dd>{rooms.data?.length ?? '–'}</dd>
        </div>
      </dl>
      {access.organiser && <OccupancyPanel />}
      {access.readDraft && <QueryState of={draft} />}
      {sessions.length > 0 && (
        <div className="charts">
          <figure>
            <figcaption>{t('console.overview.perDay')}</figcaption>
            <BarChart labels={dayLabels} values={figures.perDay} color="#1d4ed8" label={t('console.overview.perDay')} />
          </figure>
          <figure className="wide">
            <figcaption>{t('console.overview.perRoom')}</figcaption>
            <BarChart labels={roomLabels} values={figures.perRoom} color="#047857" label={t('console.overview.perRoom')} slanted />
          </figure>
        </div>
      )}
      {reached.length > 0 && (
        <>
          <figure className="chart-notices">
            <figcaption>{t('console.overview.noticesRead')}</figcaption>
            <BarChart labels={noticeLabels} values={noticeShares} color="#7c3aed" label={t('console.overview.noticesRead')} slanted />
          </figure>
          <table className="grid notices-table">
            <caption>{t('console.overview.noticesTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.overview.notice')}</th>
                <th scope="col">{t('console.notices.read')}</th>
              </tr>
            </thead>
            <tbody>
              {reached.map((n, i) => (
                <tr key={n.id}>
                  <th scope="row">{noticeLabels[i]}</th>
                  <td>
                    {t('console.notices.readOf', { read: n.read, recipients: n.recipients })} ({noticeShares[i]} %)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {docs.length > 0 && (
        <>
          <figure className="chart-documents">
            <figcaption>{t('console.overview.downloads')}</figcaption>
            <BarChart labels={docLabels} values={docCounts} color="#b45309" label={t('console.overview.downloads')} slanted />
          </figure>
          <table className="grid documents-table">
            <caption>{t('console.overview.downloads')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.documents.title')}</th>
                <th scope="col">{t('console.overview.downloadCount')}</th>
              </tr>
            </thead>
            <tbody>
              {docs.map((d, i) => (
                <tr key={d.id}>
                  <th scope="row">{docLabels[i]}</th>
                  <td>{docCounts[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {starred.length > 0 && (
        <div className="charts">
          <figure className="chart-stars">
            <figcaption>{t('console.overview.stars')}</figcaption>
            <BarChart labels={starLabels} values={starCounts} color="#be123c" label={t('console.overview.stars')} slanted />
          </figure>
          <table className="grid stars-table">
            <caption>{t('console.overview.stars')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.overview.session')}</th>
                <th scope="col">{t('console.overview.starCount')}</th>
              </tr>
            </thead>
            <tbody>
              {starred.map((s, i) => (
                <tr key={s.sessionId}>
                  <th scope="row">{starLabels[i]}</th>
                  <td>{starCounts[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sessions.length > 0 && (
        <table className="grid figures-table">
          <caption>{t('console.overview.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.overview.day')}</th>
              {roomLabels.map((r, i) => (
                <th scope="col" key={i}>
                  {r}
                </th>
              ))}
              <th scope="col">{t('console.overview.total')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.days.map((d, i) => (
              <tr key={d}>
                <th scope="row">{dayLabels[i]}</th>
                {figures.grid[i]!.map((n, j) => (
                  <td key={j}>{n}</td>
                ))}
                <td>{figures.perDay[i]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
