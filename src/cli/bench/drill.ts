/**
 * Where a drill into a county goes (issue #11, target `drill-county`): opens a city or province extract in the built
 * app(s), and drills into counties in turn (through their city in a province), timing each from the click to the
 * county's townships listed in the side panel and to its map drawn, with what happened in between: the requests to
 * the DuckDB worker (the county's files inserted, the checks, the map's queries) and the main thread's long tasks.
 * With several `--dist`, the builds are measured alternately, one page each, county by county (A/B on the same
 * machine state).
 *
 * `npx tsx src/cli/bench/drill.ts --extract data/demo-nantong --dist dist [--dist other-dist] [--rounds 3] [--counties 3] [--json FILE]`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchPage } from '../../../tests/support/browser';
import { staticHandler } from '../serve';
import { PAGE_PROBE, type ProbeLog } from './page-probe';
import { createAttributor, type CpuProfile } from './profile';

const EXTRACT_ROUTE = '/drill-extract/';

interface DrillTiming {
  dist: string;
  county: string;
  /** Click → the county's townships listed in the side panel (the benchmark's `drill-county`). */
  listedMs: number;
  /** Click → the map drawn with the county's view. */
  drawnMs: number | null;
  /** Click → the county's rows all in DuckDB (the loading notice gone). */
  rawMs: number | null;
  /** Main-thread long tasks between the click and the townships listed. */
  longTaskMs: number;
  /** The DuckDB worker's busy time in that window, and the slowest requests. */
  workerMs: number;
  slowest: string[];
  load: number;
  /** Every worker request and long task after the click until the worker fell idle (ms from the click). */
  timeline: string[];
}

async function serve(dist: string, extract: string) {
  const app = staticHandler(dist, { policyHeader: false });
  const data = staticHandler(extract, { base: EXTRACT_ROUTE, policyHeader: false });
  const server = createServer((req, res) => ((req.url ?? '/').startsWith(EXTRACT_ROUTE) ? data : app)(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?extract=${EXTRACT_ROUTE}`,
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

async function waitFor(page: Page, expression: string, timeout: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const v = Number(await page.evaluate(expression));
    if (v > 0) return v;
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

const subRows = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('[data-testid="sub-areas"] tbody tr')].map((r) => r.getAttribute('data-code')).filter(Boolean)`) as Promise<string[]>;

const idle = (page: Page, timeout: number) => waitFor(page, `window.__bench.idle(800) && !document.querySelector('[data-testid="county-loading"]') ? performance.now() : 0`, timeout, 'idle');

/** Waits for the panel to list areas of `length` digits under `prefix` with the map drawn. */
const listed = (page: Page, prefix: string, length: number, timeout: number) =>
  waitFor(
    page,
    `(() => { const r = document.querySelector('[data-testid="sub-areas"] tbody tr'); const c = r && r.getAttribute('data-code'); const d = document.querySelector('[data-testid="dashboard"]'); return c && c.length === ${length} && c.startsWith(${JSON.stringify(prefix)}) && d && d.getAttribute('data-map-drawn') === 'yes' ? 1 : 0; })()`,
    timeout,
    `areas under ${prefix}`,
  );

async function openApp(browser: Browser, url: string, timeout: number): Promise<{ page: Page; close: () => Promise<void>; top: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: 'zh-CN', bypassCSP: true });
  const { page } = watchPage(context, await context.newPage());
  await page.addInitScript(PAGE_PROBE);
  await page.goto(url);
  await waitFor(page, `(() => { const d = document.querySelector('[data-testid="dashboard"]'); return d && d.getAttribute('data-map-drawn') === 'yes' && document.querySelector('[data-testid="sub-areas"] tbody tr') ? 1 : 0; })()`, timeout, 'first map');
  await idle(page, timeout);
  return { page, close: () => context.close(), top: await subRows(page) };
}

