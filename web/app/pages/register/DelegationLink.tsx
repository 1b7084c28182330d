import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.js';
import { useAppData } from '../../data.js';
import { Link } from '../../router.js';

/** A link to the delegation page, shown only to a delegation head (the API tells: others get 403 or 404). */
export function DelegationLink() {
  const { t } = useTranslation();
  const { slug, me } = useAppData();
  const [head, setHead] = useState(false);
  useEffect(() => {
    if (!slug || !me) return;
    let live = true;
    api('GET', `/api/v1/events/${slug}/my/delegation`).then(
      () => live && setHead(true),
      () => live && setHead(false),
    );
    return () => {
      live = false;
    };
  }, [slug, me]);
  if (!head) return null;
  return (
    <>
      {' · '}
      <Link to="/delegation">{t('registration.delegationPage.link')}</Link>
    </>
  );
}
