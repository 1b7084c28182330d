import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '../../../../src/modules/accreditation/accreditation.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, SelectField, TextField, useApiError, type Bi } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';
import { fromLocalInput, toLocalInput } from '../../time.js';
import { describeWindow } from './windows.js';
import type { ZoneView } from '../../types.js';

type ZoneList = ZoneView[];
interface WindowRow {
  key: number;
  zoneId: string;
  start: string;
  end: string;
}
let nextKey = 1;
const swatch = (background: string) => ({ display: 'inline-block', width: '0.9em', height: '0.9em', borderRadius: '2px', verticalAlign: 'middle', background });

function CategoryForm({ category, zones, onSaved }: { category: CategoryView | null; zones: ZoneList; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const tz = event.timezone;
  const [code, setCode] = useState(category?.code ?? '');
  const [name, setName] = useState<Bi>(category?.name ?? emptyBi());
  const [color, setColor] = useState(category?.color ?? '#1d4ed8');
  const [windows, setWindows] = useState<WindowRow[]>(
    () =>
      category?.zones.map((z) => ({ key: nextKey++, zoneId: String(z.zoneId), start: z.startsAt ? toLocalInput(z.startsAt, tz) : '', end: z.endsAt ? toLocalInput(z.endsAt, tz) : '' })) ?? [],
  );
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const touch = <T,>(f: (v: T) => void) => (v: T) => (setSaved(false), f(v));
  const setWindow = (key: number, patch: Partial<WindowRow>) => (setSaved(false), setWindows((ws) => ws.map((w) => (w.key === key ? { ...w, ...patch } : w))));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      code,
      name,
      color,
      zones: windows.map((w) => ({ zoneId: Number(w.zoneId), startsAt: w.start ? fromLocalInput(w.start, tz) : null, endsAt: w.end ? fromLocalInput(w.end, tz) : null })),
    };
    const path = category ? eventPath(event.slug, `/categories/${category.id}`) : eventPath(event.slug, '/categories');
    const saved = await run(() => api<CategoryView>(category ? 'PATCH' : 'POST', path, body));
    if (saved) {
      setSaved(true);
      if (!category) {
        setCode('');
        setName(emptyBi());
        setWindows([]);
      }
      onSaved();
    }
  }
  async function remove() {
    if (!category || !window.confirm(t('accreditation.categories.confirmDelete'))) return;
    const done = await run(() => api('DELETE', eventPath(event.slug, `/categories/${category.id}`)));
    if (done !== undefined) onSaved();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={category ? pickText(category.name) : t('accreditation.categories.new')}>
      <div className="row">
        <TextField label={t('accreditation.categories.code')} value={code} onChange={touch(setCode)} error={forField('code')} required hint={t('accreditation.categories.codeHint')} />
        <label>
          {t('accreditation.categories.color')}
          <input type="color" value={color} onChange={(e) => (setSaved(false), setColor(e.target.value))} aria-invalid={forField('color') ? true : undefined} />
        </label>
      </div>
      <BilingualField label={t('accreditation.categories.name')} name="name" value={name} onChange={touch(setName)} errorFor={forField} required />
      <fieldset>
        <legend>{t('accreditation.categories.windows')}</legend>
        <p className="muted">{t('accreditation.categories.windowsHint', { tz })}</p>
        {windows.map((w, i) => (
          <div className="row zone-window" key={w.key} data-testid="zone-window">
            <SelectField label={t('accreditation.zone')} value={w.zoneId} onChange={(v) => setWindow(w.key, { zoneId: v })} error={forField(`zones.${i}.zoneId`)}>
              {zones.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.code} · {pickText(z.name)}
                </option>
              ))}
            </SelectField>
            <TextField label={t('accreditation.categories.from')} type="datetime-local" value={w.start} onChange={(v) => setWindow(w.key, { start: v })} error={forField(`zones.${i}.startsAt`)} />
            <TextField label={t('accreditation.categories.until')} type="datetime-local" value={w.end} onChange={(v) => setWindow(w.key, { end: v })} error={forField(`zones.${i}.endsAt`)} />
            <button type="button" onClick={() => (setSaved(false), setWindows((ws) => ws.filter((x) => x.key !== w.key)))}>
              {t('accreditation.categories.removeWindow')}
            </button>
          </div>
        ))}
        <button
          type="button"
          disabled={zones.length === 0}
          onClick={() => (setSaved(false), setWindows((ws) => [...ws, { key: nextKey++, zoneId: String(zones[0]?.id ?? ''), start: '', end: '' }]))}
        >
          {t('accreditation.categories.addWindow')}
        </button>
      </fieldset>
      <FormError error={error} fields={['code', 'name', 'color', 'zones']} />
      <div className="actions">
        <SaveButton busy={busy} label={category ? undefined : t('accreditation.categories.add')} />
        <Saved show={saved} />
        {category && (
          <button type="button" className="danger" onClick={() => void remove()} disabled={category.guests > 0} title={category.guests > 0 ? t('accreditation.categories.inUse', { count: category.guests }) : undefined}>
            {t('accreditation.categories.delete')}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * Categories as a zone × category matrix (each cell: the windows in which the category opens the zone, on the
 * event's clock), and an editor per category whose zone windows are saved as a whole.
 */
export function CategoriesSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const categories = useApi<CategoryView[]>(eventPath(event.slug, '/categories'));
  const zones = useApi<ZoneList>(eventPath(event.slug, '/zones'));
  const lang = currentLang();
  const words = { whole: t('accreditation.windows.whole'), from: t('accreditation.windows.from'), until: t('accreditation.windows.until') };
  const cats = categories.data ?? [];
  const zoneList = zones.data ?? [];
  return (
    <section aria-labelledby="categories-title">
      <h3 id="categories-title">{t('accreditation.section.categories')}</h3>
      <QueryState of={[categories, zones]} />
      {cats.length > 0 && zoneList.length > 0 && (
        <div className="table-scroll">
          <table className="grid accreditation-matrix">
            <caption>{t('accreditation.matrix.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accreditation.zone')}</th>
                {cats.map((c) => (
                  <th scope="col" key={c.id}>
                    <span className="swatch" style={swatch(c.color)} aria-hidden="true" /> {pickText(c.name, lang)}
                    <span className="muted"> ({c.code})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {zoneList.map((z) => (
                <tr key={z.id}>
                  <th scope="row">
                    {z.code} · {pickText(z.name, lang)}
                  </th>
                  {cats.map((c) => {
                    const ws = c.zones.filter((w) => w.zoneId === z.id);
                    return (
                      <td key={c.id} className={ws.length ? 'granted' : 'denied'} style={ws.length ? { boxShadow: `inset 4px 0 0 ${c.color}` } : undefined}>
                        {ws.length === 0 ? (
                          <span aria-label={t('accreditation.matrix.denied')}>–</span>
                        ) : (
                          ws.map((w, i) => <div key={i}>{describeWindow(w, event.timezone, lang, words)}</div>)
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cats.map((c) => (
        <details key={c.id}>
          <summary>
            <span className="swatch" style={swatch(c.color)} aria-hidden="true" /> {pickText(c.name, lang)} <span className="muted">· {c.code} · {t('accreditation.categories.holders', { count: c.guests })}</span>
          </summary>
          {/* keyed by content: a save that the server normalises (colour case, UTC) refreshes the form */}
          <CategoryForm key={JSON.stringify(c)} category={c} zones={zoneList} onSaved={categories.reload} />
        </details>
      ))}
      {zones.data && (
        <details>
          <summary>{t('accreditation.categories.new')}</summary>
          <CategoryForm category={null} zones={zoneList} onSaved={categories.reload} />
        </details>
      )}
    </section>
  );
}
