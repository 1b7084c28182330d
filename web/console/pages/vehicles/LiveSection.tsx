import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../../shared/format.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { SelectField } from '../../fields.js';
import { eventPath } from '../../../shared/api.js';
import { QueryState, useApi, useLiveStream } from '../../../shared/query.js';
import { type CameraView, DECISIONS, type PassageView, type PermitView } from './types.js';

const REFRESH_MS = 3000;
/** while the push works, polling only backs it up */
const BACKUP_MS = 30_000;
const HOUR_MS = 3600_000;

/** A passage's image enlarged over the page; Escape or the button closes it and gives focus back. */
function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="image-viewer" role="dialog" aria-modal="true" aria-label={alt}>
      <img src={src} alt={alt} />
      <button type="button" ref={close} onClick={onClose}>
        {t('vehiclesConsole.live.closeImage')}
      </button>
    </div>
  );
}

/** The live log: every passage with its decision large and coloured, the reason, the permit's owner and the images. */
export function LiveSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const [camera, setCamera] = useState('');
  const [decision, setDecision] = useState('');
  const [enlarged, setEnlarged] = useState<{ src: string; alt: string; from: HTMLElement | null } | null>(null);
  const query = new URLSearchParams({ limit: '100' });
  if (camera) query.set('camera', camera);
  if (decision) query.set('decision', decision);
  // the server pushes each passage as a camera reports it; each push makes the lists stale, so they ask again at once
  const live = useLiveStream(eventPath(event.slug, '/vehicle-passages/stream'), { invalidates: [eventPath(event.slug, '/vehicle-passages')], events: ['passage'] });
  const every = live ? BACKUP_MS : REFRESH_MS;
  const log = useApi<PassageView[]>(eventPath(event.slug, `/vehicle-passages?${query.toString()}`), { refetchInterval: every, keepPrevious: true });
  const passages = log.data;
  // the tiles count the last hour whatever the filters: the newest 500 passages are enough for an hour of entrances
  const { data: recent } = useApi<PassageView[]>(eventPath(event.slug, '/vehicle-passages?limit=500'), { refetchInterval: every });
  const cameras = useApi<CameraView[]>(eventPath(event.slug, '/cameras'));
  const permits = useApi<PermitView[]>(eventPath(event.slug, '/vehicle-permits'));

  const permitById = useMemo(() => new Map((permits.data ?? []).map((p) => [p.id, p])), [permits.data]);
  // a passage naming a permit added since the list was read: read it again
  const reloadPermits = permits.reload;
  const missing = (passages ?? []).some((p) => p.permitId !== null && permits.data && !permitById.has(p.permitId));
  useEffect(() => {
    if (missing) reloadPermits();
  }, [missing, reloadPermits]);

  const tiles = useMemo(() => {
    const counts = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<(typeof DECISIONS)[number], number>;
    const from = Date.now() - HOUR_MS;
    for (const p of recent ?? []) if (Date.parse(p.lastSeenAt) >= from) counts[p.decision] += 1;
    return counts;
  }, [recent]);

  const cameraName = new Map((cameras.data ?? []).map((c) => [c.code, pickText(c.name, lang)]));
  const cameraLabel = (code: string) => (cameraName.has(code) ? `${cameraName.get(code)} (${code})` : code);
  const imagePath = (id: number, n: number) => eventPath(event.slug, `/vehicle-passages/${id}/images/${n}`);

  const closeViewer = () => {
    const from = enlarged?.from;
    setEnlarged(null);
    from?.focus();
  };

  return (
    <section aria-labelledby="vehicle-live-title">
      <h3 id="vehicle-live-title">
        {t('vehiclesConsole.live.title')} <span className={live ? 'live' : 'muted'} data-testid="passages-live">
          {live ? t('vehiclesConsole.live.pushed') : t('vehiclesConsole.live.refresh')}
        </span>
      </h3>
      <dl className="figures vehicle-tiles" aria-label={t('vehiclesConsole.live.lastHour')}>
        {DECISIONS.map((d) => (
          <div key={d}>
            <dt>{t(`vehiclesConsole.decision.${d}`)}</dt>
            <dd className={d} data-testid={`vehicle-tile-${d}`}>
              {tiles[d]}
            </dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('vehiclesConsole.live.lastHourHint')}</p>
      <div className="vehicle-filters">
        <SelectField label={t('vehiclesConsole.live.camera')} value={camera} onChange={setCamera}>
          <option value="">{t('vehiclesConsole.live.allCameras')}</option>
          {(cameras.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {cameraLabel(c.code)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vehiclesConsole.live.decision')} value={decision} onChange={setDecision}>
          <option value="">{t('vehiclesConsole.live.allDecisions')}</option>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {t(`vehiclesConsole.decision.${d}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryState of={log} />
      {passages && (
        <table className="grid vehicle-passages">
          <caption>{t('vehiclesConsole.live.caption', { n: passages.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('vehiclesConsole.live.time')}</th>
              <th scope="col">{t('vehiclesConsole.live.camera')}</th>
              <th scope="col">{t('vehiclesConsole.live.plate')}</th>
              <th scope="col">{t('vehiclesConsole.live.decision')}</th>
              <th scope="col">{t('vehiclesConsole.live.reason')}</th>
              <th scope="col">{t('vehiclesConsole.live.owner')}</th>
              <th scope="col">{t('vehiclesConsole.live.images')}</th>
            </tr>
          </thead>
          <tbody>
            {passages.length === 0 ? (
              <tr>
                <td colSpan={7}>{t('vehiclesConsole.live.none')}</td>
              </tr>
            ) : (
              passages.map((p) => {
                const permit = p.permitId === null ? undefined : permitById.get(p.permitId);
                return (
                  <tr key={p.id} className={`passage-${p.decision}`} data-passage={p.id}>
                    <td>
                      {formatTime(p.lastSeenAt, event.timezone, lang)}
                      {p.reports > 1 && <span className="muted"> {t('vehiclesConsole.live.reports', { n: p.reports })}</span>}
                    </td>
                    <td>{cameraLabel(p.camera)}</td>
                    <th scope="row" className="plate-read">
                      {p.plateRead ?? '–'}
                    </th>
                    <td>
                      <span className={`decision ${p.decision}`}>{t(`vehiclesConsole.decision.${p.decision}`)}</span>
                    </td>
                    <td className="reason">
                      {t(`vehiclesConsole.reason.${p.reason}`, { defaultValue: p.reason, plate: permit?.plateText ?? '' })}
                      {p.decision === 'officer' && <span className="act-now">{t('vehiclesConsole.live.actNow')}</span>}
                    </td>
                    <td className="owner">{permit ? `${permit.owner ?? '–'} · ${permit.plateText}` : '–'}</td>
                    <td>
                      <div className="thumbs">
                        {p.images.map((_, n) => {
                          const alt = t('vehiclesConsole.live.imageAlt', { n: n + 1, plate: p.plateRead ?? '–', camera: p.camera });
                          return (
                            <button key={n} type="button" aria-label={t('vehiclesConsole.live.enlarge', { alt })} onClick={(e) => setEnlarged({ src: imagePath(p.id, n), alt, from: e.currentTarget })}>
                              <img src={imagePath(p.id, n)} alt="" loading="lazy" />
                            </button>
                          );
                        })}
                        {p.images.length === 0 && '–'}
                      </div>
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      )}
      {enlarged && <ImageViewer src={enlarged.src} alt={enlarged.alt} onClose={closeViewer} />}
    </section>
  );
}
