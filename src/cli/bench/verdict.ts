/**
 * For every target a scale misses, says in plain words why (from what the run measured) and what the next step
 * is, so that bench/results.json answers "which target is not met, why, and what next" on its own.
 */
import type { BrowserResult, Interaction, InteractionKind } from './browser';
import type { SqlResult } from './sql';

export interface Verdict {
  why: string;
  next: string;
}

const ms = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '?' : `${Math.round(v)} ms`);
const mb = (v: number | null | undefined) => (v === null || v === undefined ? '?' : `${Math.round(v / (1024 * 1024))} MB`);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Cold start: where the time to the first drawn map went, in the first cold run. */
export function coldStartVerdict(b: BrowserResult): Verdict {
  const c = b.coldStarts[0];
  if (!c) return { why: 'no cold start was measured', next: 'run the browser step' };
  const firstFrame = c.tablesDoneAt === null ? null : c.firstDrawnAt - c.tablesDoneAt;
  const why =
    `run 1: DuckDB's worker ready at ${ms(c.engineReadyAt)} (compiling and instantiating the 34 MB wasm: ${ms(c.instantiateMs)}), ` +
    `the extract's tables loaded and checked at ${ms(c.tablesDoneAt)}, the first map drawn ${ms(firstFrame)} later ` +
    `(DuckDB worker ${ms(c.firstMapWorkerMs)}, main thread long tasks ${ms(c.firstMapMainThreadMs)}: the theme's queries, ` +
    `layers, and a first frame that on a software renderer compiles every shader and pipeline).`;
  const next =
    'Engine: a repeat visit reuses the browser\'s compiled wasm (HTTP cache with long max-age on the hashed bundle) — ' +
    'measure that separately; tables: decode Parquet in a worker and load only the tables the first theme needs, ' +
    'the rest after the first map; first frame: a GPU (or GPU compositing) removes most of it. Beyond a county, ' +
    'extracts pre-aggregated per area and month by the extract tool, so the browser loads thousands of rows, not millions.';
  return { why, next };
}

/** Map changes: which kind of change is worst, and whether queries or drawing make its time. */
export function mapChangeVerdict(b: BrowserResult, kinds: readonly InteractionKind[]): Verdict {
  let worst: { kind: InteractionKind; p95: number } | null = null;
  for (const k of kinds) {
    const p95 = b.summary[k]?.p95;
    if (p95 !== undefined && p95 !== null && (!worst || p95 > worst.p95)) worst = { kind: k, p95 };
  }
  if (!worst) return { why: 'no map change was measured', next: 'run the browser step' };
  const of = (k: InteractionKind) => b.interactions.filter((i: Interaction) => i.kind === k);
  const slow = of(worst.kind).filter((i) => i.ms >= (b.summary[worst.kind]?.p50 ?? 0));
  const sqlMs = mean(slow.map((i) => i.workerMs));
  const mainMs = mean(slow.map((i) => i.mainThreadMs));
  const withQueries = slow.filter((i) => i.queries > 0).length;
  const why =
    `worst: ${worst.kind} at p95 ${ms(worst.p95)}; its slower half spent on average ${ms(sqlMs)} in DuckDB ` +
    `(${withQueries} of ${slow.length} ran queries) and ${ms(mainMs)} in main-thread long tasks (React, deck.gl layers, ` +
    `and the frame: with software WebGL the canvas is rasterised on the CPU and read back for compositing).`;
  const next =
    sqlMs >= mainMs
      ? 'Queries: visits pre-aggregated per child and month once at load (or by the extract tool), so visit compliance ' +
        'reads thousands of rows instead of scanning every visit; township and village levels in one query. (With ' +
        'prefetching on, the default, such a change is served from the cache when the user pauses on a view.)'
      : 'Drawing: on a software renderer each frame is rasterised on the CPU, and its cost grows with what is drawn: ' +
        'the township outlines (deck.gl PathLayer) and the SDF labels cost most (see the README); cheaper outlines ' +
        '(simplified, or a LineLayer), labels only where they fit, no hidden overdraw, one WebGL canvas instead of two. ' +
        'On a PC with a GPU the rasterisation and read-back mostly disappear.';
  return { why, next };
}

/** SQL: the worst measure's ratio, against native with its threads and with one. */
export function sqlVerdict(s: SqlResult, target: number): Verdict {
  const worst = [...s.measures].filter((m) => m.judged).sort((x, y) => y.ratio - x.ratio)[0];
  if (!worst) return { why: 'no measure was timed', next: 'run the sql step' };
  const threads = worst.ratio1Thread <= target;
  return {
    why:
      `${worst.name}: native ${ms(worst.nativeMs)} with ${s.nativeThreads} threads, ${ms(worst.native1ThreadMs)} with one; ` +
      `wasm ${ms(worst.wasmMs)} (ratio ${worst.ratio.toFixed(2)}×, ${worst.ratio1Thread.toFixed(2)}× against one native thread). ` +
      (threads
        ? 'Against one native thread it is within the target: the gap is threads (duckdb-wasm runs single-threaded: no ' +
          'SharedArrayBuffer without cross-origin isolation headers on the intranet server).'
        : 'Even against one native thread it is over: wasm code itself is slower than native for this plan (a join and ' +
          'window over every visit), and the timings of a few runs on a shared 2-core machine vary by ±30%.'),
    next:
      'Pre-aggregate visits per child and month (at load, or in the extract tool with native DuckDB) so that visit ' +
      'compliance reads thousands of rows instead of every visit; where the server can send COOP/COEP headers, the ' +
      'threaded duckdb-wasm bundle.',
  };
}

