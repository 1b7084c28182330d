import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import type { Direction, GateBundle } from '../../src/modules/access/access.schema.js';
import { pickText } from '../shared/i18n.js';
import { GateStore, type ShownScan } from './gate-store.js';
import { FaceCheckPanel, useStationImage } from './FaceCheck.js';
import { CameraScanner, WedgeInput } from './scanner.js';

const GATE_KEY = 'huiwu.gate.choice';

type Lane = 'badge' | 'face';

interface Choice {
  gate: string;
  direction: Direction;
  /** a face-only lane identifies enrolled guests 1:N; a badge lane offers the 1:1 face check after a scan */
  lane?: Lane;
}

/** The gate: pick gate and direction, scan, see the verdict at once, large, with the reason. */
export function GateStation({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const store = useMemo(() => new GateStore(slug), [slug]);
  useEffect(() => store.start(), [store]);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [choice, setChoice] = useState<Choice | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(GATE_KEY) ?? 'null') as Choice | null;
    } catch {
      return null;
    }
  });
  const [shown, setShown] = useState<ShownScan | null>(null);

  const choose = (c: Choice | null) => {
    setChoice(c);
    if (c) localStorage.setItem(GATE_KEY, JSON.stringify(c));
    else localStorage.removeItem(GATE_KEY);
    setShown(null);
  };

  const onCode = useCallback(
    (code: string) => {
      if (!choice) return;
      const local = store.scan(code, choice.gate, choice.direction, (answered) =>
        setShown((now) => (now?.nonce === answered.nonce ? answered : now)),
      );
      if (local) setShown(local);
      // a refusal is felt as well as seen, for staff looking at the person rather than the screen
      if (local?.decision.verdict === 'refuse') navigator.vibrate?.([120, 60, 120]);
    },
    [choice, store],
  );

  const bundle = snap.bundle;
  const gate = bundle && choice ? bundle.gates.find((g) => g.code === choice.gate) : undefined;

  return (
    <section className="gate" aria-labelledby="gate-title">
      <div className="status-bar" role="status">
        <span className={snap.online ? 'online' : 'offline'}>{snap.online ? t('gateStation.online') : t('gateStation.offline')}</span>
        <span data-testid="queue">{t('gateStation.queued', { count: snap.queued })}</span>
        {snap.conflicts > 0 && <span className="conflicts">{t('gateStation.conflicts', { count: snap.conflicts })}</span>}
        {bundle && (
          <span className="muted">
            {t('gateStation.people', { count: bundle.people.length })} ·{' '}
            {t('gateStation.dataFrom', {
              at: new Intl.DateTimeFormat(i18n.language === 'zh' ? 'zh-CN' : 'en-GB', {
                timeZone: bundle.event.timezone,
                dateStyle: 'short',
                timeStyle: 'short',
              }).format(new Date(bundle.generatedAt)),
            })}
          </span>
        )}
      </div>
      {bundle && <Rehearsal bundle={bundle} store={store} offset={snap.rehearsalOffset} />}
      {!bundle ? (
        <p className="notice">{snap.online ? t('gateStation.loading') : t('gateStation.noBundle')}</p>
      ) : !choice || !gate ? (
        <ChooseGate bundle={bundle} onChoose={choose} />
      ) : (
        <>
          <h2 id="gate-title" className="gate-title">
            {pickText(gate.name)} · <span className={`dir dir-${choice.direction}`}>{t(`gateStation.${choice.direction}`)}</span>
            <button type="button" className="link" onClick={() => choose(null)}>
              {t('gateStation.change')}
            </button>
          </h2>
          {choice.lane === 'face' && (
            <>
              <p className="face-hint">{t('face.laneFaceHint')}</p>
              <FaceCheckPanel slug={slug} gate={choice.gate} onAdmit={onCode} />
            </>
          )}
          <WedgeInput id="scan" label={t('gateStation.scanLabel')} onCode={onCode} />
          <CameraScanner onCode={onCode} />
          {shown && <Verdict shown={shown} bundle={bundle} slug={slug} gate={choice.gate} faceCheck={choice.lane !== 'face'} />}
        </>
      )}
    </section>
  );
}

/**
 * Outside the event's days (before the first, after the day after the last) every badge is refused as expired:
 * the station offers to rehearse at event time. While rehearsing the clock it decides and uploads with is shown
 * for good, so nobody takes it for the real day.
 */
