import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentKind, DocumentView } from '../../../src/modules/documents/documents.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { formatDay, formatTime } from '../../shared/format.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, SelectField, TextField, useApiError, type Bi } from '../fields.js';
import { QueryState, useApi } from '../../shared/query.js';
import { keys } from '../kinds.js';
import { fromLocalInput, toLocalInput } from '../time.js';

const DOCUMENT_KINDS = keys<DocumentKind>({ blue_book: null, outcome: null, case_collection: null, report: null, other: null });
const FIELDS = ['title', 'title_zh', 'title_en', 'description', 'description_zh', 'description_en', 'kind', 'audience', 'embargoUntil', 'file'];

/** The API's multipart upload (a PDF plus its fields) through the one API client; a large PDF may take a while. */
const uploadDocument = (slug: string, data: FormData): Promise<DocumentView> => api<DocumentView>('POST', eventPath(slug, '/documents'), data, { timeoutMs: 300_000 });

type Audience = 'public' | 'guests' | 'organisers' | 'category';
const splitAudience = (a: string): [Audience, string] => (a.startsWith('category:') ? ['category', a.slice('category:'.length)] : [a as Audience, '']);
const joinAudience = (kind: Audience, category: string) => (kind === 'category' ? `category:${category.trim()}` : kind);

function DocumentForm({ doc, onSaved }: { doc: DocumentView | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const tz = event.timezone;
  const [title, setTitle] = useState<Bi>(doc?.title ?? emptyBi());
  const [description, setDescription] = useState<Bi>(doc?.description ?? emptyBi());
  const [kind, setKind] = useState<DocumentKind>(doc?.kind ?? 'report');
  const [[audience, category], setAudience] = useState(() => splitAudience(doc?.audience ?? 'public'));
  const [embargo, setEmbargo] = useState(doc?.embargoUntil ? toLocalInput(doc.embargoUntil, tz) : '');
  const [file, setFile] = useState<File | null>(null);
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  // the upload names its fields title_zh, title_en…; an edit names title.zh…: either lands beside the input
  const errorFor = (name: string, exact?: boolean) => forField(name, exact) ?? forField(name.replace('.', '_'), exact);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const embargoUntil = embargo ? fromLocalInput(embargo, tz) : null;
    const result = await run(() => {
      if (doc) return api<DocumentView>('PATCH', eventPath(event.slug, `/documents/${doc.id}`), { title, description, kind, audience: joinAudience(audience, category), embargoUntil });
      const data = new FormData();
      data.set('title_zh', title.zh);
      data.set('title_en', title.en);
      data.set('description_zh', description.zh);
      data.set('description_en', description.en);
      data.set('kind', kind);
      data.set('audience', joinAudience(audience, category));
      data.set('embargoUntil', embargoUntil ?? '');
      if (file) data.set('file', file, file.name);
      return uploadDocument(event.slug, data);
    });
    if (result) {
      setSaved(true);
      if (!doc) {
        setTitle(emptyBi());
        setDescription(emptyBi());
        setFile(null);
        (e.target as HTMLFormElement).reset();
      }
      onSaved();
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={doc ? pickText(doc.title) : t('console.documents.upload')}>
      <BilingualField label={t('console.documents.title')} name="title" value={title} onChange={setTitle} errorFor={errorFor} required />
      <BilingualField label={t('console.documents.description')} name="description" value={description} onChange={setDescription} errorFor={errorFor} multiline />
      <div className="row">
        <SelectField label={t('console.documents.kind')} value={kind} onChange={(v) => setKind(v as DocumentKind)} error={forField('kind')}>
          {DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`console.documents.kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('console.documents.audience')} value={audience} onChange={(v) => setAudience([v as Audience, category])} error={forField('audience')}>
          {(['public', 'guests', 'organisers', 'category'] as const).map((a) => (
            <option key={a} value={a}>
              {t(`console.documents.audiences.${a}`)}
            </option>
          ))}
        </SelectField>
        {audience === 'category' && <TextField label={t('console.notices.category')} value={category} onChange={(v) => setAudience([audience, v])} required hint={t('console.notices.categoryHint')} />}
        <TextField label={t('console.documents.embargo')} type="datetime-local" value={embargo} onChange={setEmbargo} error={forField('embargoUntil')} hint={t('console.documents.embargoHint', { tz })} />
      </div>
      {!doc && (
        <div className="field">
          <label htmlFor="document-file">{t('console.documents.file')}</label>
          <input id="document-file" type="file" accept="application/pdf,.pdf" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-invalid={forField('file') ? true : undefined} aria-describedby={forField('file') ? 'document-file-err' : undefined} />
          {forField('file') && (
            <span id="document-file-err" role="alert" className="error field-error">
              {forField('file')}
            </span>
          )}
        </div>
      )}
      <FormError error={error} fields={FIELDS} />
      <div className="actions">
        <SaveButton busy={busy} label={doc ? undefined : t('console.documents.upload')} />
        <Saved show={saved} />
      </div>
    </form>
  );
}

/** Documents (blue books, outcomes, reports) as PDFs: upload, who may see them and from when, downloads. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const docs = useApi<DocumentView[]>(eventPath(event.slug, '/documents'));
  const removal = useApiError();
  const lang = currentLang();
  const tz = event.timezone;

  async function remove(d: DocumentView) {
    if (!window.confirm(t('console.documents.confirmDelete'))) return;
    if (await removal.run(() => api('DELETE', eventPath(event.slug, `/documents/${d.id}`)))) docs.reload();
  }

  return (
    <>
      <h2>{t('console.nav.documents')}</h2>
      <details>
        <summary>{t('console.documents.upload')}</summary>
        <DocumentForm doc={null} onSaved={docs.reload} />
      </details>
      <FormError error={removal.error} fields={[]} />
      <QueryState of={docs} />
      {docs.data?.length === 0 && <p className="muted">{t('console.documents.none')}</p>}
      {docs.data?.map((d) => (
        <details key={d.id} data-document={d.id}>
          <summary>
            {pickText(d.title, lang)}{' '}
            <span className="muted">
              · {t(`console.documents.kinds.${d.kind}`)} · {t('console.documents.downloads', { count: d.downloadCount ?? 0 })}
              {d.embargoUntil && ` · ${t('console.documents.until', { when: `${formatDay(d.embargoUntil, tz, lang)} ${formatTime(d.embargoUntil, tz, lang)}` })}`}
            </span>
          </summary>
          <p>
            <a href={eventPath(event.slug, `/documents/${d.id}/file`)}>{t('console.documents.download', { name: d.file.name, size: Math.ceil(d.file.size / 1024) })}</a>
          </p>
          <DocumentForm doc={d} onSaved={docs.reload} />
          <button type="button" className="danger" onClick={() => void remove(d)}>
            {t('console.documents.delete')}
          </button>
        </details>
      ))}
    </>
  );
}
