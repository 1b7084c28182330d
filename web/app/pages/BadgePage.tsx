import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyBadge } from '../../../src/modules/accreditation/badges.schema.js';
import { api, ApiError } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { Link } from '../router.js';
import { Loading, useLang } from '../ui.js';

/** What the page keeps in localStorage: the last badge the server answered, and when. */
interface Saved {
  badge: MyBadge;
  savedAt: string;
}
type View = { state: 'loading' } | { state: 'none'; message: string } | { state: 'badge'; saved: Saved; stale: boolean } | { state: 'error'; message: string };

const keyOf = (slug: string, userId: number) => `huiwu.badge.${slug}.${userId}`;
function readSaved(key: string): Saved | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Saved) : null;
  } catch {
    return null;
  }
}

/**
 * My badge: the signed credential as a large QR code, with my name and category colour, so a gate can scan the
 * phone when the printed badge is not at hand. The last badge is kept on the device: it shows without network.
 */
export default function BadgePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { slug, me } = useAppData();
  const [view, setView] = useState<View>({ state: 'loading' });
  const [qr, setQr] = useState<string | null>(null);
  const userId = me?.userId;

  useEffect(() => {
    if (!slug || !userId) return;
    let live = true;
    const key = keyOf(slug, userId);
    const saved = readSaved(key);
    if (saved) setView({ state: 'badge', saved, stale: true });
    api<MyBadge>('GET', `/api/v1/events/${slug}/my/badge`).then(
      (badge) => {
        if (!live) return;
        const fresh = { badge, savedAt: new Date().toISOString() };
        localStorage.setItem(key, JSON.stringify(fresh));
        setView({ state: 'badge', saved: fresh, stale: false });
      },
      (e: unknown) => {
        if (!live) return;
        // the server says there is no badge (revoked, not approved yet): a kept one must not be shown as valid
        if (e instanceof ApiError && e.status === 404) {
          localStorage.removeItem(key);
          setView({ state: 'none', message: e.message });
        } else if (!saved) setView({ state: 'error', message: e instanceof ApiError ? e.message : t('offline.needsNetwork') });
      },
    );
    return () => {
      live = false;
    };
  }, [slug, userId, t]);

  const payload = view.state === 'badge' ? view.saved.badge.payload : null;
  useEffect(() => {
    if (!payload) return setQr(null);
    let live = true;
    QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => live && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [payload]);

  if (me === undefined) return <Loading />;
  if (me === null)
    return (
      <>
        <h2>{t('badge.title')}</h2>
        <p>{t('badge.login')}</p>
        <p>
          <Link to="/login">{t('login.title')}</Link>
        </p>
      </>
    );
  if (view.state === 'loading') return <Loading />;
  if (view.state !== 'badge')
    return (
      <>
        <h2>{t('badge.title')}</h2>
        <p role={view.state === 'error' ? 'alert' : undefined} className="muted">
          {view.state === 'none' ? t('badge.none') : view.message}
        </p>
      </>
    );
  const { badge, savedAt } = view.saved;
  const color = /^#[0-9a-f]{6}$/i.test(badge.category.color) ? badge.category.color : '#555555';
  return (
    <>
      <h2>{t('badge.title')}</h2>
      <article className="my-badge" data-category={badge.category.code} style={{ border: `3px solid ${color}`, borderRadius: 12, overflow: 'hidden', maxWidth: 360, margin: '0 auto', background: '#fff', color: '#111' }}>
        <p style={{ margin: 0, padding: '0.5rem', textAlign: 'center', fontSize: '0.85rem' }}>{pickText(badge.event.name, lang)}</p>
        <div style={{ padding: '0 1rem', textAlign: 'center' }}>
          <p className="badge-name" style={{ fontSize: '1.8rem', fontWeight: 700, margin: '0.25rem 0' }}>
            {badge.name}
          </p>
          {badge.nameLatin !== badge.name && (
            <p className="badge-latin" style={{ margin: 0 }}>
              {badge.nameLatin}
            </p>
          )}
          {badge.organisation && (
            <p className="muted" style={{ margin: '0.25rem 0' }}>
              {badge.organisation}
            </p>
          )}
        </div>
        <p className="badge-category" style={{ background: color, color: '#fff', textAlign: 'center', fontWeight: 700, fontSize: '1.2rem', padding: '0.4rem', margin: '0.5rem 0' }}>
          {pickText(badge.category.name, lang)}
        </p>
        <p className="badge-zones" style={{ textAlign: 'center', margin: '0.25rem 0', letterSpacing: '0.05em' }}>
          {badge.zones.join(' · ')}
        </p>
        <div style={{ padding: '0.5rem 1rem 1rem', textAlign: 'center' }}>
          {qr ? <img className="badge-qr" src={qr} alt={t('badge.qrAlt')} data-payload={badge.payload} style={{ width: '100%', maxWidth: 320, imageRendering: 'pixelated' }} /> : <Loading />}
        </div>
      </article>
      {view.stale && (
        <p className="notice" role="status">
          {t('badge.saved', { time: new Date(savedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}
        </p>
      )}
      <p className="muted">{t('badge.hint')}</p>
    </>
  );
}
