/**
 * Browser tests: the built app (dist/) served by a small static server on 127.0.0.1, opened in Debian's Chromium
 * through playwright-core, with every request the page makes recorded. `browserSuite` is a test file's usual
 * setup and teardown of all that.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const DIST = resolve(import.meta.dirname, '../../dist');
/** The embedded demo extract, as the build copies it to dist/demo/. */
export const DEMO = resolve(import.meta.dirname, '../../data/demo');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.parquet': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves a folder on 127.0.0.1 at an ephemeral port; `extraRoutes` maps URL path prefixes ending in `/` to other
 * folders, and exact URL paths to single files. Paths starting with one of `chunkedPrefixes` are sent without a
 * Content-Length (chunked), as some servers and proxies do.
 */
export async function serveStatic(
  root: string,
  extraRoutes: Record<string, string> = {},
  chunkedPrefixes: readonly string[] = [],
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    let base = root;
    let rest = path;
    for (const [prefix, dir] of Object.entries(extraRoutes)) {
      if (!prefix.endsWith('/') && path === prefix) {
        base = dir;
        rest = '';
      } else if (prefix.endsWith('/') && path.startsWith(prefix)) {
        base = dir;
        rest = path.slice(prefix.length - 1);
      }
    }
    let file = normalize(join(base, rest));
    if (!file.startsWith(normalize(base))) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, chunkedPrefixes.some((p) => path.startsWith(p)) ? { 'Content-Type': type } : { 'Content-Type': type, 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export interface Viewport {
  width: number;
  height: number;
}

export async function openPage(browser: Browser, url: string, viewport: Viewport = { width: 1600, height: 900 }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  return { page, context, requests, errors };
}

/** True for URLs that stay on this machine (the app's own server, or data:/blob: URLs it made itself). */
export function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Waits until the dashboard says the map has drawn with data. */
export async function waitForMap(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout });
}

/**
 * Waits until the analysis engine is ready: the first view is drawn from the extract's aggregates before it is, with
 * a notice (engine-status) that goes once DuckDB has loaded the extract.
 */
export async function waitForEngine(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]') && !document.querySelector('[data-testid="engine-status"]'), undefined, { timeout });
}

/**
 * Waits until the side panel shows the figures of the theme on the map: the panel follows the map, and shows a
 * placeholder while its own queries run.
 */
export async function waitForFigures(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const dashboard = document.querySelector('[data-testid="dashboard"]');
      const kpis = document.querySelector('[data-testid="kpis"]');
      return (
        dashboard?.getAttribute('data-map-drawn') === 'yes' && kpis?.getAttribute('aria-busy') === 'false' && kpis.getAttribute('data-theme') === dashboard.getAttribute('data-theme')
      );
    },
    undefined,
    { timeout },
  );
}

export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
