/**
 * Step 2 of `npm run bench`: the built app in headless Chromium (the browser tests' harness and flags), opening one
 * scale's extract with `?extract=`. Measures, on the page's own clock (see ./page-probe.ts):
 *
 * - cold start, in fresh browser contexts: DuckDB worker instantiated and ready; per table fetch, Parquet decode
 *   (parquet-wasm on the main thread), Arrow insert and the loader's checks; cross-table checks and swap; the regions
 *   query; first drawn map (data-map-drawn="yes");
 * - interactions on one page, each timed from the page receiving the click or change to the map drawn again (or,
 *   for a drill-down, the township's villages listed), and to the DuckDB worker falling idle: drill-downs into
 *   townships, theme switches and month changes to views seen for the first time (with the app's prefetching, as
 *   shipped, and again on a page opened with `prefetch=0`, where each runs its queries), and theme switches that are
 *   served from the query cache;
 * - memory: the page's JS heap (CDP Performance.getMetrics), DuckDB's wasm linear memory (read in its worker) and
 *   DuckDB's own accounting, and the renderer process's resident set (current and peak) from /proc.
 *
 * As a child process: `node --import tsx src/cli/bench/browser.ts --dist DIR --extract DIR --reps N --cold N --result FILE`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, launchChromium, watchPage, type OpenedPage } from '../../../tests/support/browser';
import { staticHandler } from '../serve';
import { measureFloor, type FloorVisit } from './floor';
import { OFFLINE_SETTINGS } from '../../db/offline';
import { regionsSql } from '../../measures/areas';
import { evaluationDate, monthOf, monthsEnding } from '../../measures/months';
import { riskMixSql } from '../../measures/risk-mix';
import { stationCoverageSql, stationPointsSql } from '../../measures/station-coverage';
import { visitComplianceSql } from '../../measures/visit-compliance';
import { waterPointsSql, waterSafetySql } from '../../measures/water-safety';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../policy/settings';
import { BUILTIN_PROFILES } from '../../policy/profiles';
import type { VisitProfile } from '../../policy/profile';
import { childMain } from './child';
import { PAGE_PROBE, WORKER_PROBE, type LongTask, type ProbeLog, type WorkerRecord, type WorkerServiceLog } from './page-probe';
import { createAttributor, summarizeTrace, type Attribution, type CpuProfile, type TraceSummary } from './profile';
import { summarize, median, type Summary } from './stats';

const THEMES = ['risk', 'visits', 'stations', 'water'] as const;
type Theme = (typeof THEMES)[number];
const EXTRACT_ROUTE = '/bench-extract/';
const FLOOR_ROUTE = '/bench-floor/';
const FLOOR_DATA_ROUTE = '/bench-floor-data/';

interface Served {
  path: string;
  status: number;
  bytes: number;
}

/**
 * The app served as `npm start` serves it (src/cli/serve.ts: hashed assets cached for a year, the rest revalidated),
 * without the policy header (the page's meta tag still applies), with other folders at `routes`; every request
 * answered is logged.
 */
async function benchServer(dist: string, routes: Record<string, string>): Promise<{ url: string; log: Served[]; close: () => Promise<void> }> {
  const log: Served[] = [];
  const handlers = Object.entries(routes).map(([base, dir]) => [base, staticHandler(dir, { base, policyHeader: false })] as const);
  const app = staticHandler(dist, { policyHeader: false });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => log.push({ path, status: res.statusCode, bytes: Number(res.getHeader('content-length') ?? 0) }));
    (handlers.find(([base]) => path.startsWith(base))?.[1] ?? app)(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function serverSummary(log: readonly Served[]): ServerLog {
  const app = log.filter((r) => !r.path.startsWith(FLOOR_ROUTE) && !r.path.startsWith(FLOOR_DATA_ROUTE));
  const downloads = app.filter((r) => r.status === 200);
  return {
    requests: app.length,
    downloads: downloads.length,
    wasmDownloads: downloads.filter((r) => r.path.endsWith('.wasm')).map((r) => basename(r.path)),
    revalidated: app.filter((r) => r.status === 304).length,
    bytesSent: downloads.reduce((sum, r) => sum + r.bytes, 0),
  };
}

/**
 * A new context on about:blank, as the tests' `openPage`, but with the page's Content-Security-Policy bypassed: the
 * benchmark's probes evaluate script text in the page, which the built page's policy (no 'unsafe-eval') forbids.
 */
async function openBenchPage(browser: Browser): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: 'zh-CN', bypassCSP: true });
  return watchPage(context, await context.newPage());
}

/** A browser on its own profile folder (kept between launches: HTTP cache, code cache), as a user's browser. */
function launchProfile(dir: string, gpuCompositing: boolean): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: gpuCompositing ? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu') : CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    bypassCSP: true,
  });
}

/** Seconds a first visit stays open after its first map and the worker falling idle, as a user's would. */
const STAY_MS = 5000;
const MB = 1024 * 1024;

export interface TableLoad {
  table: string;
  fileBytes: number | null;
  arrowBytes: number | null;
  fetchMs: number | null;
  /** Response received → Arrow IPC handed to the worker: parquet-wasm on the main thread. */
  decodeMs: number | null;
  /** The worker's time inserting the Arrow IPC stream into a staging table. */
  insertMs: number | null;
  /** Inserted → raw staging table dropped: the loader's column and value checks (worker time in checksWorkerMs). */
  checksMs: number | null;
  checksWorkerMs: number | null;
  checkQueries: number;
}

export interface ColdStart {
  /** ms since navigation start, on the page's clock. */
  workerCreatedAt: number | null;
  instantiateMs: number | null;
  engineReadyAt: number | null;
  manifestAt: number | null;
  tablesDoneAt: number | null;
  tables: TableLoad[];
  crossChecksAndSwapMs: number | null;
  regionsQueryMs: number | null;
  /** From the regions query's answer to the first drawn map: geometry decode, the theme's queries, layers, draw. */
  firstMapMs: number | null;
  /** Of which the DuckDB worker's time and the main thread's long tasks. */
  firstMapWorkerMs: number | null;
  firstMapMainThreadMs: number | null;
  /** Queries in that window in the order they were posted, with the worker's time for each. */
  firstMapQueries: { label: string; ms: number }[];
  firstDrawnAt: number;
  /** Requests to the DuckDB worker before the first draw, and the worker's time on them. */
  workerRequests: number;
  workerBusyMs: number;
  /** Main-thread long tasks (≥ 50 ms) before the first draw. */
  mainThreadLongTaskMs: number;
}

