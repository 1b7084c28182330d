import { formatDay, formatTime } from '../../../shared/format.js';
import type { Lang } from '../../../shared/i18n.js';

export interface WindowLike {
  startsAt: string | null;
  endsAt: string | null;
}

/** A zone window in words on the event's clock: "whole event", "from …", "until …" or "Mon 4 December 09:00–12:00". */
export function describeWindow(w: WindowLike, tz: string, lang: Lang, words: { whole: string; from: string; until: string }): string {
  const at = (iso: string) => `${formatDay(iso, tz, lang)} ${formatTime(iso, tz, lang)}`;
  if (!w.startsAt && !w.endsAt) return words.whole;
  if (w.startsAt && !w.endsAt) return `${words.from} ${at(w.startsAt)}`;
  if (!w.startsAt && w.endsAt) return `${words.until} ${at(w.endsAt)}`;
  const sameDay = formatDay(w.startsAt!, tz, lang) === formatDay(w.endsAt!, tz, lang);
  return sameDay ? `${at(w.startsAt!)}–${formatTime(w.endsAt!, tz, lang)}` : `${at(w.startsAt!)} – ${at(w.endsAt!)}`;
}
