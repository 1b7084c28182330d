import { useTranslation } from 'react-i18next';
import type { ProgrammeSnapshot, SnapshotSession } from '../../src/modules/program/program.schema.js';
import { formatTime } from '../shared/format.js';
import { pickText, type Lang } from '../shared/i18n.js';
import { useAppData } from './data.js';
import { Link } from './router.js';

export const useLang = (): Lang => (useTranslation().i18n.language === 'zh' ? 'zh' : 'en');

/** The programme once loaded; the pages below the shell render only then. */
export function useProgramme(): ProgrammeSnapshot | null {
  const { programme } = useAppData();
  return programme.state === 'ready' ? programme.programme : null;
}

export function roomName(p: ProgrammeSnapshot, roomId: number | null, lang: Lang): string {
  const room = roomId === null ? undefined : p.rooms.find((r) => r.id === roomId);
  return room ? pickText(room.name, lang) : '';
}

/** One session in a list: time in the event's zone, title linking to its page, kind and room. */
export function SessionItem({ p, s, starred }: { p: ProgrammeSnapshot; s: SnapshotSession; starred?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tz = p.event.timezone;
  const board = s.boardId === null ? undefined : p.boards.find((b) => b.id === s.boardId);
  return (
    <li data-code={s.code} style={board?.color ? { borderInlineStartColor: board.color } : undefined}>
      <time dateTime={s.startsAt}>{formatTime(s.startsAt, tz, lang)}</time>–<time dateTime={s.endsAt}>{formatTime(s.endsAt, tz, lang)}</time>{' '}
      <strong>
        <Link to={`/sessions/${s.guid}`}>{pickText(s.title, lang)}</Link>
      </strong>{' '}
      <span className="muted">· {t(`session.kind.${s.kind}`)}</span>
      {starred && <span className="star-mark"> ★<span className="sr-only">{t('agenda.starred')}</span></span>}
      {s.roomId !== null && <div className="muted">{roomName(p, s.roomId, lang)}</div>}
    </li>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('app.loading')}</p>;
}
