import { useTranslation } from 'react-i18next';
import { formatDay, formatTime } from '../../shared/format.js';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { overlapsOf } from '../overlaps.js';
import { Link } from '../router.js';
import { Loading, roomName, useLang, useProgramme } from '../ui.js';
import { StarButton } from './StarButton.js';

export const languageName = (tag: string, lang: 'zh' | 'en') => {
  try {
    return new Intl.DisplayNames([lang === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/** One session: when (in the event's time zone), where, who, in which languages and on which channels. */
export default function SessionPage({ guid }: { guid: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const p = useProgramme();
  const { starred } = useAppData();
  if (!p) return <Loading />;
  const s = p.sessions.find((x) => x.guid === guid);
  if (!s) return <p role="alert">{t('session.notFound')}</p>;
  const tz = p.event.timezone;
  const board = s.boardId === null ? undefined : p.boards.find((b) => b.id === s.boardId);
  const clashes = starred.has(s.id) ? overlapsOf(s, starred, p.sessions) : [];
  const description = pickText(s.description, lang);
  return (
    <article className="session">
      <p>
        <Link to="/">← {t('programme.title')}</Link>
      </p>
      <h2>{pickText(s.title, lang)}</h2>
      <p className="muted">
        {t(`session.kind.${s.kind}`)} · {s.code}
        {board && <> · {pickText(board.title, lang)}</>}
      </p>
      <dl className="facts">
        <dt>{t('session.when')}</dt>
        <dd>
          {formatDay(s.startsAt, tz, lang)}, <time dateTime={s.startsAt}>{formatTime(s.startsAt, tz, lang)}</time>–<time dateTime={s.endsAt}>{formatTime(s.endsAt, tz, lang)}</time>{' '}
          <span className="muted">({tz})</span>
        </dd>
        <dt>{t('session.room')}</dt>
        <dd>{s.roomId !== null ? <Link to={`/map?room=${s.roomId}`}>{roomName(p, s.roomId, lang)}</Link> : t('session.noRoom')}</dd>
        {s.languages.length > 0 && (
          <>
            <dt>{t('session.languages')}</dt>
            <dd>{s.languages.map((l) => languageName(l, lang)).join(lang === 'zh' ? '、' : ', ')}</dd>
          </>
        )}
        {s.interpretation.length > 0 && (
          <>
            <dt>{t('session.interpretation')}</dt>
            <dd>
              <ul className="plain">
                {s.interpretation.map((c) => (
                  <li key={c.channel}>{t('session.channel', { channel: c.channel, language: languageName(c.language, lang) })}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <StarButton sessionId={s.id} />
      {clashes.length > 0 && (
        <div className="notice" role="status">
          {t('agenda.overlapWarning', { n: clashes.length })}
          <ul>
            {clashes.map((o) => (
              <li key={o.id}>
                <Link to={`/sessions/${o.guid}`}>{pickText(o.title, lang)}</Link> ({formatTime(o.startsAt, tz, lang)}–{formatTime(o.endsAt, tz, lang)})
              </li>
            ))}
          </ul>
        </div>
      )}
      {s.people.length > 0 && (
        <section aria-labelledby="people-title">
          <h3 id="people-title">{t('session.people')}</h3>
          <ul className="people">
            {s.people.map(({ personId, role }) => {
              const person = p.people.find((x) => x.id === personId);
              if (!person) return null;
              return (
                <li key={`${personId}-${role}`}>
                  <Link to={`/speakers/${person.id}`}>{person.name}</Link>
                  {person.nameLatin !== person.name && <span className="muted"> · {person.nameLatin}</span>} <span className="muted">· {t(`person.role.${role}`)}</span>
                  {person.title && <div className="muted">{[pickText(person.title, lang), person.organisation].filter(Boolean).join(', ')}</div>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {description && (
        <section aria-labelledby="about-title">
          <h3 id="about-title">{t('session.about')}</h3>
          <p className="prose">{description}</p>
        </section>
      )}
    </article>
  );
}