/**
 * theme / month: to a view not seen before, on a page that fetches likely next views ahead (the app's default;
 * the bench waits for the worker to fall idle between changes, as a user looking at the map would give it time);
 * theme-uncached / month-uncached: the same walk on a page opened with `prefetch=0`, every change waiting for its
 * own queries; theme-cached: back to views already shown.
 */
export const INTERACTION_KINDS = ['drill', 'drill-up', 'drill-county', 'theme', 'month', 'theme-uncached', 'month-uncached', 'theme-cached'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export interface Interaction {
  kind: InteractionKind;
  to: string;
  /** Click/change received → map drawn again (drill-down: the township's villages listed). */
  ms: number;
  /** Click/change received → DuckDB worker idle again (every panel query answered). */
  settledMs: number | null;
  /** Requests posted to the DuckDB worker before `ms` was reached. */
  queries: number;
  /** The worker's time on them. */
  workerMs: number;
  /** Of which the map's own measure queries. */
  mapSqlMs: number;
  /** Main-thread long tasks (≥ 50 ms: React, layer building, drawing) within `ms`. */
  mainThreadMs: number;
  slowest: { label: string; ms: number } | null;
}

export interface MemorySample {
  at: string;
  jsHeapUsedBytes: number | null;
  jsHeapTotalBytes: number | null;
  wasmMemoryBytes: number | null;
  duckdbMemoryBytes: number | null;
  rendererRssBytes: number | null;
  rendererPeakRssBytes: number | null;
}

/** What the app's server sent during one visit (requests answered from the browser's cache never reach it). */
export interface ServerLog {
  requests: number;
  /** Answered 200 with a body, and of those the .wasm files. */
  downloads: number;
  wasmDownloads: string[];
  /** Answered 304: revalidated, nothing sent. */
  revalidated: number;
  bytesSent: number;
}

export interface AppVisit {
  cold: ColdStart;
  server: ServerLog;
  /**
   * Page-clock ms spent waiting on the server for the files revalidated or fetched in this visit (the page, the
   * manifest, the tables; summed, so overlapping requests count twice): what a service worker could at most save.
   */
  networkWaitMs: number;
}

/** One round of the floor/app alternation: the app on an empty profile, the floor on another, the app again. */
export interface VisitRound {
  appFirst: AppVisit | null;
  floor: FloorVisit | null;
  appRepeat: AppVisit | null;
  error: string | null;
}

export interface BrowserResult {
  chromium: string;
  /** First and repeat visits alternating with the floor page (see `VisitRound`), and their summaries. */
  visits: VisitRound[];
  floorFirstMapMs: Summary | null;
  floorRepaintMs: Summary | null;
  firstVisitMs: Summary | null;
  repeatVisitMs: Summary | null;
  /** The map's size in the app (CSS pixels), which the floor page copies. */
  mapSize: { width: number; height: number } | null;
  /** Launched without --disable-gpu (see --gpu-compositing). */
  gpuCompositing: boolean;
  url: string;
  coldStarts: ColdStart[];
  coldStartMs: Summary | null;
  /** Why a cold start did not reach the map (the later runs and the interactions are then skipped). */
  coldStartError: string | null;
  interactions: Interaction[];
  summary: Record<Interaction['kind'], Summary | null>;
  settled: Record<Interaction['kind'], Summary | null>;
  memory: MemorySample[];
  /** Slowest distinct queries seen in the worker during the whole run (label, calls, median and max ms). */
  slowestQueries: { label: string; calls: number; medianMs: number; maxMs: number }[];
  /** Main-thread CPU profiles of a separate, untimed run, by package (see ./profile.ts); null when not asked for. */
  profiles: { coldStart: ProfiledSegment; themeSwitches: ProfiledSegment; cachedThemeSwitches: ProfiledSegment } | null;
  profileError: string | null;
  errors: string[];
  interactionError: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels for SQL seen in the worker

function themeMapSql(theme: Theme, month: string, asOf: string, profile: VisitProfile): Map<string, string> {
  const date = evaluationDate(month, asOf);
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
  const entries: [string, string][] =
    theme === 'risk'
      ? [
          [riskMixSql({ level: 'township', asOf: date }), 'map: riskMix township'],
          [riskMixSql({ level: 'village', asOf: date }), 'map: riskMix village'],
        ]
      : theme === 'visits'
        ? [
            [visitComplianceSql({ level: 'township', month, asOf, profile }), 'map: visitCompliance township'],
            [visitComplianceSql({ level: 'village', month, asOf, profile }), 'map: visitCompliance village'],
          ]
        : theme === 'stations'
          ? [
              [stationCoverageSql({ level: 'township', asOf: date }), 'map: stationCoverage township'],
              [stationCoverageSql({ level: 'village', asOf: date }), 'map: stationCoverage village'],
              [stationPointsSql({}), 'map: stationPoints'],
            ]
          : [
              [waterSafetySql({ level: 'township', asOf: date, intervalDays }), 'map: waterSafety township'],
              [waterSafetySql({ level: 'village', asOf: date, intervalDays }), 'map: waterSafety village'],
              [waterPointsSql({ asOf: date, intervalDays }), 'map: waterPoints'],
            ];
  return new Map(entries);
}

/** A short label for SQL that is not one of the map's: its first words and the tables it reads. */
function sqlLabel(sql: string, known: Map<string, string>): string {
  const k = known.get(sql);
  if (k) return k;
  if (sql === regionsSql()) return 'regions';
  if (OFFLINE_SETTINGS.includes(sql)) return 'setting';
  const staging = /staging_\d+_(?:raw_)?(\w+)/.exec(sql);
  const head = sql.replace(/\s+/g, ' ').trim().slice(0, 48);
  if (staging) return `loader(${staging[1]}): ${head.slice(0, 30)}`;
  const tables = [...new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+"?(regions|children|colour_assessments|visits|stations|staff|water_points)\b/gi)].map((m) => (m[1] as string).toLowerCase()))];
  return `panel: ${tables.join('+') || head}`;
}

/** Posted → answer handled on the page: includes waiting behind other requests and for a busy main thread. */
const dur = (r: WorkerRecord): number => (r.end ?? r.start) - r.start;
/** Time the worker itself spent on the request (falls back to `dur` when the worker hook missed it). */
const svc = (r: WorkerRecord): number => (r.serviceStart != null && r.serviceEnd != null ? r.serviceEnd - r.serviceStart : dur(r));

/** Milliseconds of main-thread long tasks (≥ 50 ms each) overlapping [from, to]. */
function longTaskMs(tasks: readonly LongTask[], from: number, to: number): number {
  let sum = 0;
  for (const t of tasks) sum += Math.max(0, Math.min(to, t.start + t.duration) - Math.max(from, t.start));
  return Math.round(sum);
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers

/** The DuckDB worker of each page, once its probe is installed. */
const duckdbWorkers = new WeakMap<Page, import('playwright-core').Worker>();

function probeWorkers(page: Page): void {
  page.on('worker', (worker) => {
    if (!/duckdb/.test(worker.url())) return;
    duckdbWorkers.set(page, worker);
    worker.evaluate(WORKER_PROBE).catch(() => undefined);
  });
}

/** The page's log, with the worker's own take-up and answer times merged in (read it when the worker is idle). */
async function readLog(page: Page): Promise<ProbeLog> {
  const log = JSON.parse(
    await page.evaluate(
      'JSON.stringify({ timeOrigin: window.__bench.timeOrigin, workerCreated: window.__bench.workerCreated, longTasks: window.__bench.longTasks, worker: window.__bench.worker, states: window.__bench.states, events: window.__bench.events, loadError: window.__bench.loadError })',
    ),
  ) as ProbeLog;
  const worker = duckdbWorkers.get(page);
  if (worker) {
    try {
      const w = JSON.parse(String(await worker.evaluate('JSON.stringify(globalThis.__benchW || null)'))) as WorkerServiceLog | null;
      if (w) {
        const shift = w.timeOrigin - log.timeOrigin;
        const byId = new Map(w.list.map((r) => [r.id, r]));
        for (const r of log.worker) {
          const s = byId.get(r.id);
          if (!s) continue;
          r.serviceStart = s.recv + shift;
          r.serviceEnd = s.done === null ? null : s.done + shift;
        }
      }
    } catch {
      /* worker gone */
    }
  }
  return log;
}

/** Waits for `expression` (page JavaScript returning a truthy number) and returns its value; fails on a crash. */
async function waitForValue(page: Page, expression: string, timeout: number, what: string): Promise<number> {
  try {
    const handle = await page.waitForFunction(expression, null, { polling: 25, timeout });
    return Number(await handle.jsonValue());
  } catch (e) {
    const loadError = await page.evaluate('window.__bench && window.__bench.loadError').catch(() => null);
    throw new Error(`${what}: ${loadError ? `the app shows an error: ${String(loadError)}` : e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

async function eventCount(page: Page): Promise<number> {
  return Number(await page.evaluate('window.__bench.events.length'));
}

/** The page-clock time of the first event of `type` recorded after index `from`. */
async function eventTime(page: Page, from: number, type: string, timeout: number): Promise<number> {
  return waitForValue(page, `(() => { const e = window.__bench.events.slice(${from}).find((x) => x.type === ${JSON.stringify(type)}); return e ? e.t || 1e-9 : 0; })()`, timeout, `no ${type} event`);
}

/** DuckDB ready (the first view may be drawn before it: its notice, engine-status, goes when it is) and idle. */
async function waitIdle(page: Page, timeout: number): Promise<void> {
  await waitForValue(page, `(!document.querySelector('[data-testid="engine-status"]') && window.__bench.idle(250)) ? 1 : 0`, timeout, 'DuckDB not ready or not idle');
}

// ---------------------------------------------------------------------------------------------------------------
// Memory

function procStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

async function rendererMemory(browserSession: CDPSession | null): Promise<{ rss: number; hwm: number } | null> {
  if (!browserSession) return null;
  try {
    const info = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    // The tab's renderer: the renderer process with the highest peak (the others are spare or about:blank).
    let best: { rss: number; hwm: number } | null = null;
    for (const p of info.processInfo) {
      if (p.type !== 'renderer') continue;
      const s = procStatus(p.id);
      if (s && (!best || s.hwm > best.hwm)) best = s;
    }
    return best;
  } catch {
    return null;
  }
}

const WASM_MEMORY_JS = `(() => {
  const b = globalThis.DUCKDB_BINDINGS;
  const heap = b && b.mod && b.mod.HEAP8;
  let duckdb = null;
  try {
    const c = b.connect();
    const t = c.query("SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS b FROM duckdb_memory()");
    duckdb = Number(t.getChildAt(0).get(0));
    c.close();
  } catch (e) { duckdb = null; }
  return JSON.stringify({ wasm: heap ? heap.buffer.byteLength : null, duckdb });
})()`;

async function memorySample(page: Page, pageSession: CDPSession, browserSession: CDPSession | null, at: string): Promise<MemorySample> {
  let jsHeapUsedBytes: number | null = null;
  let jsHeapTotalBytes: number | null = null;
  try {
    const { metrics } = (await pageSession.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    jsHeapUsedBytes = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    jsHeapTotalBytes = metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? null;
  } catch {
    /* page gone */
  }
  let wasmMemoryBytes: number | null = null;
  let duckdbMemoryBytes: number | null = null;
  const worker = page.workers().find((w) => /duckdb/.test(w.url()));
  if (worker) {
    try {
      const m = JSON.parse(String(await worker.evaluate(WASM_MEMORY_JS))) as { wasm: number | null; duckdb: number | null };
      wasmMemoryBytes = m.wasm;
      duckdbMemoryBytes = m.duckdb;
    } catch {
      /* worker busy or gone */
    }
  }
  const proc = await rendererMemory(browserSession);
  return { at, jsHeapUsedBytes, jsHeapTotalBytes, wasmMemoryBytes, duckdbMemoryBytes, rendererRssBytes: proc?.rss ?? null, rendererPeakRssBytes: proc?.hwm ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Cold start

interface ResourceEntry {
  name: string;
  startTime: number;
  responseEnd: number;
  encodedBodySize: number;
}

function analyzeColdStart(log: ProbeLog, resources: ResourceEntry[], firstDrawnAt: number, known: Map<string, string>): ColdStart {
  const w = log.worker;
  const instantiate = w.find((r) => r.type === 'INSTANTIATE');
  const settings = w.filter((r) => r.type === 'RUN_QUERY' && r.sql !== undefined && OFFLINE_SETTINGS.includes(r.sql));
  const engineReadyAt = settings.length > 0 ? Math.max(...settings.map((r) => r.end ?? r.start)) : null;
  const manifest = resources.find((r) => r.name.includes(`${EXTRACT_ROUTE}manifest.json`));
  const inserts = w.filter((r) => r.type === 'INSERT_ARROW_FROM_IPC_STREAM');
  const tables: TableLoad[] = [];
  let lastDone: number | null = null;
  for (const ins of inserts) {
    const table = /raw_(\w+)$/.exec(ins.table ?? '')?.[1] ?? String(ins.table);
    const res = resources.find((r) => r.name.includes(`${EXTRACT_ROUTE}${table}.parquet`));
    const drop = w.find((r) => r.type === 'RUN_QUERY' && r.start >= (ins.end ?? ins.start) && r.sql !== undefined && new RegExp(`^DROP TABLE "staging_\\d+_raw_${table}"$`).test(r.sql));
    const checks = w.filter((r) => r.type === 'RUN_QUERY' && r.start >= (ins.end ?? ins.start) && drop && r.start <= drop.start);
    const done = drop?.end ?? null;
    if (done !== null) lastDone = done;
    tables.push({
      table,
      fileBytes: res?.encodedBodySize ?? null,
      arrowBytes: ins.bytes ?? null,
      fetchMs: res ? res.responseEnd - res.startTime : null,
      decodeMs: res ? ins.start - res.responseEnd : null,
      insertMs: ins.end !== null ? svc(ins) : null,
      checksMs: done !== null && ins.end !== null ? done - ins.end : null,
      checksWorkerMs: Math.round(checks.reduce((sum, r) => sum + svc(r), 0)),
      checkQueries: checks.length,
    });
  }
  const regionsSqlText = regionsSql();
  const regions = w.find((r) => r.type === 'RUN_QUERY' && r.sql === regionsSqlText);
  const firstMap = regions ? w.filter((r) => r.type === 'RUN_QUERY' && r.start >= (regions.end ?? regions.start) && r.start <= firstDrawnAt) : [];
  const before = w.filter((r) => r.start <= firstDrawnAt);
  return {
    workerCreatedAt: log.workerCreated,
    instantiateMs: instantiate?.end ? dur(instantiate) : null,
    engineReadyAt,
    manifestAt: manifest?.startTime ?? null,
    tablesDoneAt: lastDone,
    tables,
    crossChecksAndSwapMs: lastDone !== null && regions ? regions.start - lastDone : null,
    regionsQueryMs: regions?.end ? svc(regions) : null,
    firstMapMs: regions?.end ? firstDrawnAt - regions.end : null,
    firstMapWorkerMs: regions?.end ? Math.round(firstMap.reduce((sum, r) => sum + svc(r), 0)) : null,
    firstMapMainThreadMs: regions?.end ? longTaskMs(log.longTasks, regions.end, firstDrawnAt) : null,
    firstMapQueries: firstMap.map((r) => ({ label: sqlLabel(r.sql ?? '', known), ms: Math.round(svc(r)) })),
    firstDrawnAt,
    workerRequests: before.length,
    workerBusyMs: Math.round(before.reduce((sum, r) => sum + svc(r), 0)),
    mainThreadLongTaskMs: longTaskMs(log.longTasks, 0, firstDrawnAt),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Interactions

interface Ctx {
  page: Page;
  asOf: string;
  profile: VisitProfile;
  timeout: number;
  interactions: Interaction[];
  /** Called after each interaction (saves the partial result). */
  onStep: () => void;
  /** Records the tab's memory now, labelled `at`. */
  sampleMemory?: (at: string) => Promise<void>;
}

function describeWindow(log: ProbeLog, t0: number, tDone: number, known: Map<string, string>): Pick<Interaction, 'queries' | 'workerMs' | 'mapSqlMs' | 'mainThreadMs' | 'slowest'> {
  const reqs = log.worker.filter((r) => r.start >= t0 && r.start <= tDone);
  let mapSqlMs = 0;
  let slowest: Interaction['slowest'] = null;
  for (const r of reqs) {
    const label = sqlLabel(r.sql ?? r.type, known);
    const ms = svc(r);
    if (label.startsWith('map:')) mapSqlMs += ms;
    if (!slowest || ms > slowest.ms) slowest = { label, ms: Math.round(ms) };
  }
  return {
    queries: reqs.length,
    workerMs: Math.round(reqs.reduce((sum, r) => sum + svc(r), 0)),
    mapSqlMs: Math.round(mapSqlMs),
    mainThreadMs: longTaskMs(log.longTasks, t0, tDone),
    slowest,
  };
}

async function settledAfter(page: Page, t0: number, timeout: number): Promise<number | null> {
  try {
    await waitIdle(page, timeout);
  } catch {
    return null;
  }
  const log = await readLog(page);
  const ends = log.worker.filter((r) => r.start >= t0 && r.end !== null).map((r) => r.end as number);
  return ends.length > 0 ? Math.max(...ends) - t0 : 0;
}

/** One interaction: `act` clicks or changes something; done when `doneExpr(t0)` (page JS) returns a time. */
async function timed(ctx: Ctx, kind: Interaction['kind'], to: string, eventType: string, act: () => Promise<void>, doneExpr: (t0: number) => string, known: Map<string, string>): Promise<Interaction> {
  const { page } = ctx;
  const n = await eventCount(page);
  await act();
  const t0 = await eventTime(page, n, eventType, ctx.timeout);
  const tDone = await waitForValue(page, doneExpr(t0), ctx.timeout, `${kind} to ${to}`);
  const settled = await settledAfter(page, t0, ctx.timeout);
  const log = await readLog(page);
  const result: Interaction = {
    kind,
    to,
    ms: Math.round((tDone - t0) * 10) / 10,
    settledMs: settled === null ? null : Math.round(settled),
    ...describeWindow(log, t0, tDone, known),
  };
  ctx.interactions.push(result);
  ctx.onStep();
  return result;
}

const drawnExpr = (theme: Theme) => (t0: number) => `window.__bench.drawnAfter(${t0}, ${JSON.stringify(theme)})`;

async function switchTheme(ctx: Ctx, kind: 'theme' | 'theme-uncached' | 'theme-cached', theme: Theme, month: string): Promise<void> {
  await timed(ctx, kind, `${theme}@${month}`, 'click', () => ctx.page.getByTestId(`theme-${theme}`).click(), drawnExpr(theme), themeMapSql(theme, month, ctx.asOf, ctx.profile));
}

async function changeMonth(ctx: Ctx, kind: 'month' | 'month-uncached', theme: Theme, month: string): Promise<void> {
  await timed(
    ctx,
    kind,
    `${theme}@${month}`,
    'change',
    async () => {
      await ctx.page.getByTestId('month').selectOption(month);
    },
    drawnExpr(theme),
    themeMapSql(theme, month, ctx.asOf, ctx.profile),
  );
}

/**
 * Theme switches and month changes, every one to a view not seen before: blocks of two months, walking the four
 * themes so that moves alternate between a theme switch and a month change (24 + 23 moves over 12 months for 20
 * repetitions). Returns the number of blocks walked.
 */
async function walkNewViews(ctx: Ctx, reps: number, themeKind: 'theme' | 'theme-uncached', monthKind: 'month' | 'month-uncached'): Promise<number> {
  const months = monthsEnding(monthOf(ctx.asOf), 12).reverse(); // latest first: the page starts at the latest
  const blocks = Math.min(6, Math.ceil((reps + 1) / 4));
  let theme: Theme = 'risk';
  for (let b = 0; b < blocks; b++) {
    const ma = months[2 * b] as string;
    const mb = months[2 * b + 1] as string;
    if (b > 0) await changeMonth(ctx, monthKind, theme, ma);
    const path: [Theme, string][] = [
      ['visits', ma],
      ['visits', mb],
      ['stations', mb],
      ['stations', ma],
      ['water', ma],
      ['water', mb],
      ['risk', mb],
    ];
    for (const [t, m] of path) {
      if (t !== theme) await switchTheme(ctx, themeKind, t, m);
      else await changeMonth(ctx, monthKind, t, m);
      theme = t;
    }
  }
  return blocks;
}

/** The sub-area table's rows: code and the number in its second column (children), most first. */
async function subAreaRows(page: Page): Promise<[string, number][]> {
  const rows = JSON.parse(
    String(
      await page.evaluate(
        `JSON.stringify([...document.querySelectorAll('[data-testid="sub-areas"] tbody tr')].map((r) => [r.getAttribute('data-code'), Number((r.cells[1] ? r.cells[1].textContent : '0').replace(/[^0-9]/g, ''))]))`,
      ),
    ),
  ) as [string | null, number][];
  return rows.filter((r): r is [string, number] => typeof r[0] === 'string').sort((a, b) => b[1] - a[1]);
}

/** Waits until the map is drawn with the sub-area table listing areas of `length`-digit codes under `prefix`. */
async function waitSubAreas(ctx: Ctx, prefix: string, length: number, what: string): Promise<void> {
  await waitForValue(
    ctx.page,
    `(() => { const s = window.__bench.states[window.__bench.states.length - 1]; return s && s.drawn === 'yes' && s.sub && s.sub.length === ${length} && s.sub.startsWith(${JSON.stringify(prefix)}) ? 1 : 0; })()`,
    ctx.timeout,
    what,
  );
}

/**
 * Above the county (a city or province extract): drills into `count` counties in turn, each in another city when
 * the top is a province: the city (untimed), then the county (timed: click → the county's townships listed, its raw
 * tables fetched and loaded first), memory sampled, then Back to the top. Counties loaded stay loaded (or are
 * released by the app's own budget), so the memory after the last one is the tab's after `count` counties.
 */
async function countyDrills(ctx: Ctx, count: number): Promise<void> {
  const { page } = ctx;
  const top = await subAreaRows(page);
  const topLength = top[0]?.[0].length ?? 0;
  const topPrefix = (top[0]?.[0] ?? '').slice(0, topLength === 4 ? 2 : 4);
  const riskKnown = themeMapSql('risk', monthOf(ctx.asOf), ctx.asOf, ctx.profile);
  for (let i = 0; i < count; i++) {
    let back = 1;
    let county: string | undefined;
    if (topLength === 4) {
      const city = top[i % top.length]?.[0] as string;
      await page.locator(`[data-testid="sub-areas"] tbody tr[data-code="${city}"]`).click();
      await waitSubAreas(ctx, city, 6, `city ${city}`);
      await waitIdle(page, ctx.timeout);
      county = (await subAreaRows(page))[0]?.[0];
      back = 2;
    } else county = top[i % top.length]?.[0];
    if (!county || county.length !== 6) throw new Error(`no county to drill into (top level codes of ${topLength} digits)`);
    await timed(ctx, 'drill-county', county, 'click', () => page.locator(`[data-testid="sub-areas"] tbody tr[data-code="${county}"]`).click(), (t0) => `window.__bench.subAfter(${t0}, ${JSON.stringify(county)})`, riskKnown);
    await waitIdle(page, ctx.timeout);
    await ctx.sampleMemory?.(`after drilling into county ${i + 1} (${county})`);
    for (let b = 0; b < back; b++) await page.goBack();
    await waitSubAreas(ctx, topPrefix, topLength, 'back to the top');
    await waitIdle(page, ctx.timeout);
  }
}

async function runInteractions(ctx: Ctx, reps: number): Promise<void> {
  const { page } = ctx;
  const months = monthsEnding(monthOf(ctx.asOf), 12).reverse(); // latest first: the page starts at the latest
  const latest = months[0] as string;
  const riskKnown = themeMapSql('risk', latest, ctx.asOf, ctx.profile);

  // Drill-downs: from the county, click a township in the risk theme's sub-area table (those with the most children
  // first, i.e. real townships before farms and institutes); Back returns to the county.
  const rows = JSON.parse(
    String(
      await page.evaluate(
        `JSON.stringify([...document.querySelectorAll('[data-testid="sub-areas"] tbody tr')].map((r) => [r.getAttribute('data-code'), Number((r.cells[1] ? r.cells[1].textContent : '0').replace(/[^0-9]/g, ''))]))`,
      ),
    ),
  ) as [string | null, number][];
  const codes = rows
    .filter((r): r is [string, number] => typeof r[0] === 'string' && r[0].length === 9)
    .sort((a, b) => b[1] - a[1])
    .map((r) => r[0]);
  // Above the county the sub-areas are cities or counties: drill into three counties in turn instead.
  if (codes.length === 0) await countyDrills(ctx, 3);
  for (const code of codes.slice(0, reps)) {
    await timed(ctx, 'drill', code, 'click', () => page.locator(`[data-testid="sub-areas"] tbody tr[data-code="${code}"]`).click(), (t0) => `window.__bench.subAfter(${t0}, ${JSON.stringify(code)})`, riskKnown);
    await timed(
      ctx,
      'drill-up',
      'county',
      'popstate',
      async () => {
        await page.goBack();
      },
      (t0) => `window.__bench.subTownshipsAfter(${t0})`,
      riskKnown,
    );
  }

  const blocks = await walkNewViews(ctx, reps, 'theme', 'month');
  // Theme switches served from the query cache: one untimed round to fill it, then `reps` timed.
  const month = months[2 * blocks - 1] as string;
  const order: Theme[] = ['visits', 'stations', 'water', 'risk'];
  for (const t of order) {
    await ctx.page.getByTestId(`theme-${t}`).click();
    await waitForValue(page, `(() => { const s = window.__bench.states[window.__bench.states.length - 1]; return s && s.theme === ${JSON.stringify(t)} && s.drawn === 'yes' ? 1 : 0; })()`, ctx.timeout, `theme ${t}`);
    await waitIdle(page, ctx.timeout);
  }
  for (let i = 0; i < reps; i++) await switchTheme(ctx, 'theme-cached', order[i % order.length] as Theme, month);
}

// ---------------------------------------------------------------------------------------------------------------

export interface BrowserOptions {
  /** The floor page (./floor.ts) and the scale's townships as GeoJSON; null: no floor or first/repeat visits. */
  floor: { dir: string; geojson: string } | null;
  dist: string;
  extract: string;
  reps: number;
  coldRuns: number;
  timeoutMs: number;
  /** Also profile the main thread in an extra, untimed run. */
  profile: boolean;
  gpuCompositing: boolean;
}

/** One profiled segment: the main thread's CPU profile by package, and the trace's summary. */
export interface ProfiledSegment {
  cpu: Attribution;
  trace: TraceSummary | null;
}

/**
 * An extra run under the CPU profiler and the tracer (so its times are not reported as timings): load to first map,
 * four theme switches to views not seen yet, then eight switches served from the query cache.
 */
async function profileRun(browser: Browser, url: string, dist: string, timeout: number): Promise<NonNullable<BrowserResult['profiles']>> {
  const attribute = createAttributor(dist);
  const { page, context } = await openBenchPage(browser);
  try {
    await page.addInitScript(PAGE_PROBE);
    probeWorkers(page);
    const session = await context.newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    const segment = async (run: () => Promise<void>): Promise<ProfiledSegment> => {
      let tracing = true;
      await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'gpu'] }).catch(() => {
        tracing = false;
      });
      await session.send('Profiler.start');
      await run();
      const cpu = attribute(((await session.send('Profiler.stop')) as { profile: CpuProfile }).profile);
      let trace: TraceSummary | null = null;
      if (tracing) trace = await browser.stopTracing().then(summarizeTrace, () => null);
      return { cpu, trace };
    };
    const cycle = async (themes: Theme[]) => {
      for (const t of themes) {
        const from = Number(await page.evaluate('performance.now()'));
        await page.getByTestId(`theme-${t}`).click();
        await waitForValue(page, `window.__bench.drawnAfter(${from}, ${JSON.stringify(t)})`, timeout, `theme ${t} (profiled run)`);
        await waitIdle(page, timeout);
      }
    };
    const coldStart = await segment(async () => {
      await page.goto(url);
      await waitForValue(page, 'window.__bench.drawnAfter(0, null)', timeout, 'first map (profiled run)');
    });
    await waitIdle(page, timeout);
    const themeSwitches = await segment(() => cycle(['visits', 'stations', 'water', 'risk']));
    const cachedThemeSwitches = await segment(() => cycle(['visits', 'stations', 'water', 'risk', 'visits', 'stations', 'water', 'risk']));
    return { coldStart, themeSwitches, cachedThemeSwitches };
  } finally {
    await context.close();
  }
}

async function launch(gpuCompositing: boolean): Promise<Browser> {
  if (!gpuCompositing) return launchChromium();
  // The browser tests' flags without --disable-gpu: SwiftShader then also composites, so the WebGL canvases are not
  // read back to the main thread for software compositing every frame (closer to a machine with a GPU).
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu') });
}

export async function benchBrowser(options: BrowserOptions, onPartial: (r: BrowserResult) => void = () => undefined): Promise<BrowserResult> {
  const manifest = JSON.parse(readFileSync(resolve(options.extract, 'manifest.json'), 'utf8')) as { as_of: string };
  const asOf = manifest.as_of;
  const profile = BUILTIN_PROFILES[0] as VisitProfile;
  const server = await benchServer(options.dist, {
    [EXTRACT_ROUTE]: options.extract,
    ...(options.floor ? { [FLOOR_ROUTE]: options.floor.dir, [FLOOR_DATA_ROUTE]: dirname(options.floor.geojson) } : {}),
  });
  let browser: Browser | null = null;
  const errors: string[] = [];
  const coldStarts: ColdStart[] = [];
  const memory: MemorySample[] = [];
  const interactions: Interaction[] = [];
  const allRequests: WorkerRecord[] = [];
  let interactionError: string | null = null;
  let coldStartError: string | null = null;
  let chromiumVersion = '';
  let profiles: BrowserResult['profiles'] = null;
  let profileError: string | null = null;
  const url = `${server.url}index.html?extract=${EXTRACT_ROUTE.slice(1)}`;

  const ctx = (page: Page): Ctx => ({ page, asOf, profile, timeout: options.timeoutMs, interactions, onStep: () => onPartial(result()) });
  const known = new Map<string, string>();
  for (const t of THEMES) for (const m of monthsEnding(monthOf(asOf), 12)) for (const [sql, label] of themeMapSql(t, m, asOf, profile)) known.set(sql, label);
  const visits: VisitRound[] = [];
  let mapSize: BrowserResult['mapSize'] = null;
  const result = (): BrowserResult => {
    const kinds = INTERACTION_KINDS;
    const summary = Object.fromEntries(kinds.map((k) => [k, summarize(interactions.filter((i) => i.kind === k).map((i) => i.ms))])) as BrowserResult['summary'];
    const settled = Object.fromEntries(
      kinds.map((k) => [k, summarize(interactions.filter((i) => i.kind === k && i.settledMs !== null).map((i) => i.settledMs as number))]),
    ) as BrowserResult['settled'];
    const byLabel = new Map<string, number[]>();
    for (const r of allRequests) {
      if (r.type !== 'RUN_QUERY' || r.end === null) continue;
      const label = sqlLabel(r.sql ?? '', known);
      byLabel.set(label, [...(byLabel.get(label) ?? []), svc(r)]);
    }
    const slowestQueries = [...byLabel]
      .map(([label, ms]) => ({ label, calls: ms.length, medianMs: Math.round(median(ms)), maxMs: Math.round(Math.max(...ms)) }))
      .sort((a, b) => b.maxMs - a.maxMs)
      .slice(0, 15);
    return {
      chromium: chromiumVersion,
      visits,
      floorFirstMapMs: summarize(visits.flatMap((v) => (v.floor ? [v.floor.firstMapAt] : []))),
      floorRepaintMs: summarize(visits.flatMap((v) => v.floor?.repaints ?? [])),
      firstVisitMs: summarize(visits.flatMap((v) => (v.appFirst ? [v.appFirst.cold.firstDrawnAt] : []))),
      repeatVisitMs: summarize(visits.flatMap((v) => (v.appRepeat ? [v.appRepeat.cold.firstDrawnAt] : []))),
      mapSize,
      gpuCompositing: options.gpuCompositing,
      url,
      coldStarts,
      coldStartMs: summarize(coldStarts.map((c) => c.firstDrawnAt)),
      coldStartError,
      interactions,
      summary,
      settled,
      memory,
      slowestQueries,
      profiles,
      profileError,
      errors,
      interactionError,
    };
  };

  /** One visit of the app on the profile in `dir`: a fresh browser process, as a user opening it again. */
  const appVisit = async (dir: string, stay: boolean): Promise<AppVisit> => {
    const context = await launchProfile(dir, options.gpuCompositing);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.addInitScript(PAGE_PROBE);
      probeWorkers(page);
      const from = server.log.length;
      await page.goto(url);
      const firstDrawnAt = await waitForValue(page, 'window.__bench.drawnAfter(0, null)', options.timeoutMs, 'first map');
      const log = await readLog(page);
      const resources = JSON.parse(
        await page.evaluate(
          "JSON.stringify(performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd, encodedBodySize: e.encodedBodySize, transferSize: e.transferSize })))",
        ),
      ) as (ResourceEntry & { transferSize: number })[];
      const nav = JSON.parse(await page.evaluate("JSON.stringify(performance.getEntriesByType('navigation').map((e) => [e.fetchStart, e.responseEnd, e.transferSize])[0] || null)")) as [number, number, number] | null;
      const cold = analyzeColdStart(log, resources, firstDrawnAt, themeMapSql('risk', monthOf(asOf), asOf, profile));
      mapSize ??= JSON.parse(
        await page.evaluate("(() => { const c = document.querySelector('.maplibregl-canvas'); return JSON.stringify(c ? { width: c.clientWidth, height: c.clientHeight } : null); })()"),
      ) as BrowserResult['mapSize'];
      const networkWaitMs = Math.round(
        resources.filter((r) => r.transferSize > 0 && r.startTime <= firstDrawnAt).reduce((sum, r) => sum + (r.responseEnd - r.startTime), 0) + (nav && nav[2] > 0 ? nav[1] - nav[0] : 0),
      );
      const server_ = serverSummary(server.log.slice(from));
      if (stay) {
        await waitIdle(page, options.timeoutMs);
        await page.waitForTimeout(STAY_MS);
      }
      return { cold, server: server_, networkWaitMs };
    } finally {
      await context.close().catch(() => undefined);
    }
  };

  try {
    if (options.floor) {
      const geojson = `${FLOOR_DATA_ROUTE.slice(1)}${basename(options.floor.geojson)}`;
      const perRound = Math.max(3, Math.ceil(options.reps / options.coldRuns));
      for (let round = 0; round < options.coldRuns; round++) {
        const v: VisitRound = { appFirst: null, floor: null, appRepeat: null, error: null };
        visits.push(v);
        const appDir = mkdtempSync(join(tmpdir(), 'care-atlas-bench-app-'));
        const floorDir = mkdtempSync(join(tmpdir(), 'care-atlas-bench-floor-'));
        try {
          console.log(`visits ${round + 1}/${options.coldRuns}: app on an empty profile…`);
          v.appFirst = await appVisit(appDir, true);
          const size = mapSize ?? { width: 1000, height: 800 };
          const floorContext = await launchProfile(floorDir, options.gpuCompositing);
          try {
            const floorUrl = `${server.url}${FLOOR_ROUTE.slice(1)}index.html?data=${encodeURIComponent(`../${geojson}`)}&w=${size.width}&h=${size.height}`;
            v.floor = await measureFloor(floorContext, floorUrl, perRound, options.timeoutMs);
          } finally {
            await floorContext.close().catch(() => undefined);
          }
          console.log(`  floor: first map ${Math.round(v.floor.firstMapAt)} ms; app first visit ${Math.round(v.appFirst.cold.firstDrawnAt)} ms; app again on the same profile…`);
          v.appRepeat = await appVisit(appDir, false);
          console.log(`  repeat visit ${Math.round(v.appRepeat.cold.firstDrawnAt)} ms (${v.appRepeat.server.downloads} downloads, ${v.appRepeat.server.revalidated} revalidated)`);
        } catch (e) {
          v.error = e instanceof Error ? e.message : String(e);
          console.error(`visits ${round + 1}: ${v.error}`);
        } finally {
          rmSync(appDir, { recursive: true, force: true });
          rmSync(floorDir, { recursive: true, force: true });
          onPartial(result());
        }
      }
    }
    browser = await launch(options.gpuCompositing);
    chromiumVersion = browser.version();
    const browserSession = await browser.newBrowserCDPSession().catch(() => null);
    const initialKnown = themeMapSql('risk', monthOf(asOf), asOf, profile);
    let last: { page: Page; session: CDPSession; close: () => Promise<void> } | null = null;
    for (let run = 0; run < options.coldRuns; run++) {
      await last?.close();
      last = null;
      // openPage navigates at once; the probe must be in place before the app starts, so open about:blank first.
      const opened = await openBenchPage(browser);
      const { page, context } = opened;
      await page.addInitScript(PAGE_PROBE);
      probeWorkers(page);
      const session = await context.newCDPSession(page);
      await session.send('Performance.enable');
      let crashed = false;
      page.on('crash', () => {
        crashed = true;
      });
      console.log(`cold start ${run + 1}/${options.coldRuns}…`);
      try {
        await page.goto(url);
        const firstDrawnAt = await waitForValue(page, 'window.__bench.drawnAfter(0, null)', options.timeoutMs, 'first map');
        const log = await readLog(page);
        const resources = JSON.parse(
          await page.evaluate(
            "JSON.stringify(performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd, encodedBodySize: e.encodedBodySize })))",
          ),
        ) as ResourceEntry[];
        const cold = analyzeColdStart(log, resources, firstDrawnAt, initialKnown);
        coldStarts.push(cold);
        console.log(`  first map at ${Math.round(firstDrawnAt)} ms (engine ready ${Math.round(cold.engineReadyAt ?? NaN)} ms, tables done ${Math.round(cold.tablesDoneAt ?? NaN)} ms)`);
        await waitIdle(page, options.timeoutMs);
        memory.push(await memorySample(page, session, browserSession, `after cold start ${run + 1}`));
        last = { page, session, close: () => context.close() };
      } catch (e) {
        const peak = await rendererMemory(browserSession);
        coldStartError = `${crashed ? 'the tab crashed (out of memory?)' : e instanceof Error ? e.message : String(e)}${peak ? ` — renderer peak RSS ${fmtMB(peak.hwm)}` : ''}`;
        console.error(`cold start failed: ${coldStartError}`);
        await context.close().catch(() => undefined);
        break;
      } finally {
        errors.push(...opened.errors);
        opened.errors.length = 0;
        onPartial(result());
      }
    }
    if (last) {
      const { page, session } = last;
      console.log(`interactions (${options.reps} repetitions)…`);
      try {
        await runInteractions({ ...ctx(page), sampleMemory: async (at) => void memory.push(await memorySample(page, session, browserSession, at)) }, options.reps);
      } catch (e) {
        interactionError = e instanceof Error ? e.message : String(e);
        console.error(`interactions stopped: ${interactionError}`);
      }
      memory.push(await memorySample(page, session, browserSession, 'after interactions'));
      allRequests.push(...(await readLog(page).catch(() => ({ worker: [] as WorkerRecord[] }))).worker);
      await last.close();
      onPartial(result());
      if (interactionError === null) {
        // The same walk with nothing fetched ahead: every change waits for its own queries.
        console.log('interactions without prefetching…');
        const opened = await openBenchPage(browser);
        try {
          await opened.page.addInitScript(PAGE_PROBE);
          probeWorkers(opened.page);
          await opened.page.goto(`${url}&prefetch=0`);
          await waitForValue(opened.page, 'window.__bench.drawnAfter(0, null)', options.timeoutMs, 'first map (prefetch=0)');
          await waitIdle(opened.page, options.timeoutMs);
          await walkNewViews(ctx(opened.page), Math.max(3, Math.floor(options.reps / 2)), 'theme-uncached', 'month-uncached');
          allRequests.push(...(await readLog(opened.page).catch(() => ({ worker: [] as WorkerRecord[] }))).worker);
        } catch (e) {
          interactionError = e instanceof Error ? e.message : String(e);
          console.error(`interactions without prefetching stopped: ${interactionError}`);
        } finally {
          errors.push(...opened.errors);
          await opened.context.close();
          onPartial(result());
        }
      }
    }
    if (options.profile && coldStartError === null) {
      console.log('profiled run…');
      try {
        profiles = await profileRun(browser, url, options.dist, options.timeoutMs);
      } catch (e) {
        profileError = e instanceof Error ? e.message : String(e);
        console.error(`profiled run failed: ${profileError}`);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
  return result();
}

export const fmtMB = (b: number | null): string => (b === null ? '—' : `${Math.round(b / MB)} MB`);

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  childMain(
    {
      dist: { type: 'string' },
      extract: { type: 'string' },
      reps: { type: 'string' },
      cold: { type: 'string' },
      timeout: { type: 'string' },
      profile: { type: 'boolean' },
      'gpu-compositing': { type: 'boolean' },
      'floor-dir': { type: 'string' },
      'floor-data': { type: 'string' },
    },
    async (v, partial) =>
      benchBrowser(
        {
          floor: v['floor-dir'] && v['floor-data'] ? { dir: resolve(String(v['floor-dir'])), geojson: resolve(String(v['floor-data'])) } : null,
          dist: resolve(String(v.dist)),
          extract: resolve(String(v.extract)),
          reps: Number(v.reps ?? 20),
          coldRuns: Number(v.cold ?? 3),
          timeoutMs: Number(v.timeout ?? 120_000),
          profile: v.profile === true,
          gpuCompositing: v['gpu-compositing'] === true,
        },
        partial,
      ),
  );
}
