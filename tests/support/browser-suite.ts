/**
 * The shared setup and teardown of a browser test file (kept apart from ./browser.ts, which the benchmark also
 * uses, so that the benchmark does not load vitest).
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Oracle } from './oracle';
import { DIST, SCREENSHOTS, launchChromium, openPage, serveStatic, waitForEngine, waitForFigures, waitForMap, type OpenedPage, type Viewport } from './browser';

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
  /** Opens `url` + `path` in a new browser context, closed after the file's tests; does not wait for anything. */
  open(path?: string, viewport?: Viewport): Promise<OpenedPage>;
  /**
   * As `open`, then waits until the dashboard's map has drawn with data, the analysis engine is ready (the first
   * view comes before it), and, on the dashboard, the panel's figures.
   */
  openMap(path?: string, viewport?: Viewport): Promise<OpenedPage>;
}

/**
 * The shared shape of a browser test file: registers `beforeAll`, which runs `setup`, creates the screenshots
 * folder, serves dist/ (with `routes`), launches Chromium and opens the oracle, and `afterAll`, which closes every
 * page opened through the suite, Chromium, the server and the oracle, then runs `teardown`. Call it at the top level
 * of a test file; the returned getters are usable from the tests (and hooks registered after this call) on.
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let browser: Browser | undefined;
  let oracle: Oracle | undefined;
  const opened: OpenedPage[] = [];

  beforeAll(async () => {
    await options.setup?.();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const routes = typeof options.routes === 'function' ? options.routes() : options.routes;
    server = await serveStatic(DIST, routes, options.chunked);
    browser = await launchChromium();
    oracle = await options.oracle?.();
  });
  afterAll(async () => {
    try {
      for (const p of opened) await p.context.close();
      await browser?.close();
      await server?.close();
      oracle?.close();
    } finally {
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
      const p = await openPage(suite.browser, `${suite.url}${path}`, viewport);
      opened.push(p);
      return p;
    },
    async openMap(path = '', viewport) {
      const p = await suite.open(path, viewport);
      await waitForMap(p.page);
      await waitForEngine(p.page);
      if (!path.includes('screen=')) await waitForFigures(p.page);
      return p;
    },
  };
  return suite;
}
