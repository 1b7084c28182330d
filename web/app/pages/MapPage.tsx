import { useTranslation } from 'react-i18next';
import type { SnapshotRoom } from '../../../src/modules/program/program.schema.js';
import { formatDay, formatTime } from '../../shared/format.js';
import { pickText } from '../../shared/i18n.js';
import { CartEntry } from '../cart/CartEntry.js';
import { Link, useLocation } from '../router.js';
import { Loading, useLang, useProgramme } from '../ui.js';

const W = 360;
const CELL_H = 64;
const GAP = 8;
const CORRIDOR = 28;

/**
 * The venue as a schematic floor plan, one SVG per floor, drawn from the rooms the programme names: two rows
 * of rooms either side of a corridor, each room a link (so Tab reaches it and Enter opens it).
 */
function Floor({ label, rooms, selected, headingId }: { label: string; rooms: SnapshotRoom[]; selected: number | null; headingId: string }) {
  const lang = useLang();
  const perRow = Math.max(1, Math.ceil(rooms.length / 2));
  const cellW = (W - GAP * (perRow + 1)) / perRow;
  const height = GAP * 2 + CELL_H * 2 + CORRIDOR;
  return (
    <section className="floor" aria-labelledby={headingId}>
      <h3 id={headingId}>{label}</h3>
      <svg viewBox={`0 0 ${W} ${height}`} role="group" aria-labelledby={headingId} className="plan">
        <rect x={1} y={1} width={W - 2} height={height - 2} rx={10} fill="#f9fafb" stroke="#374151" strokeWidth={2} />
        <rect x={GAP} y={GAP + CELL_H} width={W - GAP * 2} height={CORRIDOR} fill="#e5e7eb" />
        {rooms.map((room, i) => {
          const row = i < perRow ? 0 : 1;
          const col = row === 0 ? i : i - perRow;
          const x = GAP + col * (cellW + GAP);
          const y = row === 0 ? GAP : GAP + CELL_H + CORRIDOR;
          const on = room.id === selected;
          const name = pickText(room.name, lang);
          return (
            <Link key={room.id} to={`/map?room=${room.id}`} aria-label={name} aria-current={on ? 'location' : undefined} className="room">
              <rect x={x} y={y} width={cellW} height={CELL_H - GAP / 2} rx={6} fill={on ? '#1d4ed8' : '#dbeafe'} stroke="#1e3a8a" strokeWidth={on ? 3 : 1} />
              <foreignObject x={x + 4} y={y + 4} width={cellW - 8} height={CELL_H - GAP / 2 - 8}>
                <div className="room-label" style={{ color: on ? '#ffffff' : '#1e3a8a' }}>
                  {name}
                </div>
              </foreignObject>
            </Link>
          );
        })}
      </svg>
    </section>
  );
}

/** Venue map: tap a room to see what happens there and when. */
export default function MapPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const p = useProgramme();
  const { query } = useLocation();
  if (!p) return <Loading />;
  const selected = Number(query.get('room')) || null;
  const byFloor = new Map<string, SnapshotRoom[]>();
  for (const room of [...p.rooms].sort((a, b) => a.position - b.position)) {
    const key = room.floor ?? '';
    byFloor.set(key, [...(byFloor.get(key) ?? []), room]);
  }
  const floors = [...byFloor.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const room = selected === null ? undefined : p.rooms.find((r) => r.id === selected);
  const tz = p.event.timezone;
  const sessions = room ? p.sessions.filter((s) => s.roomId === room.id).sort((a, b) => a.startsAt.localeCompare(b.startsAt)) : [];
  return (
    <>
      <h2>{t('map.title')}</h2>
      {p.event.venue && <p className="muted">{pickText(p.event.venue.name, lang)}</p>}
      <CartEntry />
      <p className="muted">{t('map.hint')}</p>
      {room && (
        <section className="room-detail" aria-labelledby="room-title" aria-live="polite">
          <h3 id="room-title">{pickText(room.name, lang)}</h3>
          <p className="muted">
            {[room.floor && t('map.floor', { floor: room.floor }), room.capacity !== null && t('map.capacity', { n: room.capacity })].filter(Boolean).join(' · ')}
          </p>
          {sessions.length === 0 ? (
            <p className="muted">{t('map.noSessions')}</p>
          ) : (
            <ul className="plain">
              {sessions.map((s) => (
                <li key={s.id}>
                  {formatDay(s.startsAt, tz, lang)} {formatTime(s.startsAt, tz, lang)}–{formatTime(s.endsAt, tz, lang)} <Link to={`/sessions/${s.guid}`}>{pickText(s.title, lang)}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {floors.map((f) => (
        <Floor key={f || 'outside'} label={f ? t('map.floor', { floor: f }) : t('map.outside')} rooms={byFloor.get(f)!} selected={selected} headingId={`floor-${f || 'outside'}`} />
      ))}
    </>
  );
}
