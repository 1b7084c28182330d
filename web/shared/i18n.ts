import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import appEn from '../app/locales/en.json';
import appZh from '../app/locales/zh.json';
import consoleEn from '../console/locales/en.json';
import consoleZh from '../console/locales/zh.json';
import stationsEn from '../stations/locales/en.json';
import stationsZh from '../stations/locales/zh.json';
import sharedEn from './locales/en.json';
import sharedZh from './locales/zh.json';

// Each area keeps its own catalogue (so the app, console and stations can grow apart), and a feature may keep
// its strings in `<area>/locales/<feature>.en.json` + `.zh.json` beside them; top-level keys must not collide,
// which the translation test checks.
type Catalogue = Record<string, unknown>;
const featureFiles = import.meta.glob<Catalogue>('../*/locales/*.*.json', { eager: true, import: 'default' });
const feature = (lang: 'en' | 'zh'): Catalogue =>
  Object.assign({}, ...Object.entries(featureFiles).filter(([path]) => path.endsWith(`.${lang}.json`)).map(([, c]) => c)) as Catalogue;
const en = { ...sharedEn, ...appEn, ...consoleEn, ...stationsEn, ...feature('en') };
const zh = { ...sharedZh, ...appZh, ...consoleZh, ...stationsZh, ...feature('zh') };
export const catalogues = { en, zh };

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'huiwu.lang';

/** The language the person chose before, else the browser's first zh or en preference, else English. */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Lang {
  if (stored === 'zh' || stored === 'en') return stored;
  for (const tag of preferred) {
    const t = tag.toLowerCase();
    if (t.startsWith('zh')) return 'zh';
    if (t.startsWith('en')) return 'en';
  }
  return 'en';
}

export const resources = { en: { translation: en }, zh: { translation: zh } } as const;

export async function setupI18n(): Promise<typeof i18next> {
  const lng = detectLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages ?? [navigator.language]);
  await i18next.use(initReactI18next).init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false }, returnNull: false });
  document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
  return i18next;
}

export async function switchLanguage(lang: Lang): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  await i18next.changeLanguage(lang);
}

export const currentLang = (): Lang => (i18next.language === 'zh' ? 'zh' : 'en');
/** Bilingual text from the API in the reader's language, falling back to the other. */
export const pickText = (text: { zh: string; en: string } | null | undefined, lang: Lang = currentLang()): string =>
  text ? (lang === 'zh' ? text.zh || text.en : text.en || text.zh) : '';
