import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeOverview, IssuedCredentialView, IssueMissingResult } from '../../../src/modules/accreditation/badges.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { FormError, useApiError } from '../fields.js';
import { QueryState, useApi } from '../../shared/query.js';
import { BatchPanel } from './badges/BatchPanel.js';

const SHOWN = 100;

/** Badges: how many are issued, printed and collected; issue the missing ones, print them all, reprint one. */
export function BadgesPage({ sub = null }: { sub?: string | null }) {
  void sub;
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const overview = useApi<BadgeOverview>(eventPath(event.slug, '/badges'));
  // credentials issued or reprinted change the badge overview and the guests' pages
  const saves = { invalidates: [eventPath(event.slug, '/badges'), eventPath(event.slug, '/guests')] };
  const issuing = useApiError(saves);
  const reprinting = useApiError(saves);
  const [issued, setIssued] = useState<number | null>(null);
  const [reprinted, setReprinted] = useState<number | null>(null);
  const [query, setQuery] = useState('');

  const counts = overview.data?.counts;
  const categories = useMemo(() => {
    const seen = new Map<string, { code: string; name: { zh: string; en: string } }>();
    for (const g of overview.data?.guests ?? []) seen.set(g.category.code, g.category);
    return [...seen.values()];
  }, [overview.data]);
  const matching = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = overview.data?.guests ?? [];
    return q ? all.filter((g) => g.name.toLowerCase().includes(q) || g.nameLatin.toLowerCase().includes(q) || (g.organisation ?? '').toLowerCase().includes(q)) : all;
  }, [overview.data, query]);

  async function issueMissing() {
    const res = await issuing.run(() => api<IssueMissingResult>('POST', eventPath(event.slug, '/credentials/issue-missing')));
    if (res) {
      setIssued(res.issued);
    }
  }

  async function reprint(guestId: number) {
    if (!window.confirm(t('badges.confirmReprint'))) return;
    const res = await reprinting.run(() => api<IssuedCredentialView>('POST', eventPath(event.slug, `/guests/${guestId}/badge/reprint`)));
    if (res) {
      setReprinted(guestId);
    }
  }

  return (
    <>
      <h2>{t('console.nav.badges')}</h2>
      <QueryState of={overview} />
      <dl className="figures" aria-label={t('badges.figures')}>
        {(['approved', 'withBadge', 'printed', 'collected'] as const).map((k) => (
          <div key={k} data-figure={k}>
            <dt>{t(`badges.counts.${k}`)}</dt>
            <dd>{counts ? counts[k] : '–'}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="issue-title">
        <h3 id="issue-title">{t('badges.issueTitle')}</h3>
        <p>{t('badges.issueHint', { count: counts ? counts.approved - counts.withBadge : 0 })}</p>
        <div className="actions">
          <button type="button" onClick={() => void issueMissing()} disabled={issuing.busy || !counts || counts.approved === counts.withBadge}>
            {t('badges.issueMissing')}
          </button>
          {issued !== null && <span role="status">{t('badges.issued', { count: issued })}</span>}
        </div>
        <FormError error={issuing.error} fields={[]} />
      </section>

      <BatchPanel slug={event.slug} categories={categories} onDone={overview.reload} />

      <section aria-labelledby="guests-title">
        <h3 id="guests-title">{t('badges.guestsTitle')}</h3>
        <label>
          {t('badges.search')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <FormError error={reprinting.error} fields={[]} />
        <table className="grid badges-table">
          <thead>
            <tr>
              <th scope="col">{t('badges.name')}</th>
              <th scope="col">{t('badges.organisation')}</th>
              <th scope="col">{t('badges.category')}</th>
              <th scope="col">{t('badges.state')}</th>
              <th scope="col">{t('badges.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {matching.slice(0, SHOWN).map((g) => (
              <tr key={g.guestId} data-guest={g.guestId}>
                <th scope="row">
                  {g.name}
                  {g.nameLatin !== g.name && <small> · {g.nameLatin}</small>}
                </th>
                <td>{g.organisation ?? ''}</td>
                <td>
                  <span className="swatch" style={{ background: g.category.color, display: 'inline-block', width: '0.8em', height: '0.8em', marginRight: '0.3em' }} aria-hidden="true" />
                  {pickText(g.category.name, lang)}
                </td>
                <td>
                  {g.credentialId === null ? t('badges.states.none') : g.collectedAt ? t('badges.states.collected') : g.printedAt ? t('badges.states.printed') : t('badges.states.issued')}
                  {reprinted === g.guestId && <span role="status"> · {t('badges.reprinted')}</span>}
                </td>
                <td className="actions">
                  {g.credentialId !== null && (
                    <a href={eventPath(event.slug, `/guests/${g.guestId}/badge.pdf`)} download>
                      {t('badges.pdf')}
                    </a>
                  )}{' '}
                  <button type="button" onClick={() => void reprint(g.guestId)} disabled={reprinting.busy}>
                    {g.credentialId === null ? t('badges.issue') : t('badges.reprint')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {matching.length > SHOWN && <p>{t('badges.more', { shown: SHOWN, count: matching.length })}</p>}
        {overview.data && matching.length === 0 && <p>{t('badges.empty')}</p>}
      </section>
    </>
  );
}
