import { useTranslation } from 'react-i18next';
import { useEvent } from '../access.js';
import { href } from '../router.js';
import { CamerasSection } from './vehicles/CamerasSection.js';
import { LiveSection } from './vehicles/LiveSection.js';
import { PermitsSection } from './vehicles/PermitsSection.js';
import './vehicles/vehicles.css';

const SECTIONS = ['live', 'permits', 'cameras'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Vehicle entrances (#/e/<slug>/vehicles/<section>): the live log of passages with the barrier decisions, the plate
 * permits and the ANPR cameras. Organisers only (vehicles.manage); loaded lazily by the event shell.
 */
export default function VehiclesPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  const { event, access } = useEvent();
  const section: Section = (SECTIONS as readonly string[]).includes(sub ?? '') ? (sub as Section) : 'live';
  return (
    <>
      <h2>{t('vehiclesConsole.nav')}</h2>
      <nav aria-label={t('vehiclesConsole.sections')}>
        <ul className="cart-tabs vehicle-tabs">
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={href('e', event.slug, 'vehicles', s)} aria-current={s === section ? 'page' : undefined}>
                {t(`vehiclesConsole.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!access.organiser ? (
        <p role="alert" className="error">
          {t('console.noAccess')}
        </p>
      ) : null}
      {access.organiser && section === 'live' && <LiveSection />}
      {access.organiser && section === 'permits' && <PermitsSection />}
      {access.organiser && section === 'cameras' && <CamerasSection />}
    </>
  );
}
