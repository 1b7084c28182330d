import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from '../shared/i18n.js';
import '../shared/base.css';
import './app.css';
import { App } from './App.js';

await setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Any build registers the worker (the test suite builds with NODE_ENV=test, so PROD is not the test); the dev
// server, which has no worker to serve, is the one place without it.
if ('serviceWorker' in navigator && !import.meta.hot) {
  const { registerSW } = await import('virtual:pwa-register');
  registerSW({ immediate: true });
}