/** Drills from the top into `county` (through its city when the top lists cities) and times the county's click. */
async function drill(page: Page, county: string, timeout: number, dist: string, profile: boolean): Promise<DrillTiming> {
  const top = await subRows(page);
  let back = 1;
  if (top[0]?.length === 4) {
    await page.locator(`[data-testid="sub-areas"] tbody tr[data-code="${county.slice(0, 4)}"]`).click();
    await listed(page, county.slice(0, 4), 6, timeout);
    await idle(page, timeout);
    back = 2;
  }
  const n = Number(await page.evaluate('window.__bench.events.length'));
  const session = profile ? await page.context().newCDPSession(page) : null;
  if (session) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    await session.send('Profiler.start');
  }
  await page.locator(`[data-testid="sub-areas"] tbody tr[data-code="${county}"]`).click();
  const t0 = await waitFor(page, `(() => { const e = window.__bench.events.slice(${n}).find((e) => e.type === 'click'); return e ? e.t : 0; })()`, timeout, 'click');
  const tListed = await waitFor(
    page,
    `(() => { const r = document.querySelector('[data-testid="sub-areas"] tbody tr'); const c = r && r.getAttribute('data-code'); return c && c.length === 9 && c.startsWith(${JSON.stringify(county)}) ? performance.now() : 0; })()`,
    timeout,
    `townships of ${county}`,
  );
  if (session) {
    const { profile: cpu } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    printProfile(cpu, dist);
    await session.detach();
  }
  const tDrawn = await waitFor(page, `(() => { const d = document.querySelector('[data-testid="dashboard"]'); return d && d.getAttribute('data-map-drawn') === 'yes' ? performance.now() : 0; })()`, timeout, 'map drawn');
  const tRaw = await waitFor(page, `document.querySelector('[data-testid="county-loading"]') ? 0 : performance.now()`, timeout, 'county rows');
  await idle(page, timeout);
  const log = JSON.parse(String(await page.evaluate('JSON.stringify({ longTasks: window.__bench.longTasks, worker: window.__bench.worker })'))) as Pick<ProbeLog, 'longTasks' | 'worker'>;
  const within = (from: number, to: number) => log.longTasks.reduce((s, t) => s + Math.max(0, Math.min(t.start + t.duration, to) - Math.max(t.start, from)), 0);
  const requests = log.worker.filter((r) => r.start >= t0 && r.start < tListed && r.end !== null);
  const slowest = [...requests]
    .sort((a, b) => (b.end as number) - b.start - ((a.end as number) - a.start))
    .slice(0, 4)
    .map((r) => `${Math.round((r.end as number) - r.start)} ms @${Math.round(r.start - t0)} ${r.type} ${(r.sql ?? r.table ?? '').replace(/\s+/g, ' ').slice(0, 90)}`);
  const timing: DrillTiming = {
    dist,
    county,
    listedMs: Math.round(tListed - t0),
    drawnMs: Math.round(Math.max(tDrawn, tListed) - t0),
    rawMs: Math.round(tRaw - t0),
    longTaskMs: Math.round(within(t0, tListed)),
    workerMs: Math.round(requests.reduce((s, r) => s + ((r.end as number) - r.start), 0)),
    slowest,
    load: loadavg()[0] as number,
    timeline: [
      ...log.worker.filter((r) => r.start >= t0).map((r) => [r.start - t0, `worker ${Math.round(r.start - t0)}–${r.end === null ? '?' : Math.round(r.end - t0)} ${r.type} ${(r.sql ?? r.table ?? '').replace(/\s+/g, ' ').slice(0, 110)}`] as const),
      ...log.longTasks.filter((l) => l.start >= t0).map((l) => [l.start - t0, `long task ${Math.round(l.start - t0)}+${Math.round(l.duration)}`] as const),
      [tListed - t0, `LISTED ${Math.round(tListed - t0)}`] as const,
    ]
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => text),
  };
  for (let b = 0; b < back; b++) await page.goBack();
  await waitFor(page, `(() => { const r = document.querySelector('[data-testid="sub-areas"] tbody tr'); const c = r && r.getAttribute('data-code'); return c && c.length === ${top[0]?.length ?? 6} ? 1 : 0; })()`, timeout, 'back to the top');
  await idle(page, timeout);
  return timing;
}

async function main() {
  const { values } = parseArgs({
    options: {
      extract: { type: 'string' },
      dist: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      counties: { type: 'string' },
      json: { type: 'string' },
      profile: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  });
  const extract = resolve(values.extract ?? 'data/demo-nantong');
  const dists = (values.dist ?? ['dist']).map((d) => resolve(d));
  const rounds = Number(values.rounds ?? 2);
  const countyCount = Number(values.counties ?? 3);
  const timeout = Number(values.timeout ?? 180_000);
  const browser = await launchChromium();
  const results: DrillTiming[] = [];
  console.log(`${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    for (let round = 0; round < rounds; round++) {
      for (const dist of dists) {
        const server = await serve(dist, extract);
        const app = await openApp(browser, server.url, timeout);
        try {
          // Counties: at a city, its first ones; at a province, the first county of each of the first cities.
          let counties: string[] = app.top.filter((c) => c.length === 6);
          if (app.top[0]?.length === 4) {
            counties = [];
            for (const city of app.top.slice(0, countyCount)) {
              const m = JSON.parse(readManifestCounties(extract)) as string[];
              const first = m.find((c) => c.startsWith(city));
              if (first) counties.push(first);
            }
          }
          for (const county of counties.slice(0, countyCount)) {
            const r = await drill(app.page, county, timeout, dist, values.profile === true);
            results.push(r);
            console.log(`${dist.split('/').slice(-2).join('/')} ${county}: listed ${r.listedMs} ms, drawn ${r.drawnMs} ms, raw rows in ${r.rawMs} ms; long tasks ${r.longTaskMs} ms, worker ${r.workerMs} ms (load ${r.load.toFixed(1)})`);
            for (const s of r.slowest) console.log(`    ${s}`);
          }
        } finally {
          await app.close();
          await server.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  for (const dist of dists) {
    const mine = results.filter((r) => r.dist === dist).map((r) => r.listedMs).sort((a, b) => a - b);
    console.log(`${dist}: drill-county listed p50 ${mine[Math.floor((mine.length - 1) / 2)]} ms, max ${mine[mine.length - 1]} ms (n = ${mine.length})`);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
}

/** Main-thread CPU from the click to the townships listed: by package, and the functions with most inclusive time. */
function printProfile(cpu: CpuProfile, dist: string) {
  const by = createAttributor(dist)(cpu);
  console.log(`  main thread busy ${by.busyMs} ms: ${by.byOrigin.map((o) => `${o.origin} ${o.ms}`).join(', ')}`);
  const nodes = cpu.nodes as (CpuProfile['nodes'][number] & { children?: number[] })[];
  const parent = new Map<number, number>();
  for (const node of nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  const samples = cpu.samples ?? [];
  const deltas = cpu.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const delta = (deltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (!f || f.functionName === '(root)' || f.functionName === '(idle)') continue;
      const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
    }
  }
  for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`    ${Math.round(ms)} ms  ${name}`);
}

function readManifestCounties(extract: string): string {
  const manifest = JSON.parse(readFileSync(resolve(extract, 'manifest.json'), 'utf8')) as { counties: { code: string }[] };
  return JSON.stringify(manifest.counties.map((c) => c.code));
}

void main();
