import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvent } from '../access.js';
import { href } from '../router.js';

/**
 * An organisers' page of the event shell made of tabs (#/e/<slug>/<page>/<section>), such as Carts and Vehicles:
 * the heading, the tabs and the chosen section, the first one by default. Its API is the organisers' alone, so
 * anyone else who typed the address is told so rather than shown refusals.
 */
export function OrganiserSections({
  page,
  keyPrefix,
  sections,
  sub,
  tabsClass = '',
}: {
  page: string;
  /** the locale area: `<keyPrefix>.nav`, `.sections` and `.section.<name>` */
  keyPrefix: string;
  sections: Record<string, ComponentType>;
  sub: string | null;
  tabsClass?: string;
}) {
  const { t } = useTranslation();
  const { event, access } = useEvent();
  const names = Object.keys(sections);
  const section = sub !== null && names.includes(sub) ? sub : names[0]!;
  const Section = sections[section]!;
  return (
    <>
      <h2>{t(`${keyPrefix}.nav`)}</h2>
      <nav aria-label={t(`${keyPrefix}.sections`)}>
        <ul className={`cart-tabs ${tabsClass}`.trim()}>
          {names.map((s) => (
            <li key={s}>
              <a href={href('e', event.slug, page, s)} aria-current={s === section ? 'page' : undefined}>
                {t(`${keyPrefix}.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {access.organiser ? (
        <Section />
      ) : (
        <p role="alert" className="error">
          {t('console.noAccess')}
        </p>
      )}
    </>
  );
}
