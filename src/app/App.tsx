import { Component, useState, type ReactNode } from 'react';
import type { LoadedExtract } from '../db/load-extract';
import { app as t } from '../i18n/zh';
import { Dashboard } from './Dashboard';
import { ErrorScreen, StartupScreen } from './StartupScreen';
import { extractBase } from './url-state';
import { EngineStartError, problemsOf, useExtract } from './use-extract';
import { EngineStatus } from './first-paint/EngineStatus';
import { CountyData } from './county-data';
// After the components' own styles (maplibre's among them), so that the app's rules win.
import './app.css';

export function App() {
  const { loaded, first, step } = useExtract(extractBase(window.location.search));
  // An extract the user loaded in the page replaces the one the page started with.
  const [picked, setPicked] = useState<LoadedExtract | null>(null);
  // The first view, drawn from the extract's aggregates, stays when DuckDB fails to start; a refused extract does not.
  const early = first.data ?? null;
  if (loaded.error && !(loaded.error instanceof EngineStartError && early)) return <ErrorScreen title={t.loadFailed} problems={problemsOf(loaded.error)} />;
  const shown = loaded.data ?? early;
  if (!shown) return <StartupScreen step={step} />;
  const extract = picked ?? shown.extract;
  const status = loaded.data ? null : <EngineStatus step={step} error={loaded.error} />;
  const onLoaded = (another: LoadedExtract) => {
    // Its tables replaced the start's: no county of the start's extract is loaded into them any more.
    loaded.data?.counties?.close();
    setPicked(another);
  };
  return (
    <ErrorBoundary key={extract.id}>
      <CountyData store={picked ? null : (loaded.data?.counties ?? null)} conn={shown.conn} extract={extract}>
        {(conn, shownExtract) => <Dashboard key={extract.id} conn={conn} extract={shownExtract} profiles={shown.profiles} onLoaded={onLoaded} status={status} />}
      </CountyData>
    </ErrorBoundary>
  );
}

/** Any failure while drawing becomes a Chinese message, never a blank page. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error) return <ErrorScreen title={t.pageFailed} problems={problemsOf(this.state.error)} />;
    return this.props.children;
  }
}