function Rehearsal({ bundle, store, offset }: { bundle: GateBundle; store: GateStore; offset: number | null }) {
  const { t } = useTranslation();
  const { timezone: zone, startDate, endDate } = bundle.event;
  const [value, setValue] = useState(`${startDate}T08:30`);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (offset === null) return;
    setTick(Date.now());
    const id = window.setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(id);
  }, [offset]);

  if (offset !== null) {
    const at = DateTime.fromMillis(tick + offset).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
    return (
      <div className="rehearsal rehearsal-on" data-testid="rehearsal-clock">
        <p className="rehearsal-clock">{t('gateStation.rehearsal.clock', { at: `${at} (${zone})` })}</p>
        <p>{t('gateStation.rehearsal.note')}</p>
        <button type="button" onClick={() => store.rehearseAt(null)}>
          {t('gateStation.rehearsal.back')}
        </button>
      </div>
    );
  }
  const today = DateTime.now().setZone(zone).toISODate()!;
  const dayAfter = DateTime.fromISO(endDate, { zone }).plus({ days: 1 }).toISODate()!;
  if (today >= startDate && today <= dayAfter) return null;
  return (
    <form
      className="rehearsal"
      aria-labelledby="rehearsal-offer"
      onSubmit={(e) => {
        e.preventDefault();
        const at = DateTime.fromISO(value, { zone });
        if (at.isValid) store.rehearseAt(at.toJSDate());
      }}
    >
      <p id="rehearsal-offer">
        <strong>{t('gateStation.rehearsal.outside', { first: startDate, last: endDate })}</strong>
      </p>
      <label htmlFor="rehearsal-at">{t('gateStation.rehearsal.at', { zone })}</label>
      <br />
      <input id="rehearsal-at" type="datetime-local" required value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="primary">
        {t('gateStation.rehearsal.start')}
      </button>
    </form>
  );
}

function ChooseGate({ bundle, onChoose }: { bundle: GateBundle; onChoose: (c: Choice) => void }) {
  const { t } = useTranslation();
  const [gate, setGate] = useState(bundle.gates[0]?.code ?? '');
  const [direction, setDirection] = useState<Direction>('entry');
  const [lane, setLane] = useState<Lane>('badge');
  return (
    <form
      className="choose-gate"
      aria-labelledby="gate-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (gate) onChoose({ gate, direction, lane });
      }}
    >
      <h2 id="gate-title">{t('gateStation.choose')}</h2>
      <label htmlFor="gate-select">{t('gateStation.gate')}</label>
      <select id="gate-select" value={gate} onChange={(e) => setGate(e.target.value)}>
        {bundle.gates.map((g) => (
          <option key={g.code} value={g.code}>
            {g.code} · {pickText(g.name)}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t('gateStation.direction')}</legend>
        {(['entry', 'exit'] as const).map((d) => (
          <label key={d} className="radio">
            <input type="radio" name="direction" value={d} checked={direction === d} onChange={() => setDirection(d)} />
            {t(`gateStation.${d}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('face.laneLabel')}</legend>
        {(['badge', 'face'] as const).map((l) => (
          <label key={l} className="radio">
            <input type="radio" name="lane" value={l} checked={lane === l} onChange={() => setLane(l)} />
            {t(l === 'badge' ? 'face.laneBadge' : 'face.laneFace')}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary">
        {t('gateStation.open')}
      </button>
    </form>
  );
}

/** The verdict: green or red across the screen, the reason in words, who it is. */
function Verdict({ shown, bundle, slug, gate, faceCheck }: { shown: ShownScan; bundle: GateBundle; slug: string; gate: string; faceCheck: boolean }) {
  const { t } = useTranslation();
  const verdict = shown.server?.verdict ?? shown.decision.verdict;
  const code = shown.server?.code ?? shown.decision.code;
  const guestId = shown.server?.person?.guestId ?? shown.decision.guestId;
  const person = guestId !== null ? bundle.people.find((p) => p.guestId === guestId) : undefined;
  const category = person ? bundle.categories.find((c) => c.id === person.categoryId) : undefined;
  const name = shown.server?.person?.name ?? person?.name;
  const latin = shown.server?.person?.nameLatin ?? person?.nameLatin;
  // fetched with the station's credentials: an <img src> cannot carry a scanner's device token
  const photo = useStationImage(guestId !== null && name ? `/api/v1/events/${slug}/guests/${guestId}/photo` : null);
  return (
    <div className={`verdict verdict-${verdict}`} role="alert" data-verdict={verdict} data-code={code} data-nonce={shown.nonce}>
      <p className="verdict-word">{verdict === 'admit' ? t('gateStation.admit') : t('gateStation.refuse')}</p>
      <p className="verdict-reason">{t(`gateStation.code.${code}`)}</p>
      {name && (
        <div className="verdict-person">
          {photo ? (
            <img src={photo} alt={t('stations.photoOf', { name })} />
          ) : (
            <div className="photo-placeholder" role="img" aria-label={t('stations.noPhoto')}>
              {name.slice(0, 1)}
            </div>
          )}
          <div>
            <p className="person-name">{name}</p>
            {latin && latin !== name && <p>{latin}</p>}
            {person?.organisation && <p>{person.organisation}</p>}
            {category && (
              <p>
                <span className="category-chip" style={{ background: category.color }} aria-hidden="true" /> {pickText(category.name)}
              </p>
            )}
          </div>
        </div>
      )}
      {faceCheck && verdict === 'admit' && guestId !== null && <FaceCheckPanel slug={slug} gate={gate} guestId={guestId} />}
      {!shown.unsent && (
        <p className="verdict-meta">
          {shown.server ? t('gateStation.confirmed') : shown.offline ? t('gateStation.decidedOffline') : t('gateStation.sending')}
        </p>
      )}
    </div>
  );
}
