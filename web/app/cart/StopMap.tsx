import type { PublicStop } from '../../../src/modules/logistics/carts.schema.js';
import { pickText, type Lang } from '../../shared/i18n.js';

const W = 360;
const PAD = 22;

export interface MapCart {
  code: string;
  lat: number;
  lon: number;
}

/**
 * A small schematic map: every stop as a dot placed by its latitude and longitude over the stops' bounding box
 * (a venue is a few hundred metres across, so a linear projection with the longitude shrunk by cos(latitude) is
 * true enough), the guest's stop and destination marked, and the cart where it was last seen.
 */
export function StopMap({
  stops,
  from,
  to,
  cart,
  label,
  lang,
}: {
  stops: PublicStop[];
  from: string;
  to: string;
  cart: MapCart | null;
  label: string;
  lang: Lang;
}) {
  if (stops.length === 0) return null;
  const lats = [...stops.map((s) => s.lat), ...(cart ? [cart.lat] : [])];
  const lons = [...stops.map((s) => s.lon), ...(cart ? [cart.lon] : [])];
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const squeeze = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const spanX = Math.max((maxLon - minLon) * squeeze, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = (W - PAD * 2) / spanX;
  const H = Math.min(Math.max(spanY * scale + PAD * 2, 160), 420);
  const scaleY = Math.min(scale, (H - PAD * 2) / spanY);
  const x = (lon: number) => PAD + (lon - minLon) * squeeze * scale;
  const y = (lat: number) => H - PAD - (lat - minLat) * scaleY;
  const ordered = [...stops].sort((a, b) => Number(a.code === from || a.code === to) - Number(b.code === from || b.code === to));
  return (
    <svg className="cart-map" viewBox={`0 0 ${W} ${Math.round(H)}`} role="img" aria-label={label}>
      <rect x={1} y={1} width={W - 2} height={H - 2} rx={10} fill="#f9fafb" stroke="#9ca3af" />
      {ordered.map((s) => {
        const mark = s.code === from ? 'from' : s.code === to ? 'to' : null;
        return (
          <g key={s.code} className={mark ? `stop stop-${mark}` : 'stop'}>
            <circle
              cx={x(s.lon)}
              cy={y(s.lat)}
              r={mark ? 8 : 5}
              fill={mark === 'from' ? '#15803d' : mark === 'to' ? '#b91c1c' : '#6b7280'}
              stroke="#fff"
              strokeWidth={2}
            >
              <title>{pickText(s.name, lang)}</title>
            </circle>
            {mark && (
              <text
                x={x(s.lon)}
                y={y(s.lat) - 12}
                textAnchor={x(s.lon) < W / 3 ? 'start' : x(s.lon) > (W * 2) / 3 ? 'end' : 'middle'}
                fontSize={12}
                fontWeight={700}
                fill="#111827"
              >
                {pickText(s.name, lang)}
              </text>
            )}
          </g>
        );
      })}
      {cart && (
        <g className="cart-marker" data-cart={cart.code}>
          <rect x={x(cart.lon) - 16} y={y(cart.lat) - 10} width={32} height={20} rx={5} fill="#1d4ed8" stroke="#fff" strokeWidth={2} />
          <text x={x(cart.lon)} y={y(cart.lat) + 4} textAnchor="middle" fontSize={11} fontWeight={700} fill="#fff">
            {cart.code}
          </text>
        </g>
      )}
    </svg>
  );
}
