import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '../../../../src/modules/accreditation/accreditation.schema.js';
import type { GuestList as GuestListView, GuestStatus } from '../../../../src/modules/people/people.schema.js';
import { pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { eventPath } from '../../../shared/api.js';
import { QueryState, useApi } from '../../../shared/query.js';
import { href } from '../../router.js';

const PAGE = 50;
export const GUEST_STATUSES: readonly GuestStatus[] = ['invited', 'registered', 'changes_requested', 'approved', 'rejected', 'cancelled'];

/** The guest list: counts per status (each a filter), search in any script, category and delegation filters, paging. */
export function GuestList() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [category, setCategory] = useState('');
  const [delegation, setDelegation] = useState('');
  const [offset, setOffset] = useState(0);
  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (q.trim()) params.set('q', q.trim());
  if (status) params.set('status', status);
  if (category) params.set('category', category);
  if (delegation.trim()) params.set('delegation', delegation.trim());
  // each keystroke of a search is a new read: the last list stays on screen until it answers
  const list = useApi<GuestListView>(eventPath(event.slug, `/guests?${params}`), { keepPrevious: true });
  const categories = useApi<CategoryView[]>(eventPath(event.slug, '/categories'));
  const reset = () => setOffset(0);
  const data = list.data;
  const all = data ? Object.values(data.counts).reduce((a, b) => a + b, 0) : 0;

  return (
    <>
      <div className="figures" role="group" aria-label={t('guests.counts')}>
        <button type="button" aria-pressed={status === ''} onClick={() => (setStatus(''), reset())}>
          {t('guests.all')}: {all}
        </button>
        {GUEST_STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => (setStatus(s), reset())}>
            {t(`guests.status.${s}`)}: {data?.counts[s] ?? 0}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="guests-q">{t('guests.search')}</label>
          <input id="guests-q" type="search" value={q} onChange={(e) => (setQ(e.target.value), reset())} aria-describedby="guests-q-hint" />
          <span id="guests-q-hint" className="hint">
            {t('guests.searchHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="guests-category">{t('guests.category')}</label>
          <select id="guests-category" value={category} onChange={(e) => (setCategory(e.target.value), reset())}>
            <option value="">{t('guests.any')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.code}>
                {pickText(c.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="guests-delegation">{t('guests.delegationCode')}</label>
          <input id="guests-delegation" value={delegation} onChange={(e) => (setDelegation(e.target.value), reset())} />
        </div>
      </div>
      <QueryState of={list} />
      {data && (
        <>
          <table className="grid">
            <caption>{t('guests.found', { count: data.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('guests.name')}</th>
                <th scope="col">{t('guests.organisation')}</th>
                <th scope="col">{t('guests.category')}</th>
                <th scope="col">{t('guests.delegation')}</th>
                <th scope="col">{t('guests.statusLabel')}</th>
                <th scope="col">{t('guests.photo')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((g) => (
                <tr key={g.id}>
                  <td>
                    <a href={href('e', event.slug, 'guests', g.id)}>{g.name}</a>
                    {g.nameLatin !== g.name && <div className="hint">{g.nameLatin}</div>}
                  </td>
                  <td>{g.organisation}</td>
                  <td>{g.category ? pickText(g.category.name) : '—'}</td>
                  <td>
                    {g.delegation ? pickText(g.delegation.name) : '—'}
                    {g.delegationHead && ` (${t('guests.head')})`}
                  </td>
                  <td>{t(`guests.status.${g.status}`)}</td>
                  <td>{g.hasPhoto ? t('guests.yes') : t('guests.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('guests.previous')}
            </button>
            <span>{t('guests.page', { from: data.total ? offset + 1 : 0, to: offset + data.items.length, total: data.total })}</span>
            <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              {t('guests.next')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
