import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { browserConnector } from './db/browser-engine';
import { browserParquetDecoder } from './db/browser-parquet';

// DuckDB (its worker fetching and compiling 34 MB of wasm) and parquet-wasm start before the app's own code is
// loaded: the app (maps, charts; a few MB of JavaScript) is a separate chunk, fetched and parsed meanwhile. A
// failure here is reported when the app asks for the engine (which then tries again).
browserConnector().catch(() => undefined);
browserParquetDecoder().catch(() => undefined);
const { App } = await import('./app/App');

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
