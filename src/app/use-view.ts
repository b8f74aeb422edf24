import { useCallback, useEffect, useState } from 'react';
import { canonicalSearch, parseView, serializeView, type ViewState } from './url-state';

/** Takes malformed view values out of the address bar, in place (no history entry). */
function cleanAddressBar() {
  const search = canonicalSearch(window.location.search);
  if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}

/**
 * The view state, read from and written to the URL: a history entry per change, so Back works, or with
 * `replace` (the big screen's auto-tour) none. Malformed values are dropped from the address bar as they are read.
 */
export function useView(): [ViewState, (next: ViewState, options?: { replace?: boolean }) => void] {
  const [view, setViewState] = useState<ViewState>(() => parseView(window.location.search));
  useEffect(() => {
    cleanAddressBar();
    const onPop = () => {
      cleanAddressBar();
      setViewState(parseView(window.location.search));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const setView = useCallback((next: ViewState, options?: { replace?: boolean }) => {
    const search = serializeView(next, window.location.search);
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}`;
      if (options?.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    setViewState(next);
  }, []);
  return [view, setView];
}
