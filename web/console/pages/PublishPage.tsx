import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeEntry } from '../../../src/modules/program/program.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { formatDay, formatTime } from '../../shared/format.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { FormError, useApiError } from '../fields.js';
import { QueryState, useApi } from '../../shared/query.js';
import type { PublicationView } from '../types.js';

type Publication = PublicationView;

function Changes({ changes }: { changes: ChangeEntry[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p className="muted">{t('console.publish.noChanges')}</p>;
  return (
    <ul>
      {changes.map((c) => (
        <li key={`${c.change}-${c.sessionId}`}>
          <strong>{t(`console.publish.change.${c.change}`)}</strong> {c.code} · {pickText(c.title)}
          {c.fields.length > 0 && <span className="muted"> ({c.fields.join(', ')})</span>}
        </li>
      ))}
    </ul>
  );
}

/** Publish the draft as the next version, and read what each version changed. */
export function PublishPage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const history = useApi<Publication[]>(eventPath(event.slug, '/publications'));
  const [last, setLast] = useState<Publication | null>(null);
  // a new version changes the history and the published programme every page names sessions from
  const { error, run, busy } = useApiError({ invalidates: [eventPath(event.slug, '/publications'), eventPath(event.slug, '/programme')] });
  const lang = currentLang();

  async function publish() {
    const p = await run(() => api<Publication>('POST', eventPath(event.slug, '/publish')));
    if (p) {
      setLast(p);
    }
  }

  return (
    <>
      <h2>{t('console.nav.publish')}</h2>
      <p>{t('console.publish.explain')}</p>
      <p>
        <button type="button" className="primary" onClick={() => void publish()} disabled={busy} aria-busy={busy}>
          {t('console.publish.button')}
        </button>
      </p>
      <FormError error={error} fields={[]} />
      <div role="status">
        {last && (
          <section className="ok-box">
            <h3>{t('console.publish.done', { version: last.version })}</h3>
            <Changes changes={last.changes} />
          </section>
        )}
      </div>
      <h3>{t('console.publish.history')}</h3>
      <QueryState of={history} />
      {history.data?.length === 0 && <p className="muted">{t('console.publish.never')}</p>}
      {history.data?.map((p) => (
        <details key={p.version}>
          <summary>
            {t('console.publish.version', { version: p.version })} · {formatDay(p.publishedAt, event.timezone, lang)} {formatTime(p.publishedAt, event.timezone, lang)} ·{' '}
            {t('console.publish.count', { count: p.changes.length })}
          </summary>
          <Changes changes={p.changes} />
        </details>
      ))}
    </>
  );
}
