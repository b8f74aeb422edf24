/**
 * A repeat visit, served as `npm start` serves dist/ (src/cli/serve.ts): the browser takes every hashed asset, the
 * 34 MB DuckDB wasm among them, from its cache without asking the server, revalidates only the page and the
 * extract, and shows the same figures. Uses a real browser profile folder, closed and opened again between the
 * visits, as a user's browser.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticHandler } from '../../src/cli/serve';
import { CHROMIUM, CHROMIUM_ARGS, DIST, SCREENSHOTS, isLocal, waitForFigures } from '../support/browser';

interface Served {
  path: string;
  status: number;
}

let server: Server;
let url: string;
const log: Served[] = [];
let profile: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'repeat-visit-'));
  const handle = staticHandler(DIST);
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => log.push({ path, status: res.statusCode }));
    handle(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const launch = (): Promise<BrowserContext> =>
  chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });

/** Opens the app in a new browser process on the profile; returns what the server answered and the children on screen. */
async function visit(screenshot?: string): Promise<{ served: Served[]; children: string; requests: string[] }> {
  const context = await launch();
  const from = log.length;
  const requests: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${url}index.html`);
    await waitForFigures(page, 90_000);
    const children = (await page.getByTestId('kpi-children').textContent()) ?? '';
    if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, screenshot) });
    // Stay a little, as a user would: the browser writes the compiled wasm to its code cache once compiling settles.
    await page.waitForTimeout(3000);
    return { served: log.slice(from), children, requests };
  } finally {
    await context.close();
  }
}

describe('repeat visit (npm start)', () => {
  it('downloads the wasm once, then serves every hashed asset from the browser cache with the same figures', { timeout: 240_000 }, async () => {
    const first = await visit();
    const wasm = first.served.filter((r) => r.path.endsWith('.wasm'));
    expect(wasm.some((r) => /duckdb-(eh|mvp)-.+\.wasm$/.test(r.path) && r.status === 200)).toBe(true);
    expect(first.served.some((r) => r.path.startsWith('/assets/') && r.status === 200)).toBe(true);
    expect(first.children).toMatch(/\d/);

    const again = await visit('repeat-visit.png');
    // Nothing under assets/ reaches the server: no .js, no worker, no .wasm is downloaded or even revalidated.
    expect(again.served.filter((r) => r.path.startsWith('/assets/'))).toEqual([]);
    // The page and the demo extract are revalidated (a changed file would be seen at once) and not sent again.
    expect(again.served.find((r) => r.path === '/index.html')?.status).toBe(304);
    expect(again.served.find((r) => r.path === '/demo/manifest.json')?.status).toBe(304);
    expect(again.served.filter((r) => r.status === 200)).toEqual([]);
    // The page asked for the wasm all the same (it is in use), and only of this machine.
    expect(again.requests.some((u) => /duckdb-(eh|mvp)-.+\.wasm$/.test(u))).toBe(true);
    expect(again.requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(again.children).toBe(first.children);
  });
});
