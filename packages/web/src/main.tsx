// First: it must run before any schema of the protocol is built (see the file).
import './app/zod-without-eval.js';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App.js';
import { SessionProvider } from './app/session.js';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    // The SDK already retries what may be retried (429/503 after Retry-After).
    queries: { retry: false, refetchOnWindowFocus: true, staleTime: 5_000 },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
