import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { setupI18n } from '../shared/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import '../shared/base.css';

/** Stations (badge desk, gate, driver) arrive with their issues; this is where they will be listed. */
function Stations() {
  const { t } = useTranslation();
  return (
    <>
      <header className="bar">
        <h1>{t('stations.title')}</h1>
        <LanguageSwitch />
      </header>
      <main>
        <p>{t('stations.none')}</p>
      </main>
    </>
  );
}

await setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Stations />
  </StrictMode>,
);
