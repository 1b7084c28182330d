import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../shared/api.js';

/**
 * The photo for the badge: chosen from the phone's camera or files and sent at once; the server judges it by
 * content and says why it refuses one (not a photo, too small, blurry, too dark...), which is shown as an alert.
 */
export function PhotoUpload({ url, hasPhoto, disabled }: { url: string; hasPhoto: boolean; disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'ok' | 'refused'; message?: string; preview?: string }>({
    kind: hasPhoto ? 'ok' : 'idle',
  });

  const send = async (file: File) => {
    setState({ kind: 'busy' });
    const form = new FormData();
    form.append('photo', file, file.name);
    try {
      // the one API client: a signed-in head sends the session's CSRF token; the invitation link needs none
      const data = await api<{ width?: number; height?: number }>('POST', url, form, { timeoutMs: 60_000 });
      setState({
        kind: 'ok',
        message: t('registration.photo.accepted', { width: data?.width, height: data?.height }),
        preview: URL.createObjectURL(file),
      });
    } catch (e) {
      // the server's refusal says why, in the guest's language; no answer at all is the network's fault
      setState({ kind: 'refused', message: e instanceof ApiError ? e.message : t('registration.network') });
    }
  };

  return (
    <section className="photo" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('registration.photo.title')}</h3>
      <p className="muted" id={`${id}-hint`}>
        {t('registration.photo.hint')}
      </p>
      <label htmlFor={`${id}-file`}>{t('registration.photo.choose')}</label>
      <input
        id={`${id}-file`}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/heic"
        capture="user"
        aria-describedby={`${id}-hint`}
        disabled={disabled || state.kind === 'busy'}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void send(file);
        }}
      />
      {state.kind === 'busy' && <p role="status">{t('registration.photo.checking')}</p>}
      {state.kind === 'refused' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      {state.kind === 'ok' && <p role="status">{state.message ?? t('registration.photo.present')}</p>}
      {state.preview && <img src={state.preview} alt={t('registration.photo.previewAlt')} className="photo-preview" />}
    </section>
  );
}
