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

export interface ServeOptions {
  /** Port to listen on; when it is taken (or not given), an ephemeral one. */
  port?: number;
  /**
   * URL path prefixes of files whose names change with their content (the build's `/assets/`): sent as cacheable
   * for a day, so that a browser keeps them, and its compiled code, across pages (see `openSharedPage`).
   */
  immutablePrefixes?: readonly string[];
}

/**
 * Serves a folder on 127.0.0.1; `extraRoutes` maps URL path prefixes ending in `/` to other folders, and exact URL
 * paths to single files. Paths starting with one of `chunkedPrefixes` are sent without a Content-Length (chunked),
 * as some servers and proxies do. Everything else is sent with no caching headers.
 */
export async function serveStatic(
  root: string,
  extraRoutes: Record<string, string> = {},
  chunkedPrefixes: readonly string[] = [],
  options: ServeOptions = {},
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
    const headers: Record<string, string | number> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (!chunkedPrefixes.some((p) => path.startsWith(p))) headers['Content-Length'] = statSync(file).size;
    if (options.immutablePrefixes?.some((p) => path.startsWith(p))) headers['Cache-Control'] = 'max-age=86400, immutable';
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  const listen = (port: number) =>
    new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        ok();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (e) {
    if (!options.port || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await listen(0);
  }
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

function checkChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`);
  }
}

export async function launchChromium(): Promise<Browser> {
  checkChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export const DEFAULT_VIEWPORT: Viewport = { width: 1600, height: 900 };

/**
 * Chromium with a profile in `userDataDir` (made if missing): its default context keeps the HTTP cache and the
 * compiled code of scripts and wasm on disk, so that a later launch on the same folder, loading the same URLs,
 * skips compiling DuckDB's 34 MB wasm again. Only one Chromium may use a folder at a time. `browser` makes fresh,
 * cacheless contexts as usual.
 */
export async function launchChromiumWithProfile(userDataDir: string): Promise<{ browser: Browser; shared: BrowserContext }> {
  checkChromium();
  const shared = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DEFAULT_VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
  });
  const browser = shared.browser();
  if (!browser) throw new Error('launchChromiumWithProfile: Playwright gave no browser for the persistent context');
  return { browser, shared };
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

export async function openPage(browser: Browser, url: string, viewport: Viewport = DEFAULT_VIEWPORT): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
  return watchAndGo(context, await context.newPage(), url);
}

/**
 * Opens `url` in a new page of `shared` (a profile's default context, from `launchChromiumWithProfile`), which
 * shares its caches with the other pages of that profile but no page state: the app keeps nothing in storage or
 * cookies. `context` in the result is `shared`: close the page, not the context.
 */
export async function openSharedPage(shared: BrowserContext, url: string, viewport: Viewport = DEFAULT_VIEWPORT): Promise<OpenedPage> {
  const page = await shared.newPage();
  await page.setViewportSize(viewport);
  return watchAndGo(shared, page, url);
}

async function watchAndGo(context: BrowserContext, page: Page, url: string): Promise<OpenedPage> {
  const opened = watchPage(context, page);
  await page.goto(url);
  return opened;
}

/** Starts recording `page`'s requests, console errors and uncaught errors (the lists of an `OpenedPage`). */
export function watchPage(context: BrowserContext, page: Page): OpenedPage {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
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
