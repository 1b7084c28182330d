import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeBatchView } from '../../../../src/modules/accreditation/badges.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { pathKey, QueryState, useApi } from '../../../shared/query.js';
import { FormError, SelectField, useApiError } from '../../fields.js';

const POLL_MS = 400;

/** Prints current badges into one PDF in the background, with a live progress bar and the download at the end. */
export function BatchPanel({ slug, categories, onDone }: { slug: string; categories: Array<{ code: string; name: { zh: string; en: string } }>; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState<'all' | 'unprinted'>('all');
  const [batchId, setBatchId] = useState<string | null>(null);
  const client = useQueryClient();
  const { error, run, busy } = useApiError();
  const path = batchId === null ? null : eventPath(slug, `/badge-batches/${batchId}`);
  // the batch's progress is asked again while it runs, and no longer once it has ended
  const progress = useApi<BadgeBatchView>(path, { refetchInterval: (b) => (!b || b.status === 'running' ? POLL_MS : false) });
  const batch = progress.data;

  const ended = batch && batch.status !== 'running' ? batch.id : null;
  useEffect(() => {
    if (ended !== null) onDone();
  }, [ended, onDone]);

  async function start(e: FormEvent) {
    e.preventDefault();
    const started = await run(() => api<BadgeBatchView>('POST', eventPath(slug, '/badge-batches'), { ...(category ? { category } : {}), status }));
    if (started) {
      client.setQueryData(pathKey(eventPath(slug, `/badge-batches/${started.id}`)), started);
      setBatchId(started.id);
    }
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
      <QueryState of={progress} />
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
