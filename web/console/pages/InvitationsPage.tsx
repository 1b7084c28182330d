import { useTranslation } from 'react-i18next';
import { useEvent } from '../access.js';
import { href } from '../router.js';
import { ImportSection } from './invitations/ImportSection.js';
import { OutboxSection } from './invitations/OutboxSection.js';
import { TemplatesSection } from './invitations/TemplatesSection.js';

const SECTIONS = ['import', 'templates', 'outbox'] as const;
type Section = (typeof SECTIONS)[number];

/** Invitations: import the invitee list, write the message, and follow what was sent (#/e/<slug>/invitations/<section>). */
export function InvitationsPage({ sub = null }: { sub?: string | null }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const section: Section = (SECTIONS as readonly string[]).includes(sub ?? '') ? (sub as Section) : 'import';
  return (
    <>
      <h2>{t('console.nav.invitations')}</h2>
      <nav aria-label={t('invitations.sections')}>
        <ul style={{ display: 'flex', gap: '1rem', listStyle: 'none', padding: 0 }}>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={href('e', event.slug, 'invitations', s)} aria-current={s === section ? 'page' : undefined}>
                {t(`invitations.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'import' && <ImportSection />}
      {section === 'templates' && <TemplatesSection />}
      {section === 'outbox' && <OutboxSection />}
    </>
  );
}
