import { useTranslation } from 'react-i18next';
import { QueryState } from '../../shared/query.js';
import { formatDay, formatTime } from '../../shared/format.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { useCatalogue, useDescribeConflict } from '../catalogue.js';
import { go, href } from '../router.js';
import { BoardsSection } from './BoardsSection.js';

/** The draft programme per board: a chair sees only their boards' sessions (the API already filters). */
export function ProgrammePage({ board }: { board: string | null }) {
  const { t } = useTranslation();
  const { event, access } = useEvent();
  const cat = useCatalogue(event.slug, false);
  const describe = useDescribeConflict(cat);
  const lang = currentLang();
  const tz = event.timezone;
  const boards = (cat.boards.data ?? []).filter((b) => access.boards === null || access.boards.has(b.id));
  const selected = board === null || board === 'all' ? 'all' : Number(board);
  const sessions = (cat.sessions.data ?? [])
    .filter((s) => selected === 'all' || s.boardId === selected)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.code.localeCompare(b.code));
  const rooms = new Map((cat.rooms.data ?? []).map((r) => [r.id, r]));

  return (
    <>
      <h2>{t('console.nav.programme')}</h2>
      <div className="toolbar">
        <label>
          {t('console.programme.board')}{' '}
          <select value={String(selected)} onChange={(e) => go('e', event.slug, 'programme', e.target.value)}>
            <option value="all">{access.boards === null ? t('console.programme.allBoards') : t('console.programme.myBoards')}</option>
            {boards.map((b) => (
              <option key={b.id} value={b.id}>
                {b.code} · {pickText(b.title, lang)}
              </option>
            ))}
          </select>
        </label>
        <a className="button" href={href('e', event.slug, 'sessions', 'new')}>
          {t('console.programme.new')}
        </a>
      </div>
      {access.organiser && cat.boards.data && <BoardsSection boards={cat.boards.data} onSaved={cat.boards.reload} />}
      <QueryState of={cat.sessions} />
      {cat.sessions.data && sessions.length === 0 && <p className="muted">{t('console.programme.empty')}</p>}
      {sessions.length > 0 && (
        <table className="grid" aria-label={t('console.programme.sessions')}>
          <thead>
            <tr>
              <th scope="col">{t('console.session.code')}</th>
              <th scope="col">{t('console.session.title')}</th>
              <th scope="col">{t('console.session.when')}</th>
              <th scope="col">{t('console.session.room')}</th>
              <th scope="col">{t('console.nav.conflicts')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-code={s.code}>
                <td>{s.code}</td>
                <td>
                  <a href={href('e', event.slug, 'sessions', s.id)}>{pickText(s.title, lang)}</a>
                  <div className="muted">{t(`session.kind.${s.kind}`)}</div>
                </td>
                <td>
                  {formatDay(s.startsAt, tz, lang)} {formatTime(s.startsAt, tz, lang)}–{formatTime(s.endsAt, tz, lang)}
                </td>
                <td>{s.roomId === null ? '' : pickText(rooms.get(s.roomId)?.name, lang)}</td>
                <td>
                  {s.conflicts.length > 0 && (
                    <ul className="warn-list">
                      {s.conflicts.map((c, i) => (
                        <li key={i}>{describe(c)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
