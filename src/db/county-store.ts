/**
 * Which counties of an extract of several counties have their raw rows in DuckDB, loading them one at a time as
 * views need them and releasing the least recently used when the memory budget runs short. Framework-free: the app
 * subscribes to it (src/app/county-data.tsx); tests drive it directly.
 */
import type { Connector, ParquetDecoder } from './connector';
import { ExtractError, type ExtractSource, type LoadedExtract } from './load-extract';
import { countyRows, listedRows, loadCounty, releaseCounty, type CountyProgress } from './county-load';
import { aggregateDisagreements, type Disagreement } from './county-check';
import { residentRowsLimit, type MemoryBudget } from './memory-budget';
import type { VisitProfile } from '../policy/profile';
import { describeError, type Problem } from '../i18n/errors';

export type CountyState = { state: 'loading'; progress: CountyProgress } | { state: 'loaded'; rows: number } | { state: 'failed'; problems: Problem[] };

export interface CountySnapshot {
  /**
   * Changes when the tables are about to change: as a county's load is queued (it may release others first).
   * Queries keyed by it wait for the load ({@link CountyStore.idle}), so no result computed before it is served
   * while it runs, and none computed after it is stale.
   */
  revision: number;
  /** Counties whose rows are in the tables, least recently used first. */
  loaded: readonly string[];
  states: ReadonlyMap<string, CountyState>;
  /** Aggregate rows that differ from a loaded county's raw rows, by county (only counties with any). */
  disagreements: ReadonlyMap<string, readonly Disagreement[]>;
}

export interface CountyStoreDeps {
  conn: Connector;
  extract: LoadedExtract;
  /** A source for one county's files (its own byte allowance: released counties give their bytes back). */
  source: () => ExtractSource;
  /** A decoder for one county's files, closed after them. */
  decoder: () => Promise<ParquetDecoder & { close?: () => void }>;
  budget: MemoryBudget;
  /** The app's built-in visit profiles, for checking agg_visits. */
  profiles: readonly VisitProfile[];
}

export class CountyStore {
  private snap: CountySnapshot = { revision: 0, loaded: [], states: new Map(), disagreements: new Map() };
  private listeners = new Set<() => void>();
  /** Loads run one after another: this is the last one queued. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;
  /** The most rows of all counties together the tables may hold (see memory-budget.ts). */
  readonly limit: number;
  /** The aggregate check of the latest county loaded, for tests and the benchmark to wait on. */
  checked: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CountyStoreDeps) {
    this.limit = residentRowsLimit(deps.budget);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): CountySnapshot => this.snap;

  private update(change: Partial<CountySnapshot>) {
    this.snap = { ...this.snap, ...change };
    for (const l of this.listeners) l();
  }

  private setState(county: string, state: CountyState | null) {
    const states = new Map(this.snap.states);
    if (state) states.set(county, state);
    else states.delete(county);
    this.update({ states });
  }

  /** Resolves once no county is loading (at once when none is). */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : this.queue.then(() => this.idle());
  }

  /** True while a county is queued or loading. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /**
   * Makes `county`'s rows present: at once if they are (it becomes the most recently used), else after the loads
   * queued before it. A county that failed is not tried again (its state says why). Never rejects.
   */
  ensure(county: string): Promise<void> {
    const state = this.snap.states.get(county);
    if (state?.state === 'loaded') {
      this.update({ loaded: [...this.snap.loaded.filter((c) => c !== county), county] });
      return Promise.resolve();
    }
    if (state?.state === 'failed') return Promise.resolve();
    if (state?.state === 'loading') return this.idle();
    this.pending += 1;
    const states = new Map(this.snap.states);
    states.set(county, { state: 'loading', progress: { county, done: 0, total: 0, bytes: 0 } });
    this.update({ states, revision: this.snap.revision + 1 });
    const run = this.queue.then(() => this.load(county)).finally(() => {
      this.pending -= 1;
    });
    this.queue = run.catch(() => undefined);
    return this.queue as Promise<void>;
  }

  /** Releases least recently used counties other than `keep` until `rows` more fit under the limit. */
  private async makeRoom(rows: number, keep: string) {
    const used = () => this.snap.loaded.reduce((sum, c) => sum + (this.rowsOf(c) ?? 0), 0);
    for (const county of this.snap.loaded) {
      if (county === keep || used() + rows <= this.limit) continue;
      // The check of the county loaded last reads the tables: it ends before any rows leave them.
      await this.checked;
      await releaseCounty(this.deps.conn, this.deps.extract.manifest, county);
      const disagreements = new Map(this.snap.disagreements);
      disagreements.delete(county);
      const states = new Map(this.snap.states);
      states.delete(county);
      this.update({ loaded: this.snap.loaded.filter((c) => c !== county), states, disagreements });
    }
  }

  private rowsOf(county: string): number | null {
    const s = this.snap.states.get(county);
    return s?.state === 'loaded' ? s.rows : null;
  }

  private async load(county: string) {
    if (this.closed) return;
    const { conn, extract } = this.deps;
    try {
      await this.makeRoom(listedRows(extract.manifest, county) ?? 0, county);
      const decode = await this.deps.decoder();
      try {
        await loadCounty(conn, this.deps.source(), decode, extract.manifest, county, {
          extent: extract.extent,
          budget: this.deps.budget,
          aggregates: extract.aggregates ?? [],
          onProgress: (progress) => this.setState(county, { state: 'loading', progress }),
        });
      } finally {
        decode.close?.();
      }
      const rows = await countyRows(conn, extract.manifest, county);
      const states = new Map(this.snap.states);
      states.set(county, { state: 'loaded', rows });
      this.update({ states, loaded: [...this.snap.loaded, county] });
      // The manifest may not list a county's rows: the budget is checked again with what was loaded.
      await this.makeRoom(0, county);
      // After the views' queries that waited for the county have been sent (they go first: the check is 'idle').
      this.checked = new Promise((ok) => setTimeout(ok, 0)).then(() => this.check(county));
    } catch (e) {
      const problems = e instanceof ExtractError ? e.items : [describeError(e)];
      this.setState(county, { state: 'failed', problems });
    }
  }

  /** Compares the county's aggregate rows with its raw rows; a failure of the check itself is only logged. */
  private async check(county: string) {
    const { conn, extract, profiles } = this.deps;
    try {
      const found = await aggregateDisagreements(conn, extract.manifest, county, extract.aggregates ?? [], profiles);
      if (found.length === 0 || this.rowsOf(county) === null) return;
      const disagreements = new Map(this.snap.disagreements);
      disagreements.set(county, found);
      this.update({ disagreements });
    } catch (e) {
      console.warn(`aggregate check of county ${county} failed`, e);
    }
  }

  /** No more loads (another extract replaced this one's tables). */
  close() {
    this.closed = true;
    this.listeners.clear();
  }
}
