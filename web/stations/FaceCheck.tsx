import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaceCheckView } from '../../src/modules/faces/faces.schema.js';
import type { z } from 'zod';
import { ApiError } from '../shared/api.js';
import { useCamera } from './scanner.js';
import { stationFetch, stationImage, unreachable } from './station-api.js';
import './face-check.css';

type FaceCheck = z.infer<typeof FaceCheckView>;

/** frames are sent at most this long on their long side: faces stay ≥ 100 px, uploads stay small */
const SEND_LONG_SIDE = 1280;

/** A photo, a captured frame or a file, scaled down to SEND_LONG_SIDE as a JPEG. */
async function toJpeg(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  const scale = Math.min(1, SEND_LONG_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no frame'))), 'image/jpeg', 0.9));
}

async function fileToJpeg(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file).catch(() => null);
  // not decodable here (HEIC on some browsers): the server decodes and names what is wrong
  if (!bitmap) return file;
  try {
    return await toJpeg(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** A protected photo URL fetched with the station's credentials, as an object URL for an <img>. */
export function useStationImage(path: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    let made: string | null = null;
    setUrl(null);
    if (path)
      void stationImage(path).then((u) => {
        made = u;
        if (gone && u) URL.revokeObjectURL(u);
        else setUrl(u);
      });
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [path]);
  return url;
}

type State =
  | { kind: 'idle' }
  | { kind: 'checking'; live: string }
  | { kind: 'done'; live: string; result: FaceCheck }
  | { kind: 'refused'; live: string | null; message: string }
  | { kind: 'offline'; live: string | null };

/**
 * The face check at a gate. With `guestId` it verifies the badge just scanned (1:1); without it, it identifies
 * the face in a face-only lane (1:N) and offers to admit the person found through the usual badge decision. The
 * officer always sees the enrolled photo beside the live face, with the similarity and the threshold: a phone
 * camera cannot tell a face from a photo of one, so the officer, not the engine, has the last word.
 */
export function FaceCheckPanel({ slug, gate, guestId, onAdmit }: { slug: string; gate: string; guestId?: number; onAdmit?: (credential: string) => void }) {
  const { t } = useTranslation();
  const [camera, setCamera] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const video = useRef<HTMLVideoElement>(null);
  const lastLive = useRef<string | null>(null);
  /** the camera shows frames: only then can one be sent */
  const ready = useCamera(camera, video, (message) => {
    setError(message);
    setCamera(false);
  }, SEND_LONG_SIDE);

  // the live frames are the station's own object URLs: let go of them
  useEffect(() => () => void (lastLive.current && URL.revokeObjectURL(lastLive.current)), []);
  useEffect(() => setState({ kind: 'idle' }), [guestId]);

  async function send(frame: Blob) {
    if (lastLive.current) URL.revokeObjectURL(lastLive.current);
    const live = URL.createObjectURL(frame);
    lastLive.current = live;
    setState({ kind: 'checking', live });
    const query = new URLSearchParams({ gate, ...(guestId !== undefined ? { guestId: String(guestId) } : {}) });
    try {
      const { data } = await stationFetch<FaceCheck>('POST', `/api/v1/events/${slug}/face-checks?${query}`, frame);
      setState({ kind: 'done', live, result: data });
    } catch (err) {
      if (unreachable(err)) setState({ kind: 'offline', live });
      else setState({ kind: 'refused', live, message: err instanceof ApiError ? err.message : String(err) });
    }
  }

  async function capture() {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    await send(await toJpeg(v, v.videoWidth, v.videoHeight));
  }

  return (
    <section className="face-check" aria-label={guestId !== undefined ? t('face.verifyTitle') : t('face.identifyTitle')}>
      <div className="face-actions">
        <button type="button" className="secondary" aria-pressed={camera} onClick={() => (setError(null), setCamera(!camera))}>
          {camera ? t('face.cameraStop') : t('face.cameraStart')}
        </button>
        {camera && (
          <button type="button" className="primary" onClick={() => void capture()} disabled={!ready || state.kind === 'checking'}>
            {guestId !== undefined ? t('face.verify') : t('face.identify')}
          </button>
        )}
        <label className="file-button">
          {t('face.photo')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void fileToJpeg(file).then(send);
            }}
          />
        </label>
      </div>
      {error && (
        <p role="alert" className="notice">
          {t('stations.cameraError', { detail: error })}
        </p>
      )}
      <video
        ref={video}
        hidden={!camera}
        muted
        playsInline
        aria-label={t('face.cameraView')}
        className="face-video"
      />
      <FaceResult state={state} onAdmit={onAdmit} />
    </section>
  );
}

function FaceResult({ state, onAdmit }: { state: State; onAdmit: ((credential: string) => void) | undefined }) {
  const { t } = useTranslation();
  const result = state.kind === 'done' ? state.result : null;
  const enrolled = useStationImage(result?.person?.photoUrl ?? null);
  if (state.kind === 'idle') return null;
  if (state.kind === 'checking') return <p className="face-status" role="status">{t('face.checking')}</p>;
  if (state.kind === 'offline') return <p className="notice face-status" role="alert">{t('face.offline')}</p>;
  if (state.kind === 'refused') return <p className="notice face-status" role="alert" data-face-outcome="refused">{state.message}</p>;
  const r = state.result;
  const person = r.person;
  const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)} %`);
  return (
    <div className={`face-result face-${r.match ? 'match' : 'nomatch'}`} role="alert" data-face-outcome={r.outcome}>
      <p className="face-outcome">{t(`face.outcome.${r.outcome}`)}</p>
      <div className="face-pair">
        <figure>
          <img className="face-live" src={state.live} alt={t('face.liveAlt')} />
          <figcaption>{t('face.live')}</figcaption>
        </figure>
        <figure>
          {enrolled ? <img src={enrolled} alt={t('face.enrolledAlt', { name: person?.name ?? '' })} /> : <div className="photo-placeholder">{person?.name.slice(0, 1) ?? '?'}</div>}
          <figcaption>{t('face.enrolled')}</figcaption>
        </figure>
      </div>
      {person && (
        <p className="person-name">
          {person.name}
          {person.nameLatin !== person.name ? ` · ${person.nameLatin}` : ''}
          {person.organisation ? ` · ${person.organisation}` : ''}
        </p>
      )}
      <p className="face-figures" data-testid="face-figures">
        {t('face.figures', { similarity: pct(r.similarity), threshold: pct(r.threshold) })}
        {r.margin !== null && ` · ${t('face.margin', { margin: pct(r.margin), min: pct(r.minMargin) })}`}
        {r.faces > 1 && ` · ${t('face.several', { count: r.faces })}`}
      </p>
      <p className="face-officer">{t('face.officer')}</p>
      {r.mode === '1:N' && r.match && person && onAdmit &&
        (person.credential ? (
          <button type="button" className="primary" onClick={() => onAdmit(person.credential!)}>
            {t('face.admit', { name: person.name })}
          </button>
        ) : (
          <p className="notice">{t('face.noBadge')}</p>
        ))}
    </div>
  );
}
