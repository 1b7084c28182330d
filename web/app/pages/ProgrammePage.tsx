import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { dayKey, formatDay } from '../../shared/format.js';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { navigate, useLocation } from '../router.js';
import { search } from '../search.js';
import { Link } from '../router.js';
import { Loading, SessionItem, useLang, useProgramme } from '../ui.js';

/** The first screen: the published programme by day and board, with search over sessions and speakers. */
export function ProgrammePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const p = useProgramme();
  const { starred, programme } = useAppData();
  const { query } = useLocation();
  const searchId = useId();
  const q = query.get('q') ?? '';
  const board = query.get('board');
  const boardId = board ? Number(board) : null;

  // Day, board and query live in the URL so that back returns to the same view.
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    const s = next.toString();
    navigate(`/${s ? `?${s}` : ''}`, true);
  };

  const view = useMemo(() => {
    if (!p) return null;
    const tz = p.event.timezone;
    const days = [...new Set(p.sessions.map((s) => dayKey(s.startsAt, tz)))].sort();
    const wanted = query.get('day');
    const current = wanted && days.includes(wanted) ? wanted : (days[0] ?? p.event.startDate);
    const sessions = p.sessions
      .filter((s) => dayKey(s.startsAt, tz) === current && (boardId === null || s.boardId === boardId))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.code.localeCompare(b.code));
    return { tz, days, current, sessions };
  }, [p, query, boardId]);

  const found = useMemo(() => (p && q.trim() ? search(p, q) : null), [p, q]);

  if (!p || !view) return programme.state === 'loading' ? <Loading /> : null;
  return (
    <>
      <h2>{t('programme.title')}</h2>
      <div className="search">
        <label htmlFor={searchId}>{t('search.label')}</label>
        <input id={searchId} type="search" value={q} placeholder={t('search.placeholder')} onChange={(e) => setParam('q', e.target.value)} />
      </div>
      {found ? (
        <section aria-labelledby="results-title">
          <h3 id="results-title">{t('search.results')}</h3>
          <p role="status">{t('search.count', { n: found.sessions.length + found.people.length })}</p>
          {found.people.length > 0 && (
            <>
              <h4>{t('search.people')}</h4>
              <ul className="people">
                {found.people.map((person) => (
                  <li key={person.id}>
                    <Link to={`/speakers/${person.id}`}>
                      <span>{person.name}</span>
                      {person.nameLatin !== person.name && <span className="muted"> · {person.nameLatin}</span>}
                    </Link>
                    {person.organisation && <div className="muted">{person.organisation}</div>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {found.sessions.length > 0 && (
            <>
              <h4>{t('search.sessions')}</h4>
              <ol className="sessions">
                {found.sessions.map((s) => (
                  <SessionItem key={s.id} p={p} s={s} starred={starred.has(s.id)} />
                ))}
              </ol>
            </>
          )}
        </section>
      ) : (
        <>
          <nav aria-label={t('programme.day')} className="days">
            {view.days.map((d) => (
              <button key={d} type="button" aria-pressed={d === view.current} onClick={() => setParam('day', d)}>
                {formatDay(d, view.tz, lang)}
              </button>
            ))}
          </nav>
          <label className="board-filter">
            {t('programme.board')}{' '}
            <select value={boardId === null ? 'all' : String(boardId)} onChange={(e) => setParam('board', e.target.value === 'all' ? null : e.target.value)}>
              <option value="all">{t('programme.allBoards')}</option>
              {p.boards.map((b) => (
                <option key={b.id} value={b.id}>
                  {pickText(b.title, lang)}
                </option>
              ))}
            </select>
          </label>
          {view.sessions.length === 0 && <p className="muted">{t('programme.empty')}</p>}
          <ol className="sessions">
            {view.sessions.map((s) => (
              <SessionItem key={s.id} p={p} s={s} starred={starred.has(s.id)} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}
