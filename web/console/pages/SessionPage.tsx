import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conflict, PersonRole, SessionKind, SessionView } from '../../../src/modules/program/program.schema.js';
import { api, ApiError, eventPath } from '../../shared/api.js';
import { currentLang, pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { useCatalogue, useDescribeConflict } from '../catalogue.js';
import { BilingualField, emptyBi, FormError, numOrNull, Saved, SaveButton, SelectField, TextField, useApiError, type Bi } from '../fields.js';
import { go, href } from '../router.js';
import { PERSON_ROLES, SESSION_KINDS } from '../kinds.js';
import { fromLocalInput, toLocalInput } from '../time.js';
import { describeError, QueryState, useApi } from '../../shared/query.js';

interface Form {
  code: string;
  kind: SessionKind;
  boardId: string;
  title: Bi;
  description: Bi;
  roomId: string;
  startsAt: string;
  endsAt: string;
  expectedAudience: string;
  languages: string;
  people: Array<{ personId: string; role: PersonRole }>;
}

const FIELDS = ['code', 'kind', 'boardId', 'title', 'description', 'roomId', 'startsAt', 'endsAt', 'expectedAudience', 'languages', 'people'];

function toForm(s: SessionView, tz: string): Form {
  return {
    code: s.code,
    kind: s.kind,
    boardId: s.boardId === null ? '' : String(s.boardId),
    title: s.title,
    description: s.description,
    roomId: s.roomId === null ? '' : String(s.roomId),
    startsAt: toLocalInput(s.startsAt, tz),
    endsAt: toLocalInput(s.endsAt, tz),
    expectedAudience: s.expectedAudience === null ? '' : String(s.expectedAudience),
    languages: s.languages.join(', '),
    people: s.people.map((p) => ({ personId: String(p.personId), role: p.role })),
  };
}

/** The API body for a form: times from the event's clock to UTC, empty choices to null. */
function toBody(form: Form, tz: string) {
  return {
    code: form.code.trim(),
    kind: form.kind,
    boardId: form.boardId === '' ? null : Number(form.boardId),
    title: form.title,
    description: form.description,
    roomId: form.roomId === '' ? null : Number(form.roomId),
    startsAt: fromLocalInput(form.startsAt, tz) ?? form.startsAt,
    endsAt: fromLocalInput(form.endsAt, tz) ?? form.endsAt,
    expectedAudience: numOrNull(form.expectedAudience),
    languages: form.languages.split(/[,\s]+/).filter(Boolean),
    people: form.people.filter((p) => p.personId !== '').map((p) => ({ personId: Number(p.personId), role: p.role })),
  };
}

/** Edit one session of the draft; saving answers with the conflicts it now has, shown at once. */
export function SessionPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { event, access } = useEvent();
  const cat = useCatalogue(event.slug);
  const describe = useDescribeConflict(cat);
  const lang = currentLang();
  const tz = event.timezone;
  const isNew = id === 'new';
  const [form, setForm] = useState<Form | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [saved, setSaved] = useState(false);
  // a saved session changes the draft list, its conflicts and the conflicts page
  const { error, forField, run, busy } = useApiError({ invalidates: [eventPath(event.slug, '/sessions'), eventPath(event.slug, '/conflicts')] });
  const myBoards = (cat.boards.data ?? []).filter((b) => access.boards === null || access.boards.has(b.id));

  // the session as the server has it, through the shared cache; the form starts from each fresh answer
  const loaded = useApi<SessionView>(isNew ? null : eventPath(event.slug, `/sessions/${id}`));
  const loadError = loaded.error && !loaded.data ? loaded.error : null;
  const answeredAt = loaded.query.dataUpdatedAt;
  useEffect(() => {
    setSaved(false);
    setConflicts(null);
    if (isNew) {
      const day = `${event.startDate}T09:00`;
      const firstBoard = access.boards === null ? '' : String([...access.boards][0] ?? '');
      setForm({ code: '', kind: 'forum', boardId: firstBoard, title: emptyBi(), description: emptyBi(), roomId: '', startsAt: day, endsAt: `${event.startDate}T10:00`, expectedAudience: '', languages: 'zh, en', people: [] });
    } else setForm(null);
  }, [id, isNew, event.startDate, access.boards]);
  const session = loaded.data;
  useEffect(() => {
    if (!session || isNew) return;
    setForm(toForm(session, tz));
    setConflicts(session.conflicts);
    // answeredAt: a refetch with equal data still resets the form to what the server holds
  }, [session, answeredAt, isNew, tz]);

  // Live warnings: ask the server what this draft would clash with, a moment after the organiser stops typing.
  useEffect(() => {
    if (!form) return;
    const timer = setTimeout(() => {
      const { boardId, roomId, startsAt, endsAt, expectedAudience, people } = toBody(form, tz);
      api<{ conflicts: Conflict[] }>('POST', eventPath(event.slug, '/sessions/check'), { ...(isNew ? {} : { id: Number(id) }), boardId, roomId, startsAt, endsAt, expectedAudience, people })
        .then((r) => setConflicts(r.conflicts))
        .catch(() => undefined); // a half-typed time is not worth an error while typing; saving reports it
    }, 400);
    return () => clearTimeout(timer);
  }, [form, tz, event.slug, isNew, id]);

  if (loadError)
    return (
      <>
        <h2>{t('console.session.edit')}</h2>
        <p role="alert" className="error" data-code={loadError instanceof ApiError ? loadError.code : undefined}>
          {describeError(loadError)}
        </p>
        <p>
          <a href={href('e', event.slug, 'programme')}>{t('console.session.back')}</a>
        </p>
      </>
    );
  if (!form) return <QueryState of={loaded} />;

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setSaved(false);
    setForm({ ...form, [key]: value });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    const body = toBody(form, tz);
    const result = await run(() =>
      isNew ? api<SessionView>('POST', eventPath(event.slug, '/sessions'), body) : api<SessionView>('PATCH', eventPath(event.slug, `/sessions/${id}`), body),
    );
    if (!result) return;
    setConflicts(result.conflicts);
    setSaved(true);
    if (isNew) go('e', event.slug, 'sessions', result.id);
  }

  async function remove() {
    if (!window.confirm(t('console.session.confirmDelete'))) return;
    const done = await run(() => api('DELETE', eventPath(event.slug, `/sessions/${id}`)));
    if (done !== undefined) go('e', event.slug, 'programme');
  }

  const people = [...(cat.people.data ?? [])].sort((a, b) => a.nameLatin.localeCompare(b.nameLatin));

  return (
    <>
      <h2>{isNew ? t('console.session.new') : `${t('console.session.edit')} · ${form.code}`}</h2>
      <p>
        <a href={href('e', event.slug, 'programme')}>{t('console.session.back')}</a>
      </p>
      <div aria-live="polite" id="session-conflicts">
        {conflicts && conflicts.length > 0 && (
          <section className="warning" aria-labelledby="conflicts-title">
            <h3 id="conflicts-title">{t('console.session.conflicts', { count: conflicts.length })}</h3>
            <ul>
              {conflicts.map((c, i) => (
                <li key={i} data-kind={c.kind}>
                  {describe(c)}
                </li>
              ))}
            </ul>
          </section>
        )}
        {conflicts && conflicts.length === 0 && saved && <p className="ok">{t('console.session.noConflicts')}</p>}
      </div>
      <form onSubmit={(e) => void submit(e)} className="editor" aria-label={t('console.session.edit')}>
        <div className="row">
          <TextField label={t('console.session.code')} value={form.code} onChange={(v) => set('code', v)} required error={forField('code')} />
          <SelectField label={t('console.session.kind')} value={form.kind} onChange={(v) => set('kind', v as SessionKind)} error={forField('kind')}>
            {SESSION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`session.kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('console.programme.board')} value={form.boardId} onChange={(v) => set('boardId', v)} error={forField('boardId')}>
            {access.boards === null && <option value="">{t('console.session.noBoard')}</option>}
            {myBoards.map((b) => (
              <option key={b.id} value={b.id}>
                {b.code} · {pickText(b.title, lang)}
              </option>
            ))}
          </SelectField>
        </div>
        <BilingualField label={t('console.session.title')} name="title" value={form.title} onChange={(v) => set('title', v)} errorFor={forField} required />
        <BilingualField label={t('console.session.description')} name="description" value={form.description} onChange={(v) => set('description', v)} errorFor={forField} multiline />
        <div className="row">
          <SelectField label={t('console.session.room')} value={form.roomId} onChange={(v) => set('roomId', v)} error={forField('roomId')}>
            <option value="">{t('console.session.noRoom')}</option>
            {(cat.rooms.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {pickText(r.name, lang)}
                {r.capacity ? ` (${r.capacity})` : ''}
              </option>
            ))}
          </SelectField>
          <TextField label={t('console.session.startsAt')} type="datetime-local" value={form.startsAt} onChange={(v) => set('startsAt', v)} required error={forField('startsAt')} hint={t('console.session.timezone', { tz })} />
          <TextField label={t('console.session.endsAt')} type="datetime-local" value={form.endsAt} onChange={(v) => set('endsAt', v)} required error={forField('endsAt')} />
        </div>
        <div className="row">
          <TextField label={t('console.session.audience')} type="number" value={form.expectedAudience} onChange={(v) => set('expectedAudience', v)} error={forField('expectedAudience')} />
          <TextField label={t('console.session.languages')} value={form.languages} onChange={(v) => set('languages', v)} error={forField('languages')} hint={t('console.session.languagesHint')} />
        </div>
        <fieldset>
          <legend>{t('console.session.people')}</legend>
          {form.people.length === 0 && <p className="muted">{t('console.session.noPeople')}</p>}
          <ol className="people-rows">
            {form.people.map((p, i) => (
              <li key={i}>
                <select aria-label={t('console.session.person', { n: i + 1 })} value={p.personId} onChange={(e) => set('people', form.people.map((q, j) => (j === i ? { ...q, personId: e.target.value } : q)))}>
                  <option value="">{t('console.session.choosePerson')}</option>
                  {people.map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                      {person.name !== person.nameLatin ? ` (${person.nameLatin})` : ''}
                    </option>
                  ))}
                </select>
                <select aria-label={t('console.session.role', { n: i + 1 })} value={p.role} onChange={(e) => set('people', form.people.map((q, j) => (j === i ? { ...q, role: e.target.value as PersonRole } : q)))}>
                  {PERSON_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`console.role.${r}`)}
                    </option>
                  ))}
                </select>
                <button type="button" onClick={() => set('people', form.people.filter((_, j) => j !== i))}>
                  {t('console.session.removePerson', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => set('people', [...form.people, { personId: '', role: 'speaker' }])}>
            {t('console.session.addPerson')}
          </button>
          {forField('people') && (
            <p role="alert" className="error">
              {forField('people')}
            </p>
          )}
        </fieldset>
        <FormError error={error} fields={FIELDS} />
        <div className="actions">
          <SaveButton busy={busy} />
          <Saved show={saved} />
          {!isNew && (
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('console.session.delete')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}
