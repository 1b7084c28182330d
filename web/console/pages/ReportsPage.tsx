import { useTranslation } from 'react-i18next';

/** Placeholder until the feature lands. */
export function ReportsPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  void sub;
  return <h2>{t('console.nav.reports')}</h2>;
}
