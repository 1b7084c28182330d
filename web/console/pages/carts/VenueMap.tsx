import { useTranslation } from 'react-i18next';
import { pickText } from '../../../shared/i18n.js';

export interface MapStop {
  code: string;
  name: { zh: string; en: string };
  lat: number;
  lon: number;
  active?: boolean;
}
export interface MapLink {
  from: string;
  to: string;
}
export interface MapCart {
  code: string;
  seats: number;
  inService: boolean;
  stop: string | null;
  lat: number | null;
  lon: number | null;
  aboard: number;
  accessible: boolean;
}

const PAD = 36;
const CART_R = 11;

/**
 * A projection of the stops' bounding box onto the drawing: longitude is shrunk by cos(latitude) so that a
 * kilometre east is as long as a kilometre north (over a venue, a linear projection is exact enough).
 */
export function projection(stops: Array<{ lat: number; lon: number }>, width: number) {
  const lats = stops.map((s) => s.lat);
  const lons = stops.map((s) => s.lon);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  // as wide as the drawing, but never taller than it is wide
  const scale = Math.min((width - 2 * PAD) / spanX, (width - 2 * PAD) / spanY);
  const height = Math.max(160, Math.round(spanY * scale + 2 * PAD));
  // when the box is tall and narrow the width is not all used: centre it
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const at = (lat: number, lon: number) => ({
    x: clamp(offsetX + (lon - minLon) * k * scale, 4, width - 4),
    y: clamp(offsetY + (maxLat - lat) * scale, 4, height - 4),
  });
  return { at, height };
}

/** Pulls a segment's ends in by r at both sides, so that an arrow ends at the dot's edge, not under it. */
function shorten(a: { x: number; y: number }, b: { x: number; y: number }, r: number) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  return { x1: a.x + ux * r, y1: a.y + uy * r, x2: b.x - ux * r, y2: b.y - uy * r };
}

/**
 * The venue map: stops as labelled dots, road links as lines (one-way ones as arrows), carts as markers with
 * their load, and beside a stop the number of guests waiting there for their cart. Carts at the same place are spread round it so each stays visible and countable.
 */
export function VenueMap({ stops, links, carts = [], waiting = new Map(), width = 720, label }: { stops: MapStop[]; links: MapLink[]; carts?: MapCart[]; waiting?: Map<string, number>; width?: number; label: string }) {
  const { t } = useTranslation();
  if (stops.length === 0) return null;
  const { at, height } = projection(stops, width);
  const where = new Map(stops.map((s) => [s.code, at(s.lat, s.lon)]));
  const pairs = new Set(links.map((l) => `${l.from}>${l.to}`));
  const drawn = new Set<string>();
  const lines = links.flatMap((l) => {
    const a = where.get(l.from);
    const b = where.get(l.to);
    const twoWay = pairs.has(`${l.to}>${l.from}`);
    const key = twoWay ? [l.from, l.to].sort().join('|') : `${l.from}>${l.to}`;
    if (!a || !b || drawn.has(key)) return [];
    drawn.add(key);
    return [{ key, twoWay, ...shorten(a, b, 9) }];
  });

  // Carts at one place (a stop, mostly) are spread round it, far enough apart for each of them to show.
  const based = carts.flatMap((c) => {
    const base = c.lat !== null && c.lon !== null ? at(c.lat, c.lon) : c.stop ? where.get(c.stop) : undefined;
    return base ? [{ cart: c, base, spot: `${Math.round(base.x / 8)},${Math.round(base.y / 8)}` }] : [];
  });
  const together = new Map<string, number>();
  for (const b of based) together.set(b.spot, (together.get(b.spot) ?? 0) + 1);
  const placed = new Map<string, number>();
  const cartMarks = based.map(({ cart, base, spot }) => {
    const k = together.get(spot)!;
    const n = placed.get(spot) ?? 0;
    placed.set(spot, n + 1);
    // below the stop (its label is above) while they fit on a half circle, else all round it
    const half = k <= 4;
    const r = half ? Math.max(24, (k * CART_R * 3.3) / Math.PI) : (k * CART_R * 3.3) / (2 * Math.PI);
    const angle = half ? (Math.PI * (n + 0.5)) / k : Math.PI / 2 + (n / k) * 2 * Math.PI;
    return { cart, x: base.x + r * Math.cos(angle), y: base.y + r * Math.sin(angle) };
  });

  return (
    <svg className="venue-map" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
      <defs>
        <marker id="cart-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280" />
        </marker>
      </defs>
      <g className="links">
        {lines.map((l) => (
          <line key={l.key} className={l.twoWay ? 'link' : 'link one-way'} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} markerEnd={l.twoWay ? undefined : 'url(#cart-arrow)'} />
        ))}
      </g>
      <g className="stops">
        {stops.map((s) => {
          const p = where.get(s.code)!;
          return (
            <g key={s.code} className={s.active === false ? 'stop-marker inactive' : 'stop-marker'} data-stop={s.code} transform={`translate(${p.x} ${p.y})`}>
              <title>{`${s.code} · ${pickText(s.name)}${s.active === false ? ` (${t('cartsConsole.network.inactive')})` : ''}`}</title>
              <circle r={6} />
              <text y={-9} textAnchor="middle">
                {s.code}
              </text>
              {(waiting.get(s.code) ?? 0) > 0 && (
                <g className="waiting-badge" transform="translate(-16 0)">
                  <title>{t('cartsConsole.live.waitingAt', { n: waiting.get(s.code), stop: s.code })}</title>
                  <circle r={8} />
                  <text y={3.5} textAnchor="middle">
                    {waiting.get(s.code)}
                  </text>
                </g>
              )}
            </g>
          );
        })}
      </g>
      <g className="carts">
        {cartMarks.map(({ cart, x, y }) => (
          <g key={cart.code} className={`cart-marker${cart.inService ? '' : ' out'}${cart.accessible ? ' accessible' : ''}`} data-cart={cart.code} transform={`translate(${x} ${y})`}>
            <title>
              {`${cart.code} · ${t('cartsConsole.live.load', { aboard: cart.aboard, seats: cart.seats })}${cart.accessible ? ` · ${t('cartsConsole.fleet.accessible')}` : ''}${cart.inService ? '' : ` · ${t('cartsConsole.fleet.out')}`}`}
            </title>
            <rect x={-CART_R * 1.4} y={-CART_R} width={CART_R * 2.8} height={CART_R * 2} rx={4} className={cart.aboard >= cart.seats ? 'full' : cart.aboard > 0 ? 'busy' : 'idle'} />
            <text y={4} textAnchor="middle">
              {`${cart.aboard}/${cart.seats}`}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
