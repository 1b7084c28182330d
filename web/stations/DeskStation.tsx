import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskGuest, DeskSearchResult, HandOutResult } from '../../src/modules/accreditation/desk.schema.js';
import { ApiError } from '../shared/api.js';
import { pickText } from '../shared/i18n.js';
import { stationGet, stationPost } from './station-api.js';
import { CameraScanner, WedgeInput } from './scanner.js';

/** The event's local time of an instant, as the desk reads it. */
function localTime(iso: string, timezone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: timezone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(new Date(iso));
}

/** The badge desk: find the guest (name in any script, or the invitation QR), compare face and photo, hand out. */
export function DeskStation({ slug, timezone }: { slug: string; timezone: string }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<DeskSearchResult | null>(null);
  const [guest, setGuest] = useState<DeskGuest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // each lookup shows a fresh card (a guest found again must not keep the last card's "handed out" state)
  const [lookup, setLookup] = useState(0);

  async function run<T>(work: () => Promise<T>): Promise<T | null> {
    setError(null);
    setBusy(true);
    try {
      return await work();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('stations.unreachable'));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function search(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) return;
    // a scanner types into whatever has the focus: an invitation link in the search box is a scan
    if (/\/register\/[^/\s]+/.test(q)) {
      const code = q.trim();
      setQ('');
      return scanned(code);
    }
    const found = await run(() => stationGet<DeskSearchResult>(`/api/v1/events/${slug}/desk/guests?q=${encodeURIComponent(q.trim())}`));
    if (found) {
      setLookup((n) => n + 1);
      setResults(found);
      setGuest(found.guests.length === 1 ? found.guests[0]! : null);
    }
  }

  async function scanned(code: string) {
    const found = await run(() => stationGet<DeskGuest>(`/api/v1/events/${slug}/desk/invitation?code=${encodeURIComponent(code)}`));
    if (found) {
      setLookup((n) => n + 1);
      setResults(null);
      setGuest(found);
    }
  }

  return (
    <section className="desk" aria-labelledby="desk-title">
      <h2 id="desk-title">{t('deskStation.title')}</h2>
      <form className="search" role="search" onSubmit={(e) => void search(e)}>
        <label htmlFor="desk-q">{t('deskStation.searchLabel')}</label>
        <div className="wedge-row">
          <input id="desk-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
          <button type="submit" disabled={busy}>
            {t('deskStation.search')}
          </button>
        </div>
      </form>
      <details className="scan-invitation">
        <summary>{t('deskStation.scanInvitation')}</summary>
        <WedgeInput id="desk-scan" label={t('deskStation.scanLabel')} onCode={(c) => void scanned(c)} />
        <CameraScanner onCode={(c) => void scanned(c)} />
      </details>
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
      {results && !guest && (
        <div>
          <p role="status">
            {results.guests.length === 0 ? t('deskStation.none') : t('deskStation.found', { count: results.guests.length })}
          </p>
          <ul className="desk-results">
            {results.guests.map((g) => (
              <li key={g.id}>
                <button type="button" className="result" onClick={() => setGuest(g)}>
                  <strong>{g.name}</strong> {g.nameLatin !== g.name && <span>{g.nameLatin}</span>}{' '}
                  <span className="muted">{g.organisation}</span>{' '}
                  {g.category && <span className="muted">· {pickText(g.category.name)}</span>}
                </button>
              </li>
            ))}
          </ul>
          {results.truncated && <p className="muted">{t('deskStation.truncated')}</p>}
        </div>
      )}
      {guest && (
        <GuestCard
          key={`${guest.id}-${lookup}`}
          guest={guest}
          slug={slug}
          when={(iso) => localTime(iso, timezone, i18n.language)}
          onBack={results && results.guests.length > 1 ? () => setGuest(null) : null}
          onHandedOut={(g) => setGuest(g)}
        />
      )}
    </section>
  );
}

function GuestCard({
  guest,
  slug,
  when,
  onBack,
  onHandedOut,
}: {
  guest: DeskGuest;
  slug: string;
  when: (iso: string) => string;
  onBack: (() => void) | null;
  onHandedOut: (g: DeskGuest) => void;
}) {
  const { t } = useTranslation();
  const [photo, setPhoto] = useState(guest.hasPhoto);
  const [checked, setChecked] = useState(false);
  const [answer, setAnswer] = useState<HandOutResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setPhoto(guest.hasPhoto), [guest.hasPhoto]);

  const blocked =
    guest.status !== 'approved'
      ? t('deskStation.notApproved', { status: t(`deskStation.status.${guest.status}`) })
      : !guest.credentialCurrent
        ? t('deskStation.noCredential')
        : null;

  async function handOut() {
    setBusy(true);
    setError(null);
    try {
      const res = await stationPost<HandOutResult>(`/api/v1/events/${slug}/desk/guests/${guest.id}/hand-out`, { identityChecked: true });
      setAnswer(res);
      onHandedOut(res.guest);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('stations.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="guest-card" aria-labelledby="guest-name">
      <div className="guest-photo">
        {photo ? (
          <img src={guest.photoUrl} alt={t('stations.photoOf', { name: guest.name })} onError={() => setPhoto(false)} />
        ) : (
          <div className="photo-placeholder large" role="img" aria-label={t('stations.noPhoto')}>
            {guest.name.slice(0, 1)}
          </div>
        )}
      </div>
      <div className="guest-facts">
        <h3 id="guest-name">{guest.name}</h3>
        {guest.nameLatin !== guest.name && <p className="latin">{guest.nameLatin}</p>}
        <dl>
          {guest.organisation && (
            <>
              <dt>{t('deskStation.organisation')}</dt>
              <dd>{guest.organisation}</dd>
            </>
          )}
          {guest.category && (
            <>
              <dt>{t('deskStation.category')}</dt>
              <dd>
                <span className="category-chip" style={{ background: guest.category.color }} aria-hidden="true" />{' '}
                {pickText(guest.category.name)}
              </dd>
            </>
          )}
          {guest.delegation && (
            <>
              <dt>{t('deskStation.delegation')}</dt>
              <dd>{pickText(guest.delegation.name)}</dd>
            </>
          )}
          {guest.country && (
            <>
              <dt>{t('deskStation.country')}</dt>
              <dd>{guest.country}</dd>
            </>
          )}
        </dl>
        {guest.badgeCollectedAt ? (
          <p className="collected" role="status" data-testid="collected">
            {answer?.code === 'handed_out'
              ? t('deskStation.handedOut', { at: when(guest.badgeCollectedAt) })
              : t('deskStation.alreadyCollected', { at: when(guest.badgeCollectedAt) })}
          </p>
        ) : blocked ? (
          <p className="notice" role="status">
            {blocked}
          </p>
        ) : (
          <div className="hand-out">
            <label className="check">
              <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
              {t('deskStation.identityChecked')}
            </label>
            <button type="button" className="primary big" disabled={!checked || busy} onClick={() => void handOut()}>
              {t('deskStation.handOut')}
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="notice">
            {error}
          </p>
        )}
        {onBack && (
          <button type="button" className="link" onClick={onBack}>
            {t('deskStation.back')}
          </button>
        )}
      </div>
    </article>
  );
}
