import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { browserConnector } from '../db/browser-engine';
import { browserParquetDecoder } from '../db/browser-parquet';
import { httpSource, prefetching } from '../db/http-source';
import { ExtractError, loadExtract, type LoadedExtract, type LoadProgress } from '../db/load-extract';
import type { Connector } from '../db/connector';
import { pageBudget } from '../db/memory-budget';
import { fetchCustomProfiles, withCustomProfiles, type ProfileSet } from '../policy/custom-profiles';
import { BUILTIN_PROFILES } from '../policy/profiles';
import { describeError, type Problem } from '../i18n/errors';

export type BootStep = { step: 'engine' } | { step: 'tables'; progress: LoadProgress | null };

export interface Loaded {
  conn: Connector;
  extract: LoadedExtract;
  /** Built-in visit-rule profiles plus the county's own (visit-profiles.json beside the app). */
  profiles: ProfileSet;
}

/** Starts DuckDB and loads the extract at `base` (same server), reporting progress step by step. */
export function useExtract(base: string) {
  const [step, setStep] = useState<BootStep>({ step: 'engine' });
  const query = useQuery({
    queryKey: ['extract', base],
    queryFn: async (): Promise<Loaded> => {
      // The extract's files download while DuckDB starts.
      const budget = pageBudget();
      const source = prefetching(httpSource(base, window.location.href, budget));
      const [conn, decode, custom] = await Promise.all([browserConnector(), browserParquetDecoder(), fetchCustomProfiles(window.location.href)]);
      setStep({ step: 'tables', progress: null });
      let extract: LoadedExtract;
      try {
        extract = await loadExtract(conn, source, decode, (progress) => setStep({ step: 'tables', progress }), budget);
      } finally {
        decode.close();
      }
      const profiles = withCustomProfiles(BUILTIN_PROFILES, custom.json);
      if (custom.problem) profiles.problems.unshift(custom.problem);
      return { conn, extract, profiles };
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  return { query, step };
}

/** The Chinese problems to show for a failed load, each with its technical detail where there is one. */
export function problemsOf(error: unknown): Problem[] {
  if (error instanceof ExtractError) return error.items;
  return [describeError(error)];
}
