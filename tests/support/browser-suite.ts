/**
 * The shared setup and teardown of a browser test file (kept apart from ./browser.ts, which the benchmark also
 * uses, so that the benchmark does not load vitest).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import type { Oracle } from './oracle';
import { DEFAULT_VIEWPORT, DIST, SCREENSHOTS, launchChromiumWithProfile, openSharedPage, serveStatic, waitForEngine, waitForFigures, waitForMap, type OpenedPage, type Viewport } from './browser';

/** URL paths to folders or files, as `serveStatic`'s `extraRoutes`. */
export type Routes = Record<string, string>;

export interface BrowserSuiteOptions {
  /** Runs first, before the server starts: writes the files the tests serve or pick (temporary extracts, say). */
  setup?: () => void | Promise<void>;
  /** Extra routes for the static server (see `serveStatic`); a function is called after `setup`. */
  routes?: Routes | (() => Routes);
  /** URL path prefixes served without a Content-Length (see `serveStatic`). */
  chunked?: readonly string[];
  /**
   * Opens the oracle the tests compare with, e.g. `() => openOracle(DEMO, tables)`; without it, no oracle. A factory
   * from the test file, so that this module does not load native DuckDB itself.
   */
  oracle?: () => Promise<Oracle>;
  /** Viewport of the pages `open` and `openMap` make when not given one (else `openPage`'s default). */
  viewport?: Viewport;
  /** Runs last, after the pages, Chromium, the server and the oracle are closed: removes what `setup` wrote. */
  teardown?: () => void | Promise<void>;
}

export interface BrowserSuite {
  /** The static server's URL for dist/, ending in `/`. */
  readonly url: string;
  readonly browser: Browser;
  /** The oracle from the `oracle` option. */
  readonly oracle: Oracle;
  /**
   * Opens `url` + `path` in a new page, closed after the test that opened it (after the file's tests when opened
   * in a `beforeAll`), so that no page left behind keeps fetching ahead or drawing while later tests run; does not
   * wait for anything. The page is in
   * the default context of the run's Chromium profile (see browser-global.ts), which keeps the HTTP cache and
   * compiled code of the build's hashed assets across pages and files, and nothing else the app could see: for a
   * context of its own (init scripts, routes), use `openPage(suite.browser, …)`.
   */
  open(path?: string, viewport?: Viewport): Promise<OpenedPage>;
  /**
   * As `open`, then waits until the dashboard's map has drawn with data, the analysis engine is ready (the first
   * view comes before it), and, on the dashboard, the panel's figures.
   */
  openMap(path?: string, viewport?: Viewport): Promise<OpenedPage>;
  /**
   * As `open`, in the file's kept page for `path`'s app (the part before `?`, and its `extract=`) and `viewport`:
   * the first call opens it; later ones move it to `path` through the app's URL state (`history.pushState` and
   * `popstate`, as Back and Forward do), without loading the app and DuckDB again. The page is kept across the
   * file's tests (closed after them, or when a call for another app, extract or viewport opens another); each call moves the mouse off the page, sets the media back to the screen's, and gives fresh `requests` and `errors` lists. For tests that
   * only change the view: what the app keeps outside the URL (query caches, a dialog a test left open) stays.
   */
  view(path?: string, viewport?: Viewport): Promise<OpenedPage>;
  /** As `view`, then waits as `openMap` does (map, engine, figures) for the view at `path`. */
  viewMap(path?: string, viewport?: Viewport): Promise<OpenedPage>;
}

/** What decides whether a kept page can move to `path`: the app's address and its extract. */
const appOf = (path: string) => `${path.split('?')[0] ?? ''}?extract=${new URLSearchParams(path.split('?')[1] ?? '').get('extract') ?? ''}`;

