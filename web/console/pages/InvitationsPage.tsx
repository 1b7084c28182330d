import { useTranslation } from 'react-i18next';

/** Placeholder until the feature lands. */
export function InvitationsPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  void sub;
  return <h2>{t('console.nav.invitations')}</h2>;
}