/** Memory: what the tab holds at its peak. */
export function memoryVerdict(b: BrowserResult): Verdict {
  const last = b.memory.at(-1);
  const peak = Math.max(0, ...b.memory.map((m) => m.rendererPeakRssBytes ?? 0));
  return {
    why:
      `renderer peak ${mb(peak)}: DuckDB's wasm memory ${mb(last?.wasmMemoryBytes)} (tables ${mb(last?.duckdbMemoryBytes)}, ` +
      'plus Arrow copies made while loading: wasm memory never shrinks), the JS heap, the WebGL canvases and fonts.',
    next:
      'Load visits pre-aggregated (child × month counts) instead of one row per visit; decode Parquet straight into ' +
      'DuckDB in its worker (no Arrow IPC copy on the main thread); beyond a province, per-area partitions fetched on drill-down.',
  };
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** First visit against the floor: where the app's time goes before the frame the floor draws at once. */
export function firstVisitVerdict(b: BrowserResult): Verdict {
  const first = b.visits.flatMap((v) => (v.appFirst ? [v.appFirst.cold] : []));
  const c = first[0];
  if (!c) return { why: 'no first visit was measured', next: 'run the browser step with the floor' };
  const floor = b.floorFirstMapMs?.p50;
  const tablesToMap = c.tablesDoneAt === null ? null : c.firstDrawnAt - c.tablesDoneAt;
  // No table loaded by the first map (a city's or province's first view, drawn while DuckDB still starts) counts as before.
  if (c.tablesDoneAt === null || (tablesToMap !== null && tablesToMap < 0)) {
    return {
      why:
        `the floor page draws its first map at ${ms(floor)}; the app (round 1, empty profile) draws its first view from the aggregates at ${ms(c.firstDrawnAt)}, ` +
        `before DuckDB has loaded its tables (${c.tablesDoneAt === null ? 'not by then' : ms(c.tablesDoneAt)}): the page, the Parquet reads and deck.gl's programs on the software renderer stand between them.`,
      next: 'draw the townships with maplibre\'s own fill and line layers as the floor does (issue #15 item 4), and keep the wasm compile off the first frame\'s path.',
    };
  }
  return {
    why:
      `the floor page draws its first map at ${ms(floor)}; the app (round 1, empty profile) has DuckDB's worker ready at ${ms(c.engineReadyAt)} ` +
      `(the wasm fetched, compiled and instantiated in ${ms(c.instantiateMs)}), its tables loaded and checked at ${ms(c.tablesDoneAt)}, ` +
      `and its first map ${ms(tablesToMap)} later (DuckDB ${ms(c.firstMapWorkerMs)}, main-thread long tasks ${ms(c.firstMapMainThreadMs)}): ` +
      'everything the floor does not do (an SQL engine, checked tables, deck.gl programs) stands between the page and its first map.',
    next:
      'the extract has no aggregate tables to draw the first view from before DuckDB (src/app/first-paint/): write them with the extract ' +
      '(`npm run extract` does), and draw the townships with maplibre\'s own fill and line layers as the floor draws them (issue #15 item 4).',
  };
}

/** Repeat visit against the floor: what the browser's caches removed, and what is left. */
export function repeatVisitVerdict(b: BrowserResult): Verdict {
  const firsts = b.visits.flatMap((v) => (v.appFirst ? [v.appFirst] : []));
  const repeats = b.visits.flatMap((v) => (v.appRepeat ? [v.appRepeat] : []));
  const r = repeats[0];
  if (!r) return { why: 'no repeat visit was measured', next: 'run the browser step with the floor' };
  const inst = (vs: typeof firsts) => median(vs.map((v) => v.cold.instantiateMs ?? NaN).filter(Number.isFinite));
  const ready = (vs: typeof firsts) => median(vs.map((v) => v.cold.engineReadyAt ?? NaN).filter(Number.isFinite));
  const tables = (vs: typeof firsts) => median(vs.map((v) => v.cold.tablesDoneAt ?? NaN).filter(Number.isFinite));
  return {
    why:
      `on the repeat visit the server sent ${r.server.downloads} files (${mb(r.server.bytesSent)}; wasm: ${r.server.wasmDownloads.length === 0 ? 'none' : r.server.wasmDownloads.join(', ')}) ` +
      `and revalidated ${r.server.revalidated} (${ms(r.networkWaitMs)} of waiting in all); medians first → repeat: DuckDB instantiated in ${ms(inst(firsts))} → ${ms(inst(repeats))}, ` +
      `ready at ${ms(ready(firsts))} → ${ms(ready(repeats))}, tables done at ${ms(tables(firsts))} → ${ms(tables(repeats))}, first map ${ms(b.firstVisitMs?.p50)} → ${ms(b.repeatVisitMs?.p50)}. ` +
      `So the caches removed ${ms((b.firstVisitMs?.p50 ?? NaN) - (b.repeatVisitMs?.p50 ?? NaN))} of the first visit; what is left is DuckDB's instantiation ` +
      '(Chromium\'s code cache is hit for the DuckDB wasm, yet V8 still receives and decodes the 34 MB and compiles the functions it did not cache), ' +
      'decoding and checking the tables, and the first frame on the software renderer.',
    next:
      'The same as the first visit: the first view from the aggregate tables without DuckDB (item 2), the townships in maplibre\'s layers (item 4). ' +
      'A service worker would at most save the revalidation wait above.',
  };
}

/** Map changes against the floor's repaint. */
export function floorChangeVerdict(b: BrowserResult, kinds: readonly InteractionKind[]): Verdict {
  const base = mapChangeVerdict(b, kinds);
  return {
    why: `the floor repaints new fill colours in p95 ${ms(b.floorRepaintMs?.p95)} (median ${ms(b.floorRepaintMs?.p50)}); ${base.why}`,
    next: `${base.next} The floor draws the same townships with maplibre's own fill and line layers and no labels (issue #15 item 4).`,
  };
}
