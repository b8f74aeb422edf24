import { createContext, use, useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Connector } from '../db/connector';
import type { CountySnapshot, CountyStore } from '../db/county-store';
import type { LoadedExtract } from '../db/load-extract';
import { toMb } from '../db/memory-budget';
import type { Manifest } from '../extract/schema';
import type { Rgba } from '../map/colour-scales';
import type { MapTheme } from '../map/map-theme';
import type { RegionFeature, RegionGeometry } from '../map/region-features';
import { countyText as t } from '../i18n/zh-counties';
import { ProblemList } from './ProblemList';

/** The county a view's area lies in (its 6-digit code, or a longer code starting with it) in an extract of several counties; null above the county. */
export function countyOfArea(area: string | null, manifest: Manifest): string | null {
  if (!area || area.length < 6 || manifest.counties.length < 2) return null;
  const county = area.slice(0, 6);
  return manifest.counties.some((c) => c.code === county) ? county : null;
}

/**
 * `conn` whose queries wait while a county's rows are being added or released: no figure is computed from a county
 * half loaded, or from one absent while it is on its way (its rows would count as none).
 */
export function waitingConnector(conn: Connector, store: CountyStore): Connector {
  return {
    query: async (sql, priority) => {
      await store.idle();
      return conn.query(sql, priority);
    },
    insertArrowIpc: (table, ipc) => conn.insertArrowIpc(table, ipc),
  };
}

interface CountyContextValue {
  store: CountyStore;
  snapshot: CountySnapshot;
  manifest: Manifest;
}

const CountyContext = createContext<CountyContextValue | null>(null);

const NO_STORE: CountySnapshot = { revision: 0, loaded: [], states: new Map(), disagreements: new Map() };
const noSubscription = () => () => undefined;

/**
 * Gives the dashboard, for an extract loaded county by county, a connector that waits for county loads and the
 * extract with the loaded counties and their revision (part of every measure's query key, src/app/queries.ts);
 * without a store, `conn` and `extract` as they are.
 */
export function CountyData({
  store,
  conn,
  extract,
  children,
}: {
  store: CountyStore | null;
  conn: Connector;
  extract: LoadedExtract;
  children: (conn: Connector, extract: LoadedExtract) => ReactNode;
}) {
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscription, store?.snapshot ?? (() => NO_STORE));
  const gated = useMemo(() => (store ? waitingConnector(conn, store) : conn), [conn, store]);
  // The loaded counties, in code order: their recency alone changes nothing here.
  const counties = [...snapshot.loaded].sort().join(',');
  const shown = useMemo(() => (store ? { ...extract, revision: snapshot.revision, counties: counties ? counties.split(',') : [] } : extract), [store, extract, snapshot.revision, counties]);
  const value = useMemo(() => (store ? { store, snapshot, manifest: extract.manifest } : null), [store, snapshot, extract.manifest]);
  return <CountyContext value={value}>{children(gated, shown)}</CountyContext>;
}

/** The store of an extract loaded county by county (null otherwise). */
export function useCountyStore(): CountyStore | null {
  return use(CountyContext)?.store ?? null;
}

/**
 * True for a township or village code of a county whose own regions (`county_regions`) are not among `codes` (the
 * regions drawn) yet and whose load has not failed: the view keeps such an area while its county loads, and drops
 * it only once the county's regions are there without it.
 */
export function useAreaPending(codes: ReadonlyMap<string, unknown>): (code: string) => boolean {
  const manifest = use(CountyContext)?.manifest ?? null;
  const failed = useFailedCounties();
  const withRegions = useMemo(() => new Set([...codes.keys()].filter((c) => c.length > 6).map((c) => c.slice(0, 6))), [codes]);
  const pending = useCallback(
    (code: string) => {
      if (manifest === null || manifest.county_regions === undefined || code.length <= 6) return false;
      const county = countyOfArea(code, manifest);
      return county !== null && !withRegions.has(county) && !failed.includes(county);
    },
    [manifest, failed, withRegions],
  );
  return pending;
}

/**
 * The geometry the map draws for `root`: `drawn`, except while `root` is a county whose own regions
 * (`county_regions`) are still on their way — its load not done, or done but the regions not read again yet
 * (`regionsBehind`) — when it is the last one drawn before. The map then keeps its picture, under the county's
 * loading notice, instead of spending a frame (seconds on a software renderer) on the county without its townships,
 * and draws the county once, with its townships and their figures.
 */
export function useHeldGeometry(drawn: RegionGeometry, root: RegionFeature, regionsBehind: boolean): RegionGeometry {
  const ctx = use(CountyContext);
  const state = root.level === 'county' ? ctx?.snapshot.states.get(root.code)?.state : undefined;
  const hold =
    ctx !== null &&
    ctx.manifest.county_regions !== undefined &&
    root.level === 'county' &&
    ctx.manifest.counties.some((c) => c.code === root.code) &&
    state !== 'failed' &&
    (regionsBehind || state !== 'loaded');
  const [held, setHeld] = useState(drawn);
  if (!hold && held !== drawn) setHeld(drawn);
  return hold ? held : drawn;
}

