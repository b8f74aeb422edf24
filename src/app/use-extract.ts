import { useState } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { browserConnector } from '../db/browser-engine';
import { browserParquetDecoder } from '../db/browser-parquet';
import { httpSource, prefetching } from '../db/http-source';
import { ExtractError, type LoadedExtract, type LoadProgress } from '../db/load-extract';
import { loadExtractWithAggregates } from '../db/load-aggregates';
import type { Connector } from '../db/connector';
import { pageBudget, type MemoryBudget } from '../db/memory-budget';
import { fetchCustomProfiles, withCustomProfiles, type ProfileSet } from '../policy/custom-profiles';
import { BUILTIN_PROFILES } from '../policy/profiles';
import { describeError, ProblemError, type Problem } from '../i18n/errors';
import { TABLE_NAMES, type TableName } from '../extract/schema';
import { checkEngineWasm } from './first-paint/engine-files';
import { deferredConnector } from './first-paint/deferred-connector';
import { readFirstPaint, sharing, type FirstPaintResult } from './first-paint/read';
import { seedFirstView } from './first-paint/seed';

export type BootStep = { step: 'engine' } | { step: 'tables'; progress: LoadProgress | null };

export interface Loaded {
  conn: Connector;
  extract: LoadedExtract;
  /** Built-in visit-rule profiles plus the county's own (visit-profiles.json beside the app). */
  profiles: ProfileSet;
}

/** DuckDB did not start: the first view, if drawn, stays; this says why the rest cannot follow. */
export class EngineStartError extends ProblemError {
  constructor(problem: Problem) {
    super(problem);
    this.name = 'EngineStartError';
  }
}

/** One start of the page on one extract: what the first view and the full load share. */
interface Boot {
  /** The first view's results are keyed with this id, and the loaded extract takes it, so nothing is drawn twice. */
  id: string;
  budget: MemoryBudget;
  source: ReturnType<typeof sharing>;
  profiles: Promise<ProfileSet>;
  firstPaint: Promise<FirstPaintResult>;
  /** The engine with the extract loaded, for the first view's queries to wait on. */
  engine: Promise<Connector>;
  engineReady: (conn: Connector) => void;
  engineFailed: (e: unknown) => void;
}

const boots = new Map<string, Boot>();
let starts = 0;

function bootOf(base: string): Boot {
  let boot = boots.get(base);
  if (boot) return boot;
  const budget = pageBudget();
  // The extract's files download while DuckDB starts.
  const source = sharing(prefetching(httpSource(base, window.location.href, budget)));
  const profiles = fetchCustomProfiles(window.location.href).then((custom) => {
    const set = withCustomProfiles(BUILTIN_PROFILES, custom.json);
    if (custom.problem) set.problems.unshift(custom.problem);
    return set;
  });
  let engineReady: (conn: Connector) => void = () => undefined;
  let engineFailed: (e: unknown) => void = () => undefined;
  const engine = new Promise<Connector>((ok, fail) => {
    engineReady = ok;
    engineFailed = fail;
  });
  engine.catch(() => undefined);
  starts += 1;
  boot = { id: `first-view#${starts}`, budget, source, profiles, firstPaint: readFirstPaint(source, browserParquetDecoder(), budget), engine, engineReady, engineFailed };
  boots.set(base, boot);
  return boot;
}

/** The first view: the extract's regions and default view from its aggregates, in the query cache; null without. */
async function firstView(boot: Boot, client: QueryClient): Promise<Loaded | null> {
  const result = await boot.firstPaint;
  if (!result.ok) {
    console.info(`first view from the aggregates skipped: ${result.why}`);
    return null;
  }
  const { manifest, regions, risk, months } = result.data;
  // Row counts are the loader's to give: unknown (NaN) until it has loaded the tables, except the regions drawn.
  const rowCounts = Object.fromEntries(TABLE_NAMES.map((t) => [t, t === 'regions' ? regions.length : NaN])) as Record<TableName, number>;
  const extract: LoadedExtract = { id: boot.id, manifest, rowCounts, counties: manifest.counties.map((c) => c.code) };
  const conn = deferredConnector(boot.engine);
  seedFirstView(client, conn, extract, regions, risk, months);
  // For the benchmark and profiles: when the first view's data is in the cache (the map draws from here on).
  performance.mark('care-atlas:first-view-data');
  return { conn, extract, profiles: await boot.profiles };
}

/**
 * Starts DuckDB and loads the extract at `base` (same server), reporting progress step by step (`loaded`); and,
 * meanwhile, the first view from the extract's aggregate tables, which needs no SQL engine (`first`, null for an
 * extract without them). When DuckDB does not start, `loaded` fails with an {@link EngineStartError}.
 */
export function useExtract(base: string) {
  const client = useQueryClient();
  const [step, setStep] = useState<BootStep>({ step: 'engine' });
  // The page has one query client: it is where the first view is put, not an input of it.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  const first = useQuery({
    queryKey: ['first-view', base],
    queryFn: () => firstView(bootOf(base), client),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  const loaded = useQuery({
    queryKey: ['extract', base],
    queryFn: async (): Promise<Loaded> => {
      const boot = bootOf(base);
      try {
        const [conn, decode, profiles] = await Promise.all([
          Promise.all([browserConnector(), checkEngineWasm()])
            .then(([conn]) => conn)
            .catch((e: unknown) => {
              throw new EngineStartError(describeError(e));
            }),
          browserParquetDecoder(),
          boot.profiles,
        ]);
        setStep({ step: 'tables', progress: null });
        let extract: LoadedExtract;
        try {
          extract = await loadExtractWithAggregates(conn, boot.source, decode, (progress) => setStep({ step: 'tables', progress }), boot.budget);
        } finally {
          // The first view decodes with the same worker: it is ended once both are done with it.
          await boot.firstPaint;
          decode.close();
        }
        const drawn = (await boot.firstPaint).ok;
        boot.engineReady(conn);
        return { conn, extract: drawn ? { ...extract, id: boot.id } : extract, profiles };
      } catch (e) {
        boot.engineFailed(e);
        throw e;
      } finally {
        // The boot holds the first view's rows: once both queries have what they need, it is let go.
        boots.delete(base);
      }
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  return { loaded, first, step };
}

/** The Chinese problems to show for a failed load, each with its technical detail where there is one. */
export function problemsOf(error: unknown): Problem[] {
  if (error instanceof ExtractError) return error.items;
  return [describeError(error)];
}
