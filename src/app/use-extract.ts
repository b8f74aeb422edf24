import { useState } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { browserConnector } from '../db/browser-engine';
import { browserParquetDecoder } from '../db/browser-parquet';
import { httpSource, prefetching } from '../db/http-source';
import { ExtractError, loadExtract, type ExtractSource, type LoadedExtract, type LoadProgress } from '../db/load-extract';
import { CountyStore } from '../db/county-store';
import { parseManifest } from '../extract/manifest';
import { countyOfArea } from './county-data';
import { parseView } from './url-state';
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
import { seedThemeView } from './first-paint/themes';
import { seedAboveView } from './first-paint/above';

export type BootStep = { step: 'engine' } | { step: 'tables'; progress: LoadProgress | null };

export interface Loaded {
  conn: Connector;
  extract: LoadedExtract;
  /**
   * An extract of several counties starts with its regions and aggregates only; this loads each county's raw rows
   * when a view needs them (src/app/county-data.tsx). Null for a one-county extract, loaded whole.
   */
  counties?: CountyStore | null;
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
  const view = parseView(window.location.search);
  boot = { id: `first-view#${starts}`, budget, source, profiles, firstPaint: readFirstPaint(source, browserParquetDecoder(), budget, view.theme, view.area), engine, engineReady, engineFailed };
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
  const { manifest, regions, risk, months, other, above } = result.data;
  // Row counts are the loader's to give: unknown (NaN) until it has loaded the tables, except the regions drawn.
  const rowCounts = Object.fromEntries(TABLE_NAMES.map((t) => [t, t === 'regions' ? regions.length : NaN])) as Record<TableName, number>;
  // Of several counties, none has its raw rows loaded at first (as the loader starts such an extract).
  const extract: LoadedExtract = { id: boot.id, manifest, rowCounts, counties: above ? [] : manifest.counties.map((c) => c.code) };
  const conn = deferredConnector(boot.engine);
  const profiles = await boot.profiles;
  if (above) seedAboveView(client, conn, extract, regions, above.theme, above.rows, months);
  else if (other) {
    // Only a profile as built in is what agg_visits was computed with.
    const builtIn = profiles.profiles.filter((p) => BUILTIN_PROFILES.some((b) => b.id === p.id && JSON.stringify(b) === JSON.stringify(p)));
    seedThemeView(client, conn, extract, regions, other.theme, other.rows, months, builtIn);
  } else seedFirstView(client, conn, extract, regions, risk, months);
  // For the benchmark and profiles: when the first view's data is in the cache (the map draws from here on).
  performance.mark('care-atlas:first-view-data');
  return { conn, extract, profiles };
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
        const several = await severalCounties(boot.source);
        try {
          const options = several ? { counties: [], aggregates: true } : {};
          extract = await loadExtract(conn, boot.source, decode, (progress) => setStep({ step: 'tables', progress }), boot.budget, options);
        } finally {
          // The first view decodes with the same worker: it is ended once both are done with it.
          await boot.firstPaint;
          decode.close();
        }
        const drawn = (await boot.firstPaint).ok;
        const counties = several
          ? new CountyStore({ conn, extract, source: () => httpSource(base, window.location.href, boot.budget), decoder: browserParquetDecoder, budget: boot.budget, profiles: BUILTIN_PROFILES })
          : null;
        // A link into a county: its rows are loaded before any query of the first view runs on the engine.
        const county = counties ? countyOfArea(parseView(window.location.search).area, extract.manifest) : null;
        if (counties && county) await counties.ensure(county);
        boot.engineReady(conn);
        return { conn, extract: drawn ? { ...extract, id: boot.id } : extract, profiles, counties };
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

/** True when the extract's manifest lists several counties (an unreadable manifest is the loader's to report). */
async function severalCounties(source: ExtractSource): Promise<boolean> {
  try {
    const parsed = parseManifest(await source.readManifest());
    return parsed.ok && parsed.manifest.counties.length > 1;
  } catch {
    return false;
  }
}

/** The Chinese problems to show for a failed load, each with its technical detail where there is one. */
export function problemsOf(error: unknown): Problem[] {
  if (error instanceof ExtractError) return error.items;
  return [describeError(error)];
}
