import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Audience, AudienceKind, OrganiserNoticeView, Urgency } from '../../../src/modules/notices/notices.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { formatDay, formatTime } from '../../shared/format.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { useCatalogue } from '../catalogue.js';
import { BilingualField, emptyBi, FormError, SaveButton, SelectField, TextField, useApiError, type Bi } from '../fields.js';
import { QueryState, useApi } from '../../shared/query.js';
import { keys } from '../kinds.js';
import { fromLocalInput } from '../time.js';

const URGENCIES = keys<Urgency>({ info: null, important: null, urgent: null });
const AUDIENCE_KINDS: AudienceKind[] = ['everyone', 'category', 'board', 'session', 'volunteers', 'drivers', 'exhibitors'];
const FIELDS = ['title', 'body', 'urgency', 'audience', 'publishAt'];

/** Notices to guests, volunteers, drivers or exhibitors: compose (now or scheduled), see who read them, withdraw. */
export function NoticesPage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const notices = useApi<OrganiserNoticeView[]>(eventPath(event.slug, '/notices'));
  const cat = useCatalogue(event.slug, false);
  const lang = currentLang();
  const tz = event.timezone;
  const [title, setTitle] = useState<Bi>(emptyBi());
  const [body, setBody] = useState<Bi>(emptyBi());
  const [urgency, setUrgency] = useState<Urgency>('info');
  const [kind, setKind] = useState<AudienceKind>('everyone');
  const [target, setTarget] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const [sent, setSent] = useState<OrganiserNoticeView | null>(null);
  // a notice sent or withdrawn refreshes every list of notices on screen (this page's and the overview's)
  const saves = { invalidates: [eventPath(event.slug, '/notices')] };
  const { error, forField, run, busy } = useApiError(saves);
  const withdrawal = useApiError(saves);

  const audience = (): Audience => {
    if (kind === 'category') return { kind, category: target.trim() };
    if (kind === 'board') return { kind, boardId: Number(target) };
    if (kind === 'session') return { kind, sessionId: Number(target) };
    return { kind } as Audience;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const at = publishAt ? fromLocalInput(publishAt, tz) : null;
    const notice = await run(() => api<OrganiserNoticeView>('POST', eventPath(event.slug, '/notices'), { title, body, urgency, audience: audience(), ...(at ? { publishAt: at } : {}) }));
    if (notice) {
      setSent(notice);
      setTitle(emptyBi());
      setBody(emptyBi());
      setPublishAt('');
    }
  }

  async function withdraw(n: OrganiserNoticeView) {
    if (!window.confirm(t('console.notices.confirmWithdraw'))) return;
    await withdrawal.run(() => api('DELETE', eventPath(event.slug, `/notices/${n.id}`)));
  }

  const audienceText = (a: Audience): string => {
    switch (a.kind) {
      case 'category':
        return `${t('console.notices.audience.category')}: ${a.category}`;
      case 'board':
        return `${t('console.notices.audience.board')}: ${pickText(cat.boards.data?.find((b) => b.id === a.boardId)?.title, lang) || `#${a.boardId}`}`;
      case 'session':
        return `${t('console.notices.audience.session')}: ${cat.sessions.data?.find((s) => s.id === a.sessionId)?.code ?? `#${a.sessionId}`}`;
      default:
        return t(`console.notices.audience.${a.kind}`);
    }
  };

  return (
    <>
      <h2>{t('console.nav.notices')}</h2>
      <form onSubmit={(e) => void submit(e)} className="editor" aria-labelledby="compose-title">
        <h3 id="compose-title">{t('console.notices.compose')}</h3>
        <BilingualField label={t('console.notices.title')} name="title" value={title} onChange={setTitle} errorFor={forField} required />
        <BilingualField label={t('console.notices.body')} name="body" value={body} onChange={setBody} errorFor={forField} multiline required />
        <div className="row">
          <SelectField label={t('console.notices.urgency')} value={urgency} onChange={(v) => setUrgency(v as Urgency)} error={forField('urgency')}>
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {t(`console.notices.urgencies.${u}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('console.notices.audienceLabel')} value={kind} onChange={(v) => (setKind(v as AudienceKind), setTarget(''))} error={forField('audience', true)}>
            {AUDIENCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`console.notices.audience.${k}`)}
              </option>
            ))}
          </SelectField>
          {kind === 'category' && <TextField label={t('console.notices.category')} value={target} onChange={setTarget} required error={forField('audience.category')} hint={t('console.notices.categoryHint')} />}
          {kind === 'board' && (
            <SelectField label={t('console.programme.board')} value={target} onChange={setTarget} error={forField('audience.boardId')}>
              <option value="">{t('console.notices.choose')}</option>
              {(cat.boards.data ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.code} · {pickText(b.title, lang)}
                </option>
              ))}
            </SelectField>
          )}
          {kind === 'session' && (
            <SelectField label={t('console.notices.session')} value={target} onChange={setTarget} error={forField('audience.sessionId')}>
              <option value="">{t('console.notices.choose')}</option>
              {(cat.sessions.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} · {pickText(s.title, lang)}
                </option>
              ))}
            </SelectField>
          )}
          <TextField label={t('console.notices.publishAt')} type="datetime-local" value={publishAt} onChange={setPublishAt} error={forField('publishAt')} hint={t('console.notices.publishAtHint', { tz })} />
        </div>
        <FormError error={error} fields={FIELDS} />
        <div className="actions">
          <SaveButton busy={busy} label={publishAt ? t('console.notices.schedule') : t('console.notices.send')} />
          <span role="status" className="saved">
            {sent ? t('console.notices.sent', { count: sent.recipients }) : ''}
          </span>
        </div>
      </form>
      <h3>{t('console.notices.list')}</h3>
      <FormError error={withdrawal.error} fields={[]} />
      <QueryState of={notices} />
      {notices.data?.length === 0 && <p className="muted">{t('console.notices.none')}</p>}
      {notices.data && notices.data.length > 0 && (
        <table className="grid" aria-label={t('console.notices.list')}>
          <thead>
            <tr>
              <th scope="col">{t('console.notices.title')}</th>
              <th scope="col">{t('console.notices.audienceLabel')}</th>
              <th scope="col">{t('console.notices.status')}</th>
              <th scope="col">{t('console.notices.read')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('console.notices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {notices.data.map((n) => (
              <tr key={n.id} data-notice={n.id}>
                <td>
                  {pickText(n.title, lang)}
                  <div className="muted">{t(`console.notices.urgencies.${n.urgency}`)}</div>
                </td>
                <td>{audienceText(n.audience)}</td>
                <td>
                  {t(`console.notices.statuses.${n.status}`)}
                  <div className="muted">
                    {formatDay(n.publishedAt ?? n.publishAt, tz, lang)} {formatTime(n.publishedAt ?? n.publishAt, tz, lang)}
                  </div>
                </td>
                <td>{t('console.notices.readOf', { read: n.read, recipients: n.recipients })}</td>
                <td>
                  {n.status !== 'withdrawn' && (
                    <button type="button" className="danger" onClick={() => void withdraw(n)}>
                      {t('console.notices.withdraw')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
