import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  OutboxMessage,
  OutboxPage,
  OutboxStatus,
  RetryReport,
  SendReport,
} from '../../../../src/modules/people/invitations.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { formatDay, formatTime } from '../../../shared/format.js';
import { currentLang } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { FormError, SelectField, useApiError } from '../../fields.js';
import { keys } from '../../kinds.js';
import { QueryState, useApi } from '../../../shared/query.js';

/** The invitation link of a message, which its QR code (in the email, at the badge desk) encodes. */
const linkIn = (text: string) => /https?:\/\/\S+?\/app\/register\/[A-Za-z0-9_-]+/.exec(text)?.[0] ?? null;

function LinkQr({ link }: { link: string }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 200 }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [link]);
  return src ? <img src={src} width={200} height={200} alt={t('invitations.outbox.qr')} /> : null;
}

const STATUSES = keys<OutboxStatus>({ queued: null, sent: null, written: null, failed: null });
const PAGE_SIZE = 50;

/** Every message sent or written, a page at a time, with the full text of the one selected; sending and retrying from here. */
export function OutboxSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const [status, setStatus] = useState<OutboxStatus | ''>('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<OutboxMessage | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(status ? { status } : {}) });
  // a new page or filter keeps the last one on screen until it answers
  const outbox = useApi<OutboxPage>(eventPath(event.slug, `/outbox?${query.toString()}`), { keepPrevious: true });
  const action = useApiError();
  const preview = useApiError();

  async function open(id: number) {
    const message = await preview.run(() => api<OutboxMessage>('GET', eventPath(event.slug, `/outbox/${id}`)));
    if (message) setSelected(message);
  }
  async function sendAll() {
    if (!window.confirm(t('invitations.send.confirmAll'))) return;
    const report = await action.run(() => api<SendReport>('POST', eventPath(event.slug, '/invitations/send'), {}));
    if (report) {
      setOutcome(
        t('invitations.send.done', {
          sent: report.sent,
          written: report.written,
          failed: report.failed,
          queued: report.queued,
          refused: report.refused,
        }),
      );
      outbox.reload();
    }
  }
  async function retry() {
    const report = await action.run(() => api<RetryReport>('POST', eventPath(event.slug, '/outbox/retry'), {}));
    if (report) {
      setOutcome(t('invitations.outbox.retried', report));
      outbox.reload();
    }
  }

  const data = outbox.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section aria-labelledby="invitations-outbox">
      <h3 id="invitations-outbox">{t('invitations.outbox.title')}</h3>
      {data && <p className="muted">{t(`invitations.outbox.delivery.${data.delivery}`)}</p>}
      <div className="row">
        <SelectField
          label={t('invitations.outbox.status')}
          value={status}
          onChange={(v) => (setStatus(v as OutboxStatus | ''), setPage(1))}
        >
          <option value="">{t('invitations.outbox.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`invitations.outbox.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="button" disabled={action.busy} onClick={() => void sendAll()}>
            {t('invitations.send.all')}
          </button>
          {data?.delivery === 'smtp' && (
            <button type="button" disabled={action.busy} onClick={() => void retry()}>
              {t('invitations.outbox.retry')}
            </button>
          )}
        </div>
      </div>
      <FormError error={action.error} fields={[]} />
      {outcome && <p role="status">{outcome}</p>}
      <QueryState of={outbox} />
      {data?.total === 0 && <p className="muted">{t('invitations.outbox.none')}</p>}
      {data && data.total > 0 && (
        <div className="split">
          <div>
            <table className="grid" aria-label={t('invitations.outbox.title')}>
              <thead>
                <tr>
                  <th scope="col">{t('invitations.outbox.recipient')}</th>
                  <th scope="col">{t('invitations.outbox.subject')}</th>
                  <th scope="col">{t('invitations.outbox.status')}</th>
                  <th scope="col">{t('invitations.outbox.created')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((m) => (
                  <tr key={m.id} data-outbox={m.id} aria-selected={selected?.id === m.id}>
                    <td>
                      <button type="button" className="link" onClick={() => void open(m.id)}>
                        {m.guestName ?? m.recipient}
                      </button>
                      <div className="muted">
                        {m.recipient} · {m.language}
                      </div>
                    </td>
                    <td>{m.subject}</td>
                    <td>
                      {t(`invitations.outbox.statuses.${m.status}`)}
                      {m.attempts > 0 && <div className="muted">{t('invitations.outbox.attempts', { count: m.attempts })}</div>}
                      {m.error && <div className="error">{m.error}</div>}
                    </td>
                    <td>
                      {formatDay(m.createdAt, event.timezone, lang)} {formatTime(m.createdAt, event.timezone, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="actions">
              <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('invitations.outbox.previous')}
              </button>
              <span>{t('invitations.outbox.page', { page, pages })}</span>
              <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t('invitations.outbox.next')}
              </button>
            </div>
          </div>
          <div aria-live="polite">
            <FormError error={preview.error} fields={[]} />
            {selected ? (
              <article
                className="message-preview"
                aria-label={t('invitations.outbox.preview')}
                lang={selected.language === 'zh' ? 'zh-CN' : 'en'}
              >
                <p>
                  <strong>{t('invitations.outbox.to')}</strong> {selected.recipient}
                </p>
                <p>
                  <strong>{t('invitations.outbox.subject')}</strong> {selected.subject}
                </p>
                <pre style={{ whiteSpace: 'pre-wrap' }}>{selected.body}</pre>
                {selected.kind === 'invitation' && linkIn(selected.body) && <LinkQr link={linkIn(selected.body)!} />}
              </article>
            ) : (
              <p className="muted">{t('invitations.outbox.choose')}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
