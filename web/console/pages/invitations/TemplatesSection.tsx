import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateView } from '../../../../src/modules/people/invitations.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { useEvent } from '../../access.js';
import { FormError, Saved, SaveButton, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';

/** A letter needs room: the shared multiline field is three rows high. */
function BodyField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={16}
        value={value}
        required
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      {error && (
        <span id={`${id}-err`} role="alert" className="error field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** The invitation message in Chinese and English, with its placeholders; the defaults until the organiser writes their own. */
export function TemplatesSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const loaded = useApi<TemplateView[]>(eventPath(event.slug, '/message-templates'));
  const [drafts, setDrafts] = useState<TemplateView[]>([]);
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  useEffect(() => {
    if (loaded.data) setDrafts(loaded.data);
  }, [loaded.data]);

  const change = (i: number, part: 'subject' | 'body', value: string) => {
    setSaved(false);
    setDrafts((all) => all.map((d, j) => (j === i ? { ...d, [part]: value } : d)));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const templates = drafts.map(({ kind, language, subject, body }) => ({ kind, language, subject, body }));
    const result = await run(() => api<TemplateView[]>('PUT', eventPath(event.slug, '/message-templates'), { templates }));
    if (result) {
      setDrafts(result);
      setSaved(true);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-labelledby="invitations-templates">
      <h3 id="invitations-templates">{t('invitations.templates.title')}</h3>
      <p className="muted">{t('invitations.templates.hint')}</p>
      <QueryState of={loaded} />
      <div className="split">
        {drafts.map((d, i) => (
          <fieldset key={`${d.kind}/${d.language}`} lang={d.language === 'zh' ? 'zh-CN' : 'en'}>
            <legend>
              {t(`invitations.templates.languages.${d.language}`)}
              {d.isDefault && <span className="muted"> · {t('invitations.templates.default')}</span>}
            </legend>
            <TextField
              label={t('invitations.templates.subject')}
              value={d.subject}
              onChange={(v) => change(i, 'subject', v)}
              error={forField(`templates.${i}.subject`)}
              required
            />
            <BodyField
              label={t('invitations.templates.body')}
              value={d.body}
              onChange={(v) => change(i, 'body', v)}
              error={forField(`templates.${i}.body`)}
            />
          </fieldset>
        ))}
      </div>
      <FormError error={error} fields={['templates']} />
      <div className="actions">
        <SaveButton busy={busy} />
        <Saved show={saved} />
      </div>
    </form>
  );
}
