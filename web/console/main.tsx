import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from '../shared/i18n.js';
import '../shared/base.css';
import './console.css';
import { Console } from './Console.js';

await setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Console />
  </StrictMode>,
);
