import type { Lang } from './i18n.js';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

/** Times are shown in the event's time zone, whatever the device is set to. */
export function formatTime(iso: string, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
}

export function formatDay(isoOrDate: string, timeZone: string, lang: Lang): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? new Date(`${isoOrDate}T12:00:00Z`) : new Date(isoOrDate);
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', month: 'long', day: 'numeric', timeZone }).format(d);
}

/** The calendar day (YYYY-MM-DD) of an instant in the event's time zone. */
export function dayKey(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A moment as day and time on the event's clock ("Tue 12 December 09:30"), whatever the device is set to. */
export function formatDateTime(iso: string, timeZone: string, lang: Lang): string {
  return `${formatDay(iso, timeZone, lang)} ${formatTime(iso, timeZone, lang)}`;
}
