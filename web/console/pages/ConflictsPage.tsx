import { useTranslation } from 'react-i18next';
import type { Conflict } from '../../../src/modules/program/program.schema.js';
import { useEvent } from '../access.js';
import { useCatalogue, useDescribeConflict } from '../catalogue.js';
import { eventPath } from '../../shared/api.js';
import { QueryState, useApi } from '../../shared/query.js';
import { href } from '../router.js';

/** Every conflict in the draft (a chair: those touching their boards), each linking to the sessions involved. */
export function ConflictsPage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const conflicts = useApi<Conflict[]>(eventPath(event.slug, '/conflicts'));
  const cat = useCatalogue(event.slug);
  const describe = useDescribeConflict(cat);
  const visible = new Set((cat.sessions.data ?? []).map((s) => s.id));
  const codeOf = (id: number) => cat.sessions.data?.find((s) => s.id === id)?.code ?? cat.published.data?.sessions.find((s) => s.id === id)?.code ?? `#${id}`;

  return (
    <>
      <h2>{t('console.nav.conflicts')}</h2>
      <p>
        <button type="button" onClick={conflicts.reload}>
          {t('console.refresh')}
        </button>
      </p>
      <QueryState of={conflicts} />
      {conflicts.data && conflicts.data.length === 0 && <p className="ok">{t('console.conflicts.none')}</p>}
      {conflicts.data && conflicts.data.length > 0 && (
        <ul className="conflict-list">
          {conflicts.data.map((c, i) => (
            <li key={i} data-kind={c.kind}>
              <strong>{t(`console.conflictKind.${c.kind}`)}</strong>: {describe(c)}{' '}
              <span className="links">
                {c.sessionIds.map((id) =>
                  visible.has(id) ? (
                    <a key={id} href={href('e', event.slug, 'sessions', id)}>
                      {t('console.conflicts.open', { code: codeOf(id) })}
                    </a>
                  ) : null,
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
