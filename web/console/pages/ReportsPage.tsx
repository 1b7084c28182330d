import { useTranslation } from 'react-i18next';
import { ArrivalsSection } from './reports/ArrivalsSection.js';

/** Reports: arrivals by category and delegation, no-shows, CSV exports. Live occupancy is on the overview. */
export function ReportsPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  void sub;
  return (
    <>
      <h2>{t('console.nav.reports')}</h2>
      <ArrivalsSection />
    </>
  );
}
