import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeBatchView } from '../../../../src/modules/accreditation/badges.schema.js';
import { api } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { FormError, SelectField, useApiError } from '../../fields.js';
import { eventPath } from '../../load.js';

const POLL_MS = 400;

/** Prints current badges into one PDF in the background, with a live progress bar and the download at the end. */
export function BatchPanel({ slug, categories, onDone }: { slug: string; categories: Array<{ code: string; name: { zh: string; en: string } }>; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState<'all' | 'unprinted'>('all');
  const [batch, setBatch] = useState<BadgeBatchView | null>(null);
  const { error, setError, run, busy } = useApiError();

  useEffect(() => {
    if (!batch || batch.status !== 'running') return;
    const timer = setTimeout(() => {
      api<BadgeBatchView>('GET', eventPath(slug, `/badge-batches/${batch.id}`))
        .then((next) => {
          setBatch(next);
          if (next.status !== 'running') onDone();
        })
        .catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [batch, slug, onDone, setError]);

  async function start(e: FormEvent) {
    e.preventDefault();
    const started = await run(() => api<BadgeBatchView>('POST', eventPath(slug, '/badge-batches'), { ...(category ? { category } : {}), status }));
    if (started) setBatch(started);
  }

  const running = batch?.status === 'running';
  return (
    <section aria-labelledby="batch-title">
      <h3 id="batch-title">{t('badges.batchTitle')}</h3>
      <form onSubmit={(e) => void start(e)} className="row">
        <SelectField label={t('badges.category')} value={category} onChange={setCategory}>
          <option value="">{t('badges.allCategories')}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {pickText(c.name, lang)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('badges.which')} value={status} onChange={(v) => setStatus(v as 'all' | 'unprinted')}>
          <option value="all">{t('badges.whichAll')}</option>
          <option value="unprinted">{t('badges.whichUnprinted')}</option>
        </SelectField>
        <div className="actions">
          <button type="submit" disabled={busy || running}>
            {t('badges.printAll')}
          </button>
        </div>
      </form>
      <FormError error={error} fields={[]} />
      {batch && (
        <div className="batch" data-status={batch.status}>
          <label>
            {t(`badges.batchStatus.${batch.status}`)}{' '}
            <progress max={batch.total} value={batch.done} aria-valuenow={batch.done} aria-valuemax={batch.total} />{' '}
            <span role="status">{t('badges.progress', { done: batch.done, total: batch.total })}</span>
          </label>
          {batch.status === 'done' && (
            <p>
              <a href={eventPath(slug, `/badge-batches/${batch.id}/file`)} download>
                {t('badges.download', { count: batch.total })}
              </a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
