import { useTranslation } from 'react-i18next';
import { switchLanguage, type Lang } from './i18n.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span>{t('lang.label')}</span>
      <select value={i18n.language} onChange={(e) => void switchLanguage(e.target.value as Lang)}>
        <option value="zh">{t('lang.zh')}</option>
        <option value="en">{t('lang.en')}</option>
      </select>
    </label>
  );
}
