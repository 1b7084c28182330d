import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeSnapshot } from '../../src/modules/program/program.schema.js';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { api, ApiError } from '../shared/api.js';
import { dayKey, formatDay, formatTime } from '../shared/format.js';
import { currentLang, pickText } from '../shared/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';

type Load = { state: 'loading' } | { state: 'ready'; programme: ProgrammeSnapshot } | { state: 'error'; message: string; code: string };

/** The attendee app's first screen: the published programme, by day and board, one tap from opening. */
export function App() {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [day, setDay] = useState<string | null>(null);
  const [board, setBoard] = useState<number | 'all'>('all');
  const lang = currentLang();

  useEffect(() => {
    (async () => {
      const wanted = new URLSearchParams(location.search).get('event');
      const events = await api<EventView[]>('GET', '/api/v1/events');
      const event = events.find((e) => e.slug === wanted) ?? events[0];
      if (!event) throw new ApiError(404, 'not_published', t('programme.notPublished'), null);
      const programme = await api<ProgrammeSnapshot>('GET', `/api/v1/events/${event.slug}/programme`);
      setLoad({ state: 'ready', programme });
    })().catch((e: unknown) => setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e), code: e instanceof ApiError ? e.code : 'network' }));
  }, [t]);

  const view = useMemo(() => {
    if (load.state !== 'ready') return null;
    const p = load.programme;
    const tz = p.event.timezone;
    const days = [...new Set(p.sessions.map((s) => dayKey(s.startsAt, tz)))].sort();
    const current = day ?? days[0] ?? p.event.startDate;
    const sessions = p.sessions.filter((s) => dayKey(s.startsAt, tz) === current && (board === 'all' || s.boardId === board));
    return { p, tz, days, current, sessions, rooms: new Map(p.rooms.map((r) => [r.id, r])) };
  }, [load, day, board]);

  return (
    <>
      <header className="bar">
        <h1>{view ? pickText(view.p.event.name, lang) : t('app.title')}</h1>
        <LanguageSwitch />
      </header>
      <main>
        <h2>{t('programme.title')}</h2>
        {load.state === 'loading' && <p>{t('app.loading')}</p>}
        {load.state === 'error' && <p role="alert">{load.code === 'not_published' ? t('programme.notPublished') : t('app.error', { message: load.message })}</p>}
        {view && (
          <>
            <nav aria-label={t('programme.day')} className="days">
              {view.days.map((d) => (
                <button key={d} type="button" aria-pressed={d === view.current} onClick={() => setDay(d)}>
                  {formatDay(d, view.tz, lang)}
                </button>
              ))}
            </nav>
            <label>
              {t('programme.board')}{' '}
              <select value={String(board)} onChange={(e) => setBoard(e.target.value === 'all' ? 'all' : Number(e.target.value))}>
                <option value="all">{t('programme.allBoards')}</option>
                {view.p.boards.map((b) => (
                  <option key={b.id} value={b.id}>
                    {pickText(b.title, lang)}
                  </option>
                ))}
              </select>
            </label>
            {view.sessions.length === 0 && <p className="muted">{t('programme.empty')}</p>}
            <ol className="sessions">
              {view.sessions.map((s) => (
                <li key={s.id} data-code={s.code}>
                  <time dateTime={s.startsAt}>{formatTime(s.startsAt, view.tz, lang)}</time>–<time dateTime={s.endsAt}>{formatTime(s.endsAt, view.tz, lang)}</time>{' '}
                  <strong>{pickText(s.title, lang)}</strong> <span className="muted">· {t(`session.kind.${s.kind}`)}</span>
                  {s.roomId !== null && <div className="muted">{pickText(view.rooms.get(s.roomId)?.name, lang)}</div>}
                </li>
              ))}
            </ol>
          </>
        )}
      </main>
    </>
  );
}
