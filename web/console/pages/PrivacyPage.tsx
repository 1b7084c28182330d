import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonExport, Registrants, ShredReport } from '../../../src/platform/privacy/privacy.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { currentLang } from '../../shared/i18n.js';
import { QueryState, useApi } from '../../shared/query.js';
import { useEvent } from '../access.js';
import { FormError, TextField, useApiError } from '../fields.js';

/** Offers a JSON value as a file download, named after the person and the event. */
function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '—';

/** A subject-access request: look a person up by e-mail or guest id, see what each module holds, download it. */
function PersonLookup() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [person, setPerson] = useState('');
  const [found, setFound] = useState<{ person: string; data: PersonExport } | null>(null);
  const { error, forField, run, busy } = useApiError();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFound(null);
    const wanted = person.trim();
    const data = await run(() => api<PersonExport>('GET', eventPath(event.slug, `/privacy/export?person=${encodeURIComponent(wanted)}`)));
    if (data) setFound({ person: wanted, data });
  }

  return (
    <section aria-labelledby="privacy-export">
      <h3 id="privacy-export">{t('privacyConsole.export.title')}</h3>
      <p className="hint">{t('privacyConsole.export.hint')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <TextField label={t('privacyConsole.export.person')} value={person} onChange={setPerson} required error={forField('person')} />
        <FormError error={error} fields={['person']} />
        <button type="submit" disabled={busy}>
          {t('privacyConsole.export.look')}
        </button>
      </form>
      {found && (
        <div aria-live="polite">
          <table>
            <caption>{t('privacyConsole.export.found', { person: found.person })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('privacyConsole.module')}</th>
                <th scope="col">{t('privacyConsole.export.records')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(found.data).map(([module, records]) => (
                <tr key={module}>
                  <th scope="row">{module}</th>
                  <td>{records.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => download(`${event.slug}-${found.person.replace(/[^A-Za-z0-9@._-]/g, '_')}.json`, found.data)}>
            {t('privacyConsole.export.download')}
          </button>
        </div>
      )}
    </section>
  );
}

function ShredTable({ report }: { report: ShredReport }) {
  const { t } = useTranslation();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('privacyConsole.module')}</th>
          <th scope="col">{t('privacyConsole.shred.removed')}</th>
          <th scope="col">{t('privacyConsole.shred.kept')}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(report.modules).map(([module, o]) => (
          <tr key={module}>
            <th scope="row">{module}</th>
            <td>{counts(o.removed)}</td>
            <td>{counts(o.kept)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The event shredder: a dry run shows what will be removed; the organiser confirms that list to shred. */
function Shredder() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const ended = event.endDate < new Date().toISOString().slice(0, 10);
  const [force, setForce] = useState(false);
  const [preview, setPreview] = useState<ShredReport | null>(null);
  const [done, setDone] = useState<ShredReport | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const { error, run, busy } = useApiError();
  const shred = (dryRun: boolean) => api<ShredReport>('POST', eventPath(event.slug, '/privacy/shred'), { force: !ended && force, dryRun });

  async function previewShred() {
    setDone(null);
    setConfirmed(false);
    setPreview((await run(() => shred(true))) ?? null);
  }
  async function shredNow() {
    const report = await run(() => shred(false));
    if (report) {
      setDone(report);
      setPreview(null);
      setConfirmed(false);
    }
  }

  return (
    <section aria-labelledby="privacy-shred">
      <h3 id="privacy-shred">{t('privacyConsole.shred.title')}</h3>
      <p className="hint">{ended ? t('privacyConsole.shred.ended', { end: event.endDate }) : t('privacyConsole.shred.running', { end: event.endDate })}</p>
      {!ended && (
        <label>
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> {t('privacyConsole.shred.force')}
        </label>
      )}
      <FormError error={error} fields={[]} />
      <button type="button" onClick={() => void previewShred()} disabled={busy || (!ended && !force)}>
        {t('privacyConsole.shred.preview')}
      </button>
      {preview && (
        <div role="region" aria-label={t('privacyConsole.shred.confirmTitle')}>
          <h4>{t('privacyConsole.shred.confirmTitle')}</h4>
          <ShredTable report={preview} />
          <label>
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {t('privacyConsole.shred.confirm', { event: event.slug })}
          </label>
          <button type="button" className="danger" onClick={() => void shredNow()} disabled={busy || !confirmed}>
            {t('privacyConsole.shred.now')}
          </button>
        </div>
      )}
      {done && (
        <div aria-live="polite">
          <p>{t('privacyConsole.shred.done', { event: done.event })}</p>
          <ShredTable report={done} />
        </div>
      )}
    </section>
  );
}

/** Privacy / 隐私: what each module holds and why, one person's data as JSON, and the shredder after the event. */
export function PrivacyPage() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const registrants = useApi<Registrants>(eventPath(event.slug, '/privacy/registrants'));
  const zh = currentLang() === 'zh';
  return (
    <div>
      <h2>{t('privacyConsole.title')}</h2>
      <PersonLookup />
      <Shredder />
      <section aria-labelledby="privacy-holds">
        <h3 id="privacy-holds">{t('privacyConsole.holds.title')}</h3>
        <QueryState of={registrants}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacyConsole.module')}</th>
                <th scope="col">{t('privacyConsole.holds.what')}</th>
                <th scope="col">{t('privacyConsole.holds.why')}</th>
                <th scope="col">{t('privacyConsole.holds.retention')}</th>
              </tr>
            </thead>
            <tbody>
              {registrants.data?.flatMap((r) =>
                r.holds.map((h, i) => {
                  // the modules say it in English, and in Chinese where they give it
                  const [text, lang] = zh && h.zh ? [h.zh, 'zh-CN'] : [h, 'en'];
                  return (
                    <tr key={`${r.module}-${i}`}>
                      <th scope="row">{i === 0 ? r.module : ''}</th>
                      <td lang={lang}>{text.what}</td>
                      <td lang={lang}>{text.why}</td>
                      <td lang={lang}>{text.retention}</td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </QueryState>
      </section>
    </div>
  );
}
