import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Input for QR codes from the two kinds of scanner a station has: a USB/Bluetooth scanner that types the code
 * and Enter into the focused field (a "keyboard wedge"), and the device camera. The field keeps the focus after
 * each scan so the next badge needs no tap.
 */
export function WedgeInput({ label, onCode, id }: { label: string; onCode: (code: string) => void; id: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  function submit(e: FormEvent) {
    e.preventDefault();
    const code = text.trim();
    setText('');
    ref.current?.focus();
    if (code) onCode(code);
  }
  return (
    <form className="wedge" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <div className="wedge-row">
        <input
          id={id}
          ref={ref}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="go"
        />
        <button type="submit">{t('stations.check')}</button>
      </div>
    </form>
  );
}

interface Detector {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}

/** The browser's own QR detector when it has one (Chrome on Android), otherwise zxing-wasm from our own build. */
async function makeDetector(): Promise<(video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>> {
  const Native = (globalThis as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => Detector }).BarcodeDetector;
  if (Native) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const [{ prepareZXingModule, readBarcodes }, { default: wasmUrl }] = await Promise.all([
    import('zxing-wasm/reader'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  // the .wasm is an asset of our build: never the package's default CDN (the gate may have no internet at all)
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path),
    },
    fireImmediately: true,
  });
  return async (video, canvas) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(video, 0, 0, w, h);
    const results = await readBarcodes(ctx.getImageData(0, 0, w, h), { formats: ['QRCode'], tryHarder: false, maxNumberOfSymbols: 1 });
    return results.find((r) => r.isValid)?.text ?? null;
  };
}

/** How long a code must be out of view before the camera reports it again. */
const GONE_MS = 1500;

/**
 * While `on`, the device's back camera plays in `video` (at about `width` px wide when given); answers true once
 * it shows frames. The tracks stop when `on` goes false or the component goes, also when that happens while the
 * camera is still being opened. A camera that cannot be opened is reported once through `onError`.
 */
export function useCamera(on: boolean, video: RefObject<HTMLVideoElement | null>, onError: (message: string) => void, width?: number): boolean {
  const [ready, setReady] = useState(false);
  const fail = useRef(onError);
  fail.current = onError;
  useEffect(() => {
    setReady(false);
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', ...(width ? { width: { ideal: width } } : {}) }, audio: false });
        if (stopped) {
          stream.getTracks().forEach((track) => track.stop());
          return;
        }
        const v = video.current!;
        v.srcObject = stream;
        await v.play();
        if (stopped) return;
        if (v.videoWidth > 0) setReady(true);
        else v.addEventListener('loadeddata', () => !stopped && setReady(true), { once: true });
      } catch (err) {
        if (!stopped) fail.current(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [on, video, width]);
  return ready;
}

/** The camera scanner: decodes frames in the browser and reports each badge once while it stays in view. */
export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const callback = useRef(onCode);
  callback.current = onCode;
  const ready = useCamera(on, video, (message) => {
    setError(message);
    setOn(false);
  });

  useEffect(() => {
    if (!ready) return;
    let stopped = false;
    // a badge held in front of the camera is one scan: the same code counts again only after it left the view
    let last = { code: '', seen: 0 };
    void (async () => {
      const detect = await makeDetector();
      while (!stopped) {
        const code = await detect(video.current!, canvas.current!).catch(() => null);
        const now = Date.now();
        if (code && (code !== last.code || now - last.seen > GONE_MS)) callback.current(code);
        if (code) last = { code, seen: now };
        await new Promise((r) => setTimeout(r, 120));
      }
    })().catch((err: unknown) => {
      setError(err instanceof Error ? err.message : String(err));
      setOn(false);
    });
    return () => {
      stopped = true;
    };
  }, [ready]);

  return (
    <div className="camera">
      <button
        type="button"
        className="secondary"
        aria-pressed={on}
        onClick={() => {
          setError(null);
          setOn(!on);
        }}
      >
        {on ? t('stations.cameraStop') : t('stations.cameraStart')}
      </button>
      {error && (
        <p role="alert" className="notice">
          {t('stations.cameraError', { detail: error })}
        </p>
      )}
      <video ref={video} hidden={!on} muted playsInline aria-label={t('stations.cameraView')} />
      <canvas ref={canvas} hidden />
    </div>
  );
}
