import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, readableError } from '../shared/api.js';
import { describeError, pathKey } from '../shared/query.js';

/**
 * A save: runs its request as a TanStack Query mutation (so the page knows it is busy) and keeps the refusal, so
 * that each field can show the part that names it. On success the reads under `invalidates` (API paths) are
 * made stale, so every list and figure on screen that shows them asks again.
 */
export function useApiError(options: { invalidates?: string[] } = {}) {
  const client = useQueryClient();
  const [own, setError] = useState<ApiError | Error | null>(null);
  const invalidates = options.invalidates ?? [];
  const mutation = useMutation<unknown, Error, () => Promise<unknown>>({
    mutationFn: async (request) => {
      try {
        return await request();
      } catch (e) {
        throw readableError(e);
      }
    },
    onSuccess: () => Promise.all(invalidates.map((p) => client.invalidateQueries({ queryKey: pathKey(p) }))),
  });
  const error = own ?? mutation.error;
  /** the message for a field when the API named it (or a sub-field of it, like title.en) */
  const forField = (name: string, exact = false): string | null => {
    if (!(error instanceof ApiError) || !error.field) return null;
    if (exact) return error.field === name ? error.message : null;
    return error.field === name || error.field.startsWith(`${name}.`) ? error.message : null;
  };
  /** runs a request, clears the last error first, and keeps the new one; undefined when it failed */
  async function run<T>(request: () => Promise<T>): Promise<T | undefined> {
    setError(null);
    try {
      return (await mutation.mutateAsync(request)) as T;
    } catch {
      return undefined;
    }
  }
  return { error, setError, forField, run, busy: mutation.isPending };
}

/** The form-level message: shown when the API named no field, or one this form does not show. */
export function FormError({ error, fields }: { error: Error | null; fields: string[] }) {
  if (!error) return null;
  const field = error instanceof ApiError ? error.field : null;
  if (field && fields.some((f) => field === f || field.startsWith(`${f}.`))) return null;
  return (
    <p role="alert" className="error">
      {describeError(error)}
    </p>
  );
}

function FieldMessage({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <span id={id} className="error field-error" role="alert">
      {message}
    </span>
  ) : null;
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'datetime-local' | 'url';
  required?: boolean;
  multiline?: boolean;
  autoComplete?: string;
  hint?: string;
  lang?: string;
}

export function TextField({ label, value, onChange, error = null, type = 'text', required, multiline, autoComplete, hint, lang }: TextFieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, value, required, lang, 'aria-invalid': error ? true : undefined, 'aria-describedby': described } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <FieldMessage id={`${id}-err`} message={error} />
    </div>
  );
}

export function SelectField({ label, value, onChange, error = null, children }: { label: string; value: string; onChange: (v: string) => void; error?: string | null; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined}>
        {children}
      </select>
      <FieldMessage id={`${id}-err`} message={error} />
    </div>
  );
}

export type Bi = { zh: string; en: string };

/** Every { zh, en } field is edited as a pair: one fieldset, one input per language. */
type ErrorFor = (name: string, exact?: boolean) => string | null;

/** Every { zh, en } field is edited as a pair: one fieldset, one input per language, errors beside the named one. */
export function BilingualField({ label, name, value, onChange, errorFor, multiline, required }: { label: string; name: string; value: Bi; onChange: (v: Bi) => void; errorFor: ErrorFor; multiline?: boolean; required?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="bilingual">
      <legend>{label}</legend>
      <TextField label={t('console.form.zh')} lang="zh-CN" value={value.zh} multiline={multiline} required={required} error={errorFor(`${name}.zh`)} onChange={(zh) => onChange({ ...value, zh })} />
      <TextField label={t('console.form.en')} lang="en" value={value.en} multiline={multiline} required={required} error={errorFor(`${name}.en`)} onChange={(en) => onChange({ ...value, en })} />
      <FieldMessage id={`${id}-err`} message={errorFor(name, true)} />
    </fieldset>
  );
}

export function SaveButton({ busy, label }: { busy: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
      {label ?? t('console.form.save')}
    </button>
  );
}

/** A short confirmation for screen readers and sighted users alike. */
export function Saved({ show }: { show: boolean }) {
  const { t } = useTranslation();
  return (
    <span role="status" className="saved">
      {show ? t('console.form.saved') : ''}
    </span>
  );
}

export const emptyBi = (): Bi => ({ zh: '', en: '' });
export const numOrNull = (v: string): number | null => (v.trim() === '' ? null : Number(v));
export const strOrNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
