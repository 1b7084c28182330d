import { useTranslation } from 'react-i18next';
import { useEvent } from '../access.js';
import { href } from '../router.js';
import { CategoriesSection } from './accreditation/CategoriesSection.js';
import { GatesSection } from './accreditation/GatesSection.js';
import { OverridesSection } from './accreditation/OverridesSection.js';

const SECTIONS = ['categories', 'gates', 'overrides'] as const;
type Section = (typeof SECTIONS)[number];

/** Accreditation rules: categories and the zones they open when, the gates, and individual grants and bans (#/e/<slug>/accreditation/<section>). */
export function AccreditationPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const section: Section = (SECTIONS as readonly string[]).includes(sub ?? '') ? (sub as Section) : 'categories';
  return (
    <>
      <h2>{t('console.nav.accreditation')}</h2>
      <nav aria-label={t('accreditation.sections')}>
        <ul style={{ display: 'flex', gap: '1rem', listStyle: 'none', padding: 0 }}>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={href('e', event.slug, 'accreditation', s)} aria-current={s === section ? 'page' : undefined}>
                {t(`accreditation.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'categories' && <CategoriesSection />}
      {section === 'gates' && <GatesSection />}
      {section === 'overrides' && <OverridesSection />}
    </>
  );
}
