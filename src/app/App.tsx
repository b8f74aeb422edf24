import { Component, useState, type ReactNode } from 'react';
import type { LoadedExtract } from '../db/load-extract';
import { app as t } from '../i18n/zh';
import { Dashboard } from './Dashboard';
import { ErrorScreen, StartupScreen } from './StartupScreen';
import { extractBase } from './url-state';
import { problemsOf, useExtract } from './use-extract';
// After the components' own styles (maplibre's among them), so that the app's rules win.
import './app.css';

export function App() {
  const { query, step } = useExtract(extractBase(window.location.search));
  // An extract the user loaded in the page replaces the one the page started with.
  const [picked, setPicked] = useState<LoadedExtract | null>(null);
  if (query.error) return <ErrorScreen title={t.loadFailed} problems={problemsOf(query.error)} />;
  if (!query.data) return <StartupScreen step={step} />;
  const extract = picked ?? query.data.extract;
  return (
    <ErrorBoundary key={extract.id}>
      <Dashboard key={extract.id} conn={query.data.conn} extract={extract} profiles={query.data.profiles} onLoaded={setPicked} />
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
