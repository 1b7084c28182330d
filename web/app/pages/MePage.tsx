import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../shared/LanguageSwitch.js';
import { useAppData } from '../data.js';
import { Link, navigate } from '../router.js';
import { Loading } from '../ui.js';
import { DelegationLink } from './register/DelegationLink.js';

/** My profile: who I am logged in as, my roles, the documents I may read, my language, and the way out. */
export default function MePage() {
  const { t } = useTranslation();
  const { me, logout, starred, online } = useAppData();
  if (me === undefined) return <Loading />;
  if (me === null) {
    return (
      <>
        <h2>{t('me.title')}</h2>
        <p>{t('me.anonymous')}</p>
        <p>
          <Link to="/login">{t('login.title')}</Link>
        </p>
        <p>
          <Link to="/documents">{t('nav.documents')}</Link>
        </p>
        <LanguageSwitch />
      </>
    );
  }
  return (
    <>
      <h2>{t('me.title')}</h2>
      <dl className="facts">
        <dt>{t('me.name')}</dt>
        <dd>{me.displayName}</dd>
        <dt>{t('login.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('me.roles')}</dt>
        <dd>{[...new Set(me.grants.map((g) => t(`me.role.${g.role}`, { defaultValue: g.role })))].join(', ') || '—'}</dd>
        <dt>{t('agenda.title')}</dt>
        <dd>
          <Link to="/agenda">{t('me.starredCount', { n: starred.size })}</Link>
        </dd>
      </dl>
      <p>
        <Link to="/badge">{t('badge.title')}</Link> · <Link to="/documents">{t('nav.documents')}</Link>
        <DelegationLink />
      </p>
      <LanguageSwitch />
      <p>
        <button type="button" disabled={!online} onClick={() => void logout().then(() => navigate('/', true))}>
          {t('me.logout')}
        </button>
      </p>
    </>
  );
}