/**
 * The shared shape of a browser test file: registers `beforeAll`, which runs `setup`, creates the screenshots
 * folder, serves dist/ (with `routes`), launches Chromium and opens the oracle, and `afterAll`, which closes every
 * page opened through the suite, Chromium, the server and the oracle, then runs `teardown`. Call it at the top level
 * of a test file; the returned getters are usable from the tests (and hooks registered after this call) on.
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let browser: Browser | undefined;
  let shared: BrowserContext | undefined;
  let oracle: Oracle | undefined;
  // Without the global setup (a file run on its own by other means), a profile for this file only.
  let ownProfile: string | undefined;
  const opened: OpenedPage[] = [];
  // Pages opened by the running test (closed after it), and the file's kept page (`view`).
  let inTest = false;
  let fromTest: OpenedPage[] = [];
  let kept: { app: string; opened: OpenedPage } | undefined;

  beforeAll(async () => {
    await options.setup?.();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const routes = typeof options.routes === 'function' ? options.routes() : options.routes;
    server = await serveStatic(DIST, routes, options.chunked, { port: inject('distPort'), immutablePrefixes: ['/assets/'] });
    const ownOne = () => (ownProfile = mkdtempSync(join(tmpdir(), 'care-atlas-chromium-')));
    const runProfile = inject('chromiumProfile');
    try {
      ({ browser, shared } = await launchChromiumWithProfile(runProfile ?? ownOne()));
    } catch (e) {
      // The run's profile still held by a Chromium an earlier file left behind (killed on a timeout): start cold.
      if (!runProfile) throw e;
      ({ browser, shared } = await launchChromiumWithProfile(ownOne()));
    }
    oracle = await options.oracle?.();
  });
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    const done = fromTest;
    fromTest = [];
    for (const p of done) if (!p.page.isClosed()) await p.page.close();
  });
  afterAll(async () => {
    try {
      for (const p of opened) if (!p.page.isClosed()) await p.page.close();
      await shared?.close();
      await server?.close();
      oracle?.close();
    } finally {
      if (ownProfile) rmSync(ownProfile, { recursive: true, force: true });
      await options.teardown?.();
    }
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: ${what} is not ready (used outside the tests, or beforeAll failed)`);
    return value;
  };
  const suite: BrowserSuite = {
    get url() {
      return ready(server, 'the static server').url;
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
    get oracle() {
      if (!options.oracle) throw new Error('browserSuite: this suite has no oracle (pass the `oracle` option)');
      return ready(oracle, 'the oracle');
    },
    async open(path = '', viewport = options.viewport) {
      const p = await openSharedPage(ready(shared, 'Chromium'), `${suite.url}${path}`, viewport);
      (inTest ? fromTest : opened).push(p);
      return p;
    },
    async openMap(path = '', viewport) {
      const p = await suite.open(path, viewport);
      await waitForMap(p.page);
      await waitForEngine(p.page);
      if (!path.includes('screen=')) await waitForFigures(p.page);
      return p;
    },
    async view(path = '', viewport = options.viewport ?? DEFAULT_VIEWPORT) {
      const app = appOf(path);
      const size = kept?.opened.page.viewportSize();
      // Another viewport: a page of its own, as the map fits its first view to the size it opens at.
      if (kept?.app !== app || kept.opened.page.isClosed() || size?.width !== viewport.width || size.height !== viewport.height) {
        if (kept && !kept.opened.page.isClosed()) await kept.opened.page.close();
        const p = await openSharedPage(ready(shared, 'Chromium'), `${suite.url}${path}`, viewport);
        opened.push(p);
        kept = { app, opened: p };
        return p;
      }
      const { page, requests, errors } = kept.opened;
      requests.length = 0;
      errors.length = 0;
      await page.mouse.move(0, 0);
      await page.emulateMedia({ media: null });
      const search = path.includes('?') ? `?${path.split('?')[1]}` : '';
      await page.evaluate(async (search) => {
        window.history.pushState(null, '', `${window.location.pathname}${search}`);
        window.dispatchEvent(new PopStateEvent('popstate'));
        // The app renders a popstate's view at once (a discrete event for React); a task later it is on the page.
        await new Promise((done) => setTimeout(done, 0));
      }, search);
      return kept.opened;
    },
    async viewMap(path = '', viewport) {
      const p = await suite.view(path, viewport);
      await waitForMap(p.page);
      await waitForEngine(p.page);
      if (!path.includes('screen=')) await waitForFigures(p.page);
      return p;
    },
  };
  return suite;
}