/** Grey for the areas of a county whose rows could not be loaded. */
export const FAILED_COUNTY_GREY: Rgba = [190, 190, 190, 255];

/** The counties whose rows could not be loaded (none without a store). */
export function useFailedCounties(): readonly string[] {
  const ctx = use(CountyContext);
  const states = ctx?.snapshot.states;
  return useMemo(() => (states ? [...states].filter(([, s]) => s.state === 'failed').map(([c]) => c) : []), [states]);
}

const fillKeys = new Map<unknown, Map<string, unknown>>();

/**
 * The fill key of a theme with `failed` counties grey: the theme's own without any, else one value per theme key
 * and set of counties (the same each time, so that the map's drawn key can be compared with it).
 */
export function failedFillKey(fillKey: unknown, failed: readonly string[]): unknown {
  if (failed.length === 0) return fillKey;
  let byCounties = fillKeys.get(fillKey);
  if (!byCounties) fillKeys.set(fillKey, (byCounties = new Map()));
  const counties = failed.join(',');
  let key = byCounties.get(counties);
  if (!key) byCounties.set(counties, (key = [fillKey, ...failed]));
  return key;
}

/** The theme with the areas of `failed` counties grey, said so in their tooltip and the legend. */
export function withFailedCounties(theme: MapTheme, failed: readonly string[]): MapTheme {
  if (failed.length === 0) return theme;
  const inFailed = (code: string) => failed.some((c) => code.startsWith(c));
  return {
    ...theme,
    fill: (f) => (inFailed(f.code) ? FAILED_COUNTY_GREY : theme.fill(f)),
    fillKey: failedFillKey(theme.fillKey, failed),
    describe: (f) => (inFailed(f.code) ? [[t.failedLine, '']] : theme.describe(f)),
    legend: { ...theme.legend, items: [...theme.legend.items, { label: t.failedLegend, colour: FAILED_COUNTY_GREY, screenOnly: true }] },
  };
}

/**
 * Over the map: loads the county of the view's `area` when it is not (views at county level and below read its raw
 * rows), with a progress line while it loads; names each county whose files could not be loaded and leaves such a
 * county for the top of the extract (`onRefused`); says when a county's aggregates disagree with its raw rows.
 * Without a store: nothing, except while the first view of several counties waits for the analysis engine
 * (`awaiting`, the extract's manifest), when an area in a county says its rows come once the engine is ready.
 */
export function CountyDrill({ area, onRefused, awaiting = null }: { area: string | null; onRefused: () => void; awaiting?: Manifest | null }) {
  const ctx = use(CountyContext);
  const county = ctx ? countyOfArea(area, ctx.manifest) : null;
  const store = ctx?.store;
  // Before the views' queries start (passive effects), so that they wait for the county.
  useLayoutEffect(() => {
    if (store && county) void store.ensure(county);
  }, [store, county]);
  const state = county ? ctx?.snapshot.states.get(county) : undefined;
  const refused = state?.state === 'failed';
  useEffect(() => {
    if (refused) onRefused();
  }, [refused, onRefused]);
  if (!ctx) {
    const pending = awaiting ? countyOfArea(area, awaiting) : null;
    if (!awaiting || !pending) return null;
    return (
      <div className="county-loading" role="status" aria-live="polite" data-testid="county-loading" data-county={pending}>
        <b>{t.waiting(awaiting.counties.find((c) => c.code === pending)?.name ?? pending)}</b>
        <div>{t.waitingNote}</div>
      </div>
    );
  }
  const nameOf = (code: string) => ctx.manifest.counties.find((c) => c.code === code)?.name ?? code;
  const failed = [...ctx.snapshot.states].filter(([, s]) => s.state === 'failed');
  const disagreeing = [...ctx.snapshot.disagreements];
  return (
    <>
      {county && state?.state === 'loading' && (
        <div className="county-loading" role="status" aria-live="polite" data-testid="county-loading" data-county={county}>
          <b>
            {state.progress.total > 0
              ? t.loading(nameOf(county), state.progress.done, state.progress.total, toMb(state.progress.bytes))
              : t.waiting(nameOf(county))}
          </b>
          <div>{t.waitingNote}</div>
        </div>
      )}
      {(failed.length > 0 || disagreeing.length > 0) && (
        <div className="county-notices">
          {failed.map(([code, s]) => (
            <div key={code} className="county-notice" role="alert" data-testid="county-failed" data-county={code}>
              {t.failedTitle(nameOf(code))}
              {s.state === 'failed' && <ProblemList problems={s.problems} />}
            </div>
          ))}
          {disagreeing.map(([code, found]) => (
            <div key={code} className="county-notice" role="alert" data-testid="county-disagree" data-county={code}>
              {t.disagreeTitle(nameOf(code))}
              <ul>
                {found.map((d) => (
                  <li key={d.table}>{t.disagreeLine(d.file, d.rows, d.example.region, d.example.month, d.example.column, d.example.stored, d.example.computed)}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
