import { useTranslation } from 'react-i18next';
import { GuestDetailView } from './guests/GuestDetail.js';
import { GuestList } from './guests/GuestList.js';

/** Guests: the list with counts, filters and search (#/e/<slug>/guests), one guest to review (#/e/<slug>/guests/<id>). */
export function GuestsPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  const id = sub && /^\d+$/.test(sub) ? Number(sub) : null;
  return (
    <>
      <h2>{t('console.nav.guests')}</h2>
      {id === null ? <GuestList /> : <GuestDetailView key={id} id={id} />}
    </>
  );
}
