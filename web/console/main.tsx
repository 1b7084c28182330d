import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from '../shared/i18n.js';
import { makeQueryClient } from '../shared/query.js';
import '../shared/base.css';
import './console.css';
import { Console } from './Console.js';

await setupI18n();
// one cache for the whole console: every page reads and refreshes the server's state through it
const queryClient = makeQueryClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Console />
    </QueryClientProvider>
  </StrictMode>,
);
