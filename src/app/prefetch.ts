/**
 * The map's next views, fetched ahead. Once the map has drawn the current view and the page has nothing else to
 * fetch, the map queries of the views a user most often goes to next are run, one at a time, at the lowest
 * priority ('idle', see src/db/query-queue.ts): the other themes in the same month, then the same theme in the
 * month before and the month after. A switch to one of them is then served from the query cache and costs one
 * frame. Any other query the page asks for goes ahead of the waiting prefetches; a view change drops the
 * prefetches not yet started.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ThemeContext } from './themes/context';
import { THEMES } from './themes/registry';
import { THEME_IDS, type ThemeId } from './url-state';

export interface PrefetchView {
  theme: ThemeId;
  month: string;
}

/**
 * The views to fetch ahead of `current`, most likely first: the other themes in its month (in the toolbar's
 * order), then its theme in the neighbouring months of `months` (earlier first).
 */
export function nextViews(current: PrefetchView, months: readonly string[]): PrefetchView[] {
  const themes = THEME_IDS.filter((t) => t !== current.theme).map((theme) => ({ theme, month: current.month }));
  const i = months.indexOf(current.month);
  const neighbours = [months[i - 1], months[i + 1]].filter((m): m is string => i >= 0 && m !== undefined).map((month) => ({ theme: current.theme, month }));
  return [...themes, ...neighbours];
}

const POLL_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fetches the map queries of {@link nextViews} once `drawn` is true for the current view. `contextFor` gives the
 * theme context of a month (the current area and profile). Nothing starts while any other query is fetching.
 */
export function usePrefetchNextViews(current: PrefetchView, months: readonly string[], contextFor: (month: string) => ThemeContext, drawn: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!drawn) return;
    let cancelled = false;
    void (async () => {
      for (const view of nextViews(current, months)) {
        for (const options of THEMES[view.theme].mapQueries(contextFor(view.month), 'idle')) {
          while (!cancelled && client.isFetching() > 0) await sleep(POLL_MS);
          if (cancelled) return;
          // A result already cached (staleTime: Infinity) is not fetched again.
          await client.prefetchQuery(options);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
    // `current` and `months` by value: a new object for the same view must not restart the prefetches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawn, current.theme, current.month, months.join(), contextFor, client]);
}
