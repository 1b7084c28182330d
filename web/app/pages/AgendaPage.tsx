import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../shared/api.js';
import { dayKey, formatDay, formatTime } from '../../shared/format.js';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { overlapsOf } from '../overlaps.js';
import { Link } from '../router.js';
import { Loading, roomName, useLang, useProgramme } from '../ui.js';

/** Subscribing to the personal iCalendar feed keeps a phone's calendar in step with my stars. */
function AddToCalendar() {
  const { t } = useTranslation();
  const { slug, online } = useAppData();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ask = () =>
    api<{ url: string }>('POST', `/api/v1/events/${slug}/agenda/feed`, {}).then(
      (r) => setUrl(r.url),
      (e: unknown) => setError(e instanceof ApiError ? e.message : t('offline.needsNetwork')),
    );
  if (url) {
    return (
      <div className="feed">
        <p>
          <a href={url.replace(/^https?:/, 'webcal:')}>{t('agenda.subscribe')}</a> · <a href={url}>{t('agenda.download')}</a>
        </p>
        <label>
          {t('agenda.feedUrl')} <input readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <p className="muted">{t('agenda.feedHint')}</p>
      </div>
    );
  }
  return (
    <>
      <button type="button" onClick={() => void ask()} disabled={!online}>
        {t('agenda.addToCalendar')}
      </button>
      {!online && <span className="muted"> {t('offline.needsNetwork')}</span>}
      {error && <p role="alert">{error}</p>}
    </>
  );
}

/** My starred sessions by day, with the ones that overlap flagged. */
export default function AgendaPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const p = useProgramme();
  const { me, starred, star } = useAppData();
  if (me === null) {
    return (
      <>
        <h2>{t('agenda.title')}</h2>
        <p>
          <Link to="/login?next=%2Fagenda">{t('agenda.loginToSee')}</Link>
        </p>
      </>
    );
  }
  if (!p || me === undefined) return <Loading />;
  const tz = p.event.timezone;
  const mine = p.sessions.filter((s) => starred.has(s.id)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const days = [...new Set(mine.map((s) => dayKey(s.startsAt, tz)))];
  return (
    <>
      <h2>{t('agenda.title')}</h2>
      {mine.length === 0 ? (
        <p className="muted">{t('agenda.empty')}</p>
      ) : (
        days.map((d) => (
          <section key={d} aria-labelledby={`day-${d}`}>
            <h3 id={`day-${d}`}>{formatDay(d, tz, lang)}</h3>
            <ol className="sessions">
              {mine
                .filter((s) => dayKey(s.startsAt, tz) === d)
                .map((s) => {
                  const clashes = overlapsOf(s, starred, p.sessions);
                  return (
                    <li key={s.id} data-code={s.code} className={clashes.length ? 'clash' : undefined}>
                      <time dateTime={s.startsAt}>{formatTime(s.startsAt, tz, lang)}</time>–<time dateTime={s.endsAt}>{formatTime(s.endsAt, tz, lang)}</time>{' '}
                      <strong>
                        <Link to={`/sessions/${s.guid}`}>{pickText(s.title, lang)}</Link>
                      </strong>
                      {s.roomId !== null && <div className="muted">{roomName(p, s.roomId, lang)}</div>}
                      {clashes.length > 0 && <div className="warn">⚠ {t('agenda.overlapsWith', { codes: clashes.map((c) => c.code).join(', ') })}</div>}
                      <button type="button" className="link" onClick={() => void star(s.id, false)}>
                        {t('agenda.unstar')}
                        <span className="sr-only">: {pickText(s.title, lang)}</span>
                      </button>
                    </li>
                  );
                })}
            </ol>
          </section>
        ))
      )}
      <h3>{t('agenda.calendar')}</h3>
      <AddToCalendar />
    </>
  );
}
