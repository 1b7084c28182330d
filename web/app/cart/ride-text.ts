import type { TFunction } from 'i18next';
import type { RideView } from '../../../src/modules/logistics/carts.schema.js';
import { pickText, type Lang } from '../../shared/i18n.js';

/** Clock time of an instant, in the event's zone when known (else the phone's). */
export function clock(iso: string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** The honest refusal: how long the longest acceptable wait is and how long this one would have been. */
export function refusalText(
  t: TFunction,
  ride: Pick<RideView, 'refusal' | 'estimatedWaitSeconds' | 'party' | 'wheelchair'>,
  maxWaitSeconds: number | null,
): string {
  if (ride.refusal === 'no_suitable_cart')
    return t(ride.wheelchair ? 'cart.refusedNoCartWheelchair' : 'cart.refusedNoCart', { n: ride.party });
  const max = maxWaitSeconds === null ? '?' : Math.round(maxWaitSeconds / 60);
  if (ride.estimatedWaitSeconds === null) return t('cart.refusedNoEstimate', { max });
  return t('cart.refusedWait', { max, wait: Math.max(1, Math.ceil(ride.estimatedWaitSeconds / 60)) });
}

/** The ride's state in one sentence, for the live region. */
export function statusText(t: TFunction, ride: RideView, lang: Lang, timeZone?: string): string {
  const from = pickText(ride.from.name, lang);
  const to = pickText(ride.to.name, lang);
  switch (ride.status) {
    case 'assigned':
      return t('cart.status.assigned', { cart: ride.cart?.code ?? '—', from });
    case 'onboard':
      return t('cart.status.onboard', { to, time: ride.eta ? clock(ride.eta, lang, timeZone) : '—' });
    case 'refused':
      return refusalText(t, ride, null);
    default:
      return t(`cart.status.${ride.status}`, { from, to });
  }
}
