import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../src/modules/documents/documents.schema.js';
import { api, ApiError } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { recache, useAppData } from '../data.js';
import { Loading, useLang } from '../ui.js';

type Listing = { state: 'loading' } | { state: 'ready'; items: DocumentView[] } | { state: 'error'; message: string };

const sizeOf = (bytes: number, lang: 'zh' | 'en') => {
  const nf = (n: number) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf(bytes / 1024)} KB`;
  return `${nf(bytes / 1024 / 1024)} MB`;
};

/** The documents I may see (public ones, or those of my audience once logged in), each with a download link. */
export default function DocumentsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { slug, me } = useAppData();
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  // who is asking decides what may be seen: logging in or out reads the list again
  const who = me === undefined ? undefined : (me?.userId ?? 0);

  useEffect(() => {
    if (!slug || who === undefined) return;
    let live = true;
    const url = `/api/v1/events/${slug}/documents`;
    api<DocumentView[]>('GET', url).then(
      (items) => {
        if (!live) return;
        setListing({ state: 'ready', items });
        // a page the service worker does not control yet would not leave the list readable offline
        if (!navigator.serviceWorker?.controller) recache(url);
      },
      (e: unknown) => live && setListing({ state: 'error', message: e instanceof ApiError ? e.message : t('offline.needsNetwork') }),
    );
    return () => {
      live = false;
    };
  }, [slug, who, t]);

  if (listing.state === 'loading') return <Loading />;
  return (
    <>
      <h2>{t('documents.title')}</h2>
      {listing.state === 'error' ? (
        <p role="alert">{t('documents.failed', { message: listing.message })}</p>
      ) : listing.items.length === 0 ? (
        <p className="muted">{t('documents.empty')}</p>
      ) : (
        <ul className="documents">
          {listing.items.map((d) => {
            const title = pickText(d.title, lang);
            const description = pickText(d.description, lang);
            return (
              <li key={d.id} data-document={d.id}>
                <h3 className="document-title">{title}</h3>
                <p className="muted">
                  {t(`documents.kind.${d.kind}`)} · PDF, {sizeOf(d.file.size, lang)}
                </p>
                {description && <p className="prose">{description}</p>}
                <p>
                  <a href={`/api/v1/events/${slug}/documents/${d.id}/file`} className="download">
                    {t('documents.download')}
                    <span className="sr-only">: {title}</span>
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
