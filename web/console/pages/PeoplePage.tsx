import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, eventPath } from '../../shared/api.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import type { PersonRow } from '../catalogue.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, strOrNull, TextField, useApiError, type Bi } from '../fields.js';
import { QueryState, useApi } from '../../shared/query.js';

interface Form {
  name: string;
  nameLatin: string;
  organisation: string;
  title: Bi;
  bio: Bi;
  photoUrl: string;
  email: string;
}
const FIELDS = ['name', 'nameLatin', 'organisation', 'title', 'bio', 'photoUrl', 'email'];
const blank = (): Form => ({ name: '', nameLatin: '', organisation: '', title: emptyBi(), bio: emptyBi(), photoUrl: '', email: '' });
const toForm = (p: PersonRow): Form => ({
  name: p.name,
  nameLatin: p.nameLatin,
  organisation: p.organisation ?? '',
  title: p.title ?? emptyBi(),
  bio: p.bio ?? emptyBi(),
  photoUrl: p.photoUrl ?? '',
  email: p.email ?? '',
});
const biOrNull = (b: Bi) => (b.zh.trim() || b.en.trim() ? b : null);

/** Speakers, moderators and hosts: names in their own script, with a Latin form for sorting and search. */
export function PeoplePage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const people = useApi<PersonRow[]>(eventPath(event.slug, '/people'));
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [form, setForm] = useState<Form>(blank);
  const [query, setQuery] = useState('');
  const [saved, setSaved] = useState(false);
  // a speaker saved or removed refreshes the people list and the sessions that name them
  const { error, forField, run, busy } = useApiError({ invalidates: [eventPath(event.slug, '/people'), eventPath(event.slug, '/sessions')] });
  const lang = currentLang();

  const open = (p: PersonRow | 'new') => {
    setSaved(false);
    setEditing(p === 'new' ? 'new' : p.id);
    setForm(p === 'new' ? blank() : toForm(p));
    // keyboard users land in the form they opened, wherever the layout put it
    requestAnimationFrame(() => document.getElementById('person-editor')?.focus());
  };
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setSaved(false);
    setForm({ ...form, [k]: v });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name: form.name.trim(),
      ...(form.nameLatin.trim() ? { nameLatin: form.nameLatin.trim() } : {}),
      organisation: strOrNull(form.organisation),
      title: biOrNull(form.title),
      bio: biOrNull(form.bio),
      photoUrl: strOrNull(form.photoUrl),
      email: strOrNull(form.email),
    };
    const p = await run(() => (editing === 'new' ? api<PersonRow>('POST', eventPath(event.slug, '/people'), body) : api<PersonRow>('PATCH', eventPath(event.slug, `/people/${editing}`), body)));
    if (p) {
      setEditing(p.id);
      setForm(toForm(p));
      setSaved(true);
    }
  }

  async function remove() {
    if (typeof editing !== 'number' || !window.confirm(t('console.people.confirmDelete'))) return;
    const done = await run(() => api('DELETE', eventPath(event.slug, `/people/${editing}`)));
    if (done !== undefined) {
      setEditing(null);
    }
  }

  const q = query.trim().toLowerCase();
  const list = (people.data ?? []).filter((p) => !q || p.name.toLowerCase().includes(q) || p.nameLatin.toLowerCase().includes(q) || (p.organisation ?? '').toLowerCase().includes(q));

  return (
    <>
      <h2>{t('console.nav.people')}</h2>
      <div className="toolbar">
        <label>
          {t('console.people.search')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="button" onClick={() => open('new')}>
          {t('console.people.new')}
        </button>
      </div>
      <QueryState of={people} />
      <div className="split">
        <table className="grid" aria-label={t('console.nav.people')}>
          <thead>
            <tr>
              <th scope="col">{t('console.people.name')}</th>
              <th scope="col">{t('console.people.organisation')}</th>
              <th scope="col">{t('console.people.title')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} className={editing === p.id ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link" aria-current={editing === p.id ? 'true' : undefined} onClick={() => open(p)}>
                    {p.name}
                  </button>
                  {p.name !== p.nameLatin && <div className="muted">{p.nameLatin}</div>}
                </td>
                <td>{p.organisation}</td>
                <td>{pickText(p.title, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing !== null && (
          <form onSubmit={(e) => void submit(e)} className="editor" aria-label={editing === 'new' ? t('console.people.new') : t('console.people.edit')}>
            <h3 id="person-editor" tabIndex={-1}>
              {editing === 'new' ? t('console.people.new') : t('console.people.edit')}
            </h3>
            <TextField label={t('console.people.name')} value={form.name} onChange={(v) => set('name', v)} required error={forField('name')} hint={t('console.people.nameHint')} />
            <TextField label={t('console.people.nameLatin')} value={form.nameLatin} onChange={(v) => set('nameLatin', v)} error={forField('nameLatin')} />
            <TextField label={t('console.people.organisation')} value={form.organisation} onChange={(v) => set('organisation', v)} error={forField('organisation')} />
            <BilingualField label={t('console.people.title')} name="title" value={form.title} onChange={(v) => set('title', v)} errorFor={forField} />
            <BilingualField label={t('console.people.bio')} name="bio" value={form.bio} onChange={(v) => set('bio', v)} errorFor={forField} multiline />
            <TextField label={t('console.people.email')} type="email" value={form.email} onChange={(v) => set('email', v)} error={forField('email')} />
            <TextField label={t('console.people.photoUrl')} type="url" value={form.photoUrl} onChange={(v) => set('photoUrl', v)} error={forField('photoUrl')} />
            <FormError error={error} fields={FIELDS} />
            <div className="actions">
              <SaveButton busy={busy} />
              <Saved show={saved} />
              {typeof editing === 'number' && (
                <button type="button" className="danger" onClick={() => void remove()}>
                  {t('console.people.delete')}
                </button>
              )}
            </div>
          </form>
        )}
      </div>
    </>
  );
}
