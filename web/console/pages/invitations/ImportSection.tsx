import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ImportMode,
  ImportReport,
  InviteeField,
  InviteeRow,
  ParseResult,
  SendReport,
} from '../../../../src/modules/people/invitations.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { useEvent } from '../../access.js';
import { FormError, useApiError } from '../../fields.js';
import { keys } from '../../kinds.js';
import { parseInviteeFile, postKeeping422 } from './upload.js';

// in the order an organiser checks them: who, how to reach them, what they get, then the rest
const INVITEE_FIELDS = keys<InviteeField>({
  name: null,
  email: null,
  category: null,
  organisation: null,
  name_latin: null,
  language: null,
  delegation: null,
  delegation_head: null,
  country: null,
  phone: null,
  title: null,
});

/** A row being fixed: the cells the organiser changed lose their error until the server checks them again. */
interface EditRow extends InviteeRow {
  edited: Partial<Record<InviteeField, true>>;
}
type Refusal = { error: { message: string }; rows: InviteeRow[] };

const toEdit = (rows: InviteeRow[]): EditRow[] => rows.map((r) => ({ ...r, edited: {} }));
const openErrors = (r: EditRow) => r.errors.filter((e) => !r.edited[e.field as InviteeField]);

/** Upload a CSV/XLSX list, see each bad cell, fix it in place, import all or only the valid rows, then send. */
export function ImportSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [file, setFile] = useState<File | null>(null);
  const [parsed, setParsed] = useState<Omit<ParseResult, 'rows'> | null>(null);
  const [rows, setRows] = useState<EditRow[]>([]);
  const [onlyErrors, setOnlyErrors] = useState(true);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [importedIds, setImportedIds] = useState<number[]>([]);
  const reading = useApiError();
  const importing = useApiError();
  const sending = useApiError();

  const withErrors = useMemo(() => rows.filter((r) => r.errors.length > 0).length, [rows]);
  const shown = onlyErrors && withErrors > 0 ? rows.filter((r) => r.errors.length > 0) : rows;

  async function read() {
    if (!file) return;
    setOutcome(null);
    const result = await reading.run(() => parseInviteeFile(event.slug, file));
    if (!result) return;
    const { rows: parsedRows, ...meta } = result;
    setParsed(meta);
    setRows(toEdit(parsedRows));
    setOnlyErrors(result.invalid > 0);
  }

  function edit(line: number, field: InviteeField, value: string) {
    setRows((all) =>
      all.map((r) => (r.line === line ? { ...r, values: { ...r.values, [field]: value }, edited: { ...r.edited, [field]: true } } : r)),
    );
  }

  async function runImport() {
    setOutcome(null);
    const payload = { mode, rows: rows.map((r) => ({ ...r.values, line: r.line })) };
    const result = await importing.run(() => postKeeping422<ImportReport, Refusal>(eventPath(event.slug, '/invitations/import'), payload));
    if (!result) return;
    if (!result.ok) {
      // nothing was written: put the server's findings on the rows, keep the organiser's edits
      const byLine = new Map(result.refusal.rows.map((r) => [r.line, r]));
      setRows((all) => all.map((r) => ({ ...r, errors: byLine.get(r.line)?.errors ?? [], edited: {} })));
      setOnlyErrors(true);
      setOutcome(result.refusal.error.message);
      return;
    }
    const report = result.value;
    setImportedIds((ids) => [...ids, ...report.guestIds]);
    setRows(toEdit(report.rejected));
    setOnlyErrors(true);
    setOutcome(
      t('invitations.import.done', {
        imported: report.imported,
        rejected: report.rejected.length,
        delegations: report.delegationsCreated.length,
      }),
    );
  }

  async function send() {
    const report = await sending.run(() => api<SendReport>('POST', eventPath(event.slug, '/invitations/send'), { guestIds: importedIds }));
    if (report) {
      setImportedIds([]);
      setOutcome(
        t('invitations.send.done', {
          sent: report.sent,
          written: report.written,
          failed: report.failed,
          queued: report.queued,
          refused: report.refused,
        }),
      );
    }
  }

  return (
    <section aria-labelledby="invitations-import">
      <h3 id="invitations-import">{t('invitations.import.title')}</h3>
      <p className="muted">{t('invitations.import.hint')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor="invitee-file">{t('invitations.import.file')}</label>
          <input
            id="invitee-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="actions">
          <button type="button" disabled={!file || reading.busy} onClick={() => void read()}>
            {t('invitations.import.read')}
          </button>
        </div>
      </div>
      <FormError error={reading.error} fields={[]} />
      {parsed && (
        <p role="status">
          {t('invitations.import.summary', {
            count: rows.length,
            invalid: withErrors,
            format: parsed.format.toUpperCase(),
            encoding: parsed.encoding ?? '',
          })}
          {parsed.ignoredColumns.length > 0 && ` ${t('invitations.import.ignored', { columns: parsed.ignoredColumns.join(', ') })}`}
        </p>
      )}
      {rows.length > 0 && (
        <>
          <label>
            <input type="checkbox" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} />{' '}
            {t('invitations.import.onlyErrors')}
          </label>
          <div style={{ overflowX: 'auto' }}>
            <table className="grid" aria-label={t('invitations.import.rows')}>
              <thead>
                <tr>
                  <th scope="col">{t('invitations.import.line')}</th>
                  {INVITEE_FIELDS.map((f) => (
                    <th key={f} scope="col">
                      {t(`invitations.fields.${f}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, 500).map((r) => (
                  <tr key={r.line} data-line={r.line} className={openErrors(r).length > 0 ? 'has-error' : undefined}>
                    <th scope="row">{r.line}</th>
                    {INVITEE_FIELDS.map((f) => {
                      const err = openErrors(r).find((e) => e.field === f);
                      const id = `cell-${r.line}-${f}`;
                      return (
                        <td key={f}>
                          {r.errors.length > 0 ? (
                            <input
                              aria-label={`${t('invitations.import.line')} ${r.line} ${t(`invitations.fields.${f}`)}`}
                              value={r.values[f]}
                              size={Math.max(4, Math.min(18, r.values[f].length + 1))}
                              onChange={(e) => edit(r.line, f, e.target.value)}
                              aria-invalid={err ? true : undefined}
                              aria-describedby={err ? id : undefined}
                            />
                          ) : (
                            r.values[f]
                          )}
                          {err && (
                            <span id={id} role="alert" className="error field-error">
                              {err.message}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.length > 500 && <p className="muted">{t('invitations.import.more', { count: shown.length - 500 })}</p>}
          <fieldset className="row">
            <legend>{t('invitations.import.mode')}</legend>
            {(['all_or_nothing', 'valid_rows'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="import-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
                {t(`invitations.import.modes.${m}`)}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" disabled={importing.busy} onClick={() => void runImport()}>
              {t('invitations.import.import', { count: rows.length })}
            </button>
          </div>
        </>
      )}
      <FormError error={importing.error} fields={[]} />
      {outcome && <p role="status">{outcome}</p>}
      {importedIds.length > 0 && (
        <div className="actions">
          <button type="button" disabled={sending.busy} onClick={() => void send()}>
            {t('invitations.send.imported', { count: importedIds.length })}
          </button>
        </div>
      )}
      <FormError error={sending.error} fields={[]} />
    </section>
  );
}
