import { useCallback, useEffect, useState } from 'react';
import { parseView, serializeView, type ViewState } from './url-state';

/** The view state, read from and written to the URL (history entries, so Back works). */
export function useView(): [ViewState, (next: ViewState) => void] {
  const [view, setViewState] = useState<ViewState>(() => parseView(window.location.search));
  useEffect(() => {
    const onPop = () => setViewState(parseView(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const setView = useCallback((next: ViewState) => {
    const search = serializeView(next, window.location.search);
    if (search !== window.location.search) window.history.pushState(null, '', `${window.location.pathname}${search}`);
    setViewState(next);
  }, []);
  return [view, setView];
}
