import { useTranslation } from 'react-i18next';
import type { MyNotice } from '../../../src/modules/notices/notices.schema.js';
import { formatDay, formatTime } from '../../shared/format.js';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { useLive } from '../live.js';
import { Link } from '../router.js';
import { Loading, useLang, useProgramme } from '../ui.js';

function NoticeItem({ n, timeZone }: { n: MyNotice; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { markRead } = useLive();
  return (
    <li className={`notice-item urgency-${n.urgency}${n.read ? '' : ' unread'}`} data-notice={n.id}>
      <details
        onToggle={(e) => {
          if (e.currentTarget.open && !n.read) void markRead(n.id);
        }}
      >
        <summary>
          {n.urgency !== 'info' && <span className="urgency-tag">{t(`notices.urgency.${n.urgency}`)}</span>}{' '}
          <strong className="notice-title">{pickText(n.title, lang)}</strong>
          {!n.read && <span className="unread-tag"> {t('notices.unread')}</span>}
          <br />
          <time className="muted" dateTime={n.publishedAt}>
            {formatDay(n.publishedAt, timeZone, lang)} {formatTime(n.publishedAt, timeZone, lang)}
          </time>
        </summary>
        <p className="prose">{pickText(n.body, lang)}</p>
      </details>
    </li>
  );
}

/** The notices that reached me, newest first; opening one records that I read it. */
export default function NoticesPage() {
  const { t } = useTranslation();
  const { me, online } = useAppData();
  const { notices } = useLive();
  const p = useProgramme();
  if (me === null) {
    return (
      <>
        <h2>{t('notices.title')}</h2>
        <p>
          <Link to="/login?next=%2Fnotices">{t('notices.loginToSee')}</Link>
        </p>
      </>
    );
  }
  if (me === undefined || notices === null) return <Loading />;
  // times in the event's zone, whatever the phone is set to
  const timeZone = p?.event.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <>
      <h2>{t('notices.title')}</h2>
      {notices.length === 0 ? (
        <p className="muted">{online ? t('notices.empty') : t('offline.needsNetwork')}</p>
      ) : (
        <ul className="notices">
          {notices.map((n) => (
            <NoticeItem key={n.id} n={n} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </>
  );
}
