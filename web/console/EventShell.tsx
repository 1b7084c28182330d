import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../src/modules/events/events.schema.js';
import { pickText } from '../shared/i18n.js';
import { accessFor, EventCtx, type Me } from './access.js';
import { eventPath } from '../shared/api.js';
import { QueryState, useApi } from '../shared/query.js';
import { SessionPage } from './pages/SessionPage.js';
import { href } from './router.js';
import { areaLabel, SECTIONS, visibleAreas } from './sections.js';

/** One event's console: its navigation and the page the hash names. */
export function EventShell({ me, slug, rest }: { me: Me; slug: string; rest: string[] }) {
  const { t } = useTranslation();
  const loaded = useApi<EventView>(eventPath(slug));
  const event = loaded.data;
  const access = useMemo(() => (event ? accessFor(me, event) : null), [me, event]);
  const page = rest[0] ?? 'overview';

  // a session's page belongs to the programme
  const current = page === 'sessions' ? 'programme' : page;
  const section = SECTIONS.find((x) => x.key === current);
  const title = section?.label(t) ?? '';

  // Moving to another page puts keyboard and screen-reader focus at the start of its content, not on the old link.
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) firstPage.current = false;
    else document.getElementById('content')?.focus();
  }, [page]);

  useEffect(() => {
    document.title = `${title} · ${event ? pickText(event.name) : slug} · ${t('console.title')}`;
  }, [title, event, slug, t]);

  if (!event || !access)
    return (
      <main id="content" tabIndex={-1}>
        <QueryState of={loaded} />
      </main>
    );

  return (
    <EventCtx.Provider value={{ event, access, reloadEvent: loaded.reload }}>
      <nav className="event-nav" aria-label={t('console.nav.label')}>
        <p className="event-name">{pickText(event.name)}</p>
        <ul className="nav-areas">
          {visibleAreas(access).map(({ area, sections }) => (
            <li key={area} className={sections.some((x) => x.key === current) ? 'nav-area current' : 'nav-area'} data-area={area}>
              <span className="nav-area-label" id={`nav-area-${area}`}>
                {areaLabel(t, area)}
              </span>
              <ul aria-labelledby={`nav-area-${area}`}>
                {sections.map((x) => (
                  <li key={x.key}>
                    <a href={href('e', slug, x.key)} aria-current={x.key === current ? 'page' : undefined}>
                      {x.label(t)}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      <main id="content" tabIndex={-1}>
        {!access.readDraft && page !== 'overview' ? (
          <p role="alert" className="error">
            {t('console.noAccess')}
          </p>
        ) : page === 'sessions' && rest[1] ? (
          <SessionPage id={rest[1]} />
        ) : (
          // a deep link opens its page (the server decides what it may read); an unknown page shows the overview
          (section ?? SECTIONS[0]!).render(rest)
        )}
      </main>
    </EventCtx.Provider>
  );
}
