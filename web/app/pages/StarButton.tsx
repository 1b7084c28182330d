import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api.js';
import { useAppData } from '../data.js';
import { Link } from '../router.js';

/** Star / un-star a session for my agenda; works offline (queued) and asks to log in when nobody is. */
export function StarButton({ sessionId }: { sessionId: number }) {
  const { t } = useTranslation();
  const { me, starred, star } = useAppData();
  const [error, setError] = useState<string | null>(null);
  if (me === null) {
    return (
      <p>
        <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('agenda.loginToStar')}</Link>
      </p>
    );
  }
  const on = starred.has(sessionId);
  return (
    <>
      <button type="button" className="star" aria-pressed={on} disabled={me === undefined} onClick={() => star(sessionId, !on).then(() => setError(null), (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))}>
        {on ? `★ ${t('agenda.unstar')}` : `☆ ${t('agenda.star')}`}
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
