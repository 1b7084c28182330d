import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';

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
      // a signed-in head sends the session's CSRF token; the invitation link needs none
      const csrf = sessionStorage.getItem('huiwu.csrf');
      const res = await fetch(url, {
        method: 'POST',
        body: form,
        credentials: 'same-origin',
        headers: { 'accept-language': i18next.language === 'zh' ? 'zh-CN' : 'en', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });
      const data = (await res.json().catch(() => null)) as { width?: number; height?: number; error?: { message: string } } | null;
      if (!res.ok) return setState({ kind: 'refused', message: data?.error?.message ?? res.statusText });
      setState({
        kind: 'ok',
        message: t('registration.photo.accepted', { width: data?.width, height: data?.height }),
        preview: URL.createObjectURL(file),
      });
    } catch {
      setState({ kind: 'refused', message: t('registration.network') });
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
