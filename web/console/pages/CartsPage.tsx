import { useTranslation } from 'react-i18next';
import { useEvent } from '../access.js';
import { href } from '../router.js';
import { FleetSection } from './carts/FleetSection.js';
import { LiveSection } from './carts/LiveSection.js';
import { NetworkSection } from './carts/NetworkSection.js';
import { PostersSection } from './carts/PostersSection.js';
import './carts/carts.css';

const SECTIONS = ['live', 'network', 'fleet', 'posters'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Sightseeing carts (#/e/<slug>/carts/<section>): the live view, the network of stops and roads, the fleet and the
 * stops' QR posters. Loaded lazily by the event shell, so uPlot and the map come only when carts are opened.
 */
export default function CartsPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  const { event, access } = useEvent();
  const section: Section = (SECTIONS as readonly string[]).includes(sub ?? '') ? (sub as Section) : 'live';
  return (
    <>
      <h2>{t('cartsConsole.nav')}</h2>
      <nav aria-label={t('cartsConsole.sections')}>
        <ul className="cart-tabs">
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={href('e', event.slug, 'carts', s)} aria-current={s === section ? 'page' : undefined}>
                {t(`cartsConsole.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!access.organiser ? (
        // carts.manage is the organisers' alone: a chair who typed the address is told so, not shown API refusals
        <p role="alert" className="error">
          {t('console.noAccess')}
        </p>
      ) : null}
      {access.organiser && section === 'live' && <LiveSection />}
      {access.organiser && section === 'network' && <NetworkSection />}
      {access.organiser && section === 'fleet' && <FleetSection />}
      {access.organiser && section === 'posters' && <PostersSection />}
    </>
  );
}
