/**
 * The bureau's own basemap (config.json) in Chromium: tiles made here, served by a second local server, drawn under
 * the regions and into the exported map with their attribution and 审图号; nothing else contacted; and refusals
 * (a GCJ-02 source, a tile server the page's policy does not name) in Chinese with the map working without tiles.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { configureBasemap } from '../../src/cli/basemap-setup';
import { DIST, SCREENSHOTS, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

/** The tiles' colour: a magenta no theme uses. */
const TILE: [number, number, number] = [200, 0, 200];
/** The map's plain background without a basemap (src/map/basemap.ts BACKGROUND, #dfe6ec). */
const BACKGROUND: [number, number, number] = [0xdf, 0xe6, 0xec];
const CREDIT = '底图：测试瓦片（本机生成） · 审图号：GS(2099)0001号';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** A 256×256 PNG of one colour (8-bit RGB, no filter). */
function solidPng([r, g, b]: [number, number, number]): Buffer {
  const size = 256;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

let tileServer: Server;
let tileOrigin = '';
const tileRequests: string[] = [];
let work = '';

const basemapOf = (url: string, crs = 'WGS84') => ({
  basemap: { type: 'xyz', url, crs, attribution: '测试瓦片（本机生成）', approvalNumber: 'GS(2099)0001号', maxZoom: 16 },
});

const suite = browserSuite({
  // Wide enough for the credit line to fit beside the others: the maps with and without it are the same size.
  viewport: { width: 1920, height: 1080 },
  setup: async () => {
    const png = solidPng(TILE);
    tileServer = createServer((req, res) => {
      tileRequests.push(req.url ?? '');
      if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*', 'Content-Length': png.length }).end(png);
    });
    await new Promise<void>((ok) => tileServer.listen(0, '127.0.0.1', ok));
    tileOrigin = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`;
    work = mkdtempSync(join(tmpdir(), 'care-atlas-basemap-'));
    // A built app configured as an administrator would: index.html's policy rewritten to name the tile server.
    for (const dir of ['ok', 'gcj', 'broken']) {
      mkdirSync(join(work, dir));
      cpSync(join(DIST, 'index.html'), join(work, dir, 'index.html'));
    }
    configureBasemap(join(work, 'ok'), basemapOf(`${tileOrigin}/tiles/{z}/{x}/{y}.png`));
    configureBasemap(join(work, 'gcj'), basemapOf(`${tileOrigin}/tiles/{z}/{x}/{y}.png`));
    configureBasemap(join(work, 'broken'), basemapOf(`${tileOrigin}/missing/{z}/{x}/{y}.png`));
    writeFileSync(join(work, 'gcj', 'config.json'), JSON.stringify(basemapOf(`${tileOrigin}/tiles/{z}/{x}/{y}.png`, 'GCJ-02')));
  },
  // /plain/      the built app as shipped: its config.json says no basemap;
  // /            the built app as shipped (its policy names no tile server) with the valid config.json;
  // /ok/         the same app configured by configure-basemap;
  // /gcj/        configured, then config.json edited to declare GCJ-02;
  // /broken/     configured with a tile path the tile server does not have (every tile 404).
  routes: () => ({
    '/plain/': DIST,
    '/config.json': join(work, 'ok', 'config.json'),
    '/ok/': DIST,
    '/ok/index.html': join(work, 'ok', 'index.html'),
    '/ok/config.json': join(work, 'ok', 'config.json'),
    '/gcj/': DIST,
    '/gcj/index.html': join(work, 'gcj', 'index.html'),
    '/gcj/config.json': join(work, 'gcj', 'config.json'),
    '/broken/': DIST,
    '/broken/index.html': join(work, 'broken', 'index.html'),
    '/broken/config.json': join(work, 'broken', 'config.json'),
  }),
  teardown: async () => {
    await new Promise<void>((ok) => tileServer.close(() => ok()));
    rmSync(work, { recursive: true, force: true });
  },
});

const same = (a: readonly number[], b: readonly number[], tolerance = 3) => a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= tolerance);

/** A decoded image: RGBA bytes, row by row. */
interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

/** Decodes a PNG with Chromium's decoder, in a blank page (no policy there). */
async function pixels(png: Buffer): Promise<Pixels> {
  const page = await suite.browser.newPage();
  try {
    const { width, height, b64 } = await page.evaluate(async (src) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${src}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      g.drawImage(bitmap, 0, 0);
      const raw = await new Blob([g.getImageData(0, 0, bitmap.width, bitmap.height).data]).arrayBuffer();
      const bytes = new Uint8Array(raw);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { width: bitmap.width, height: bitmap.height, b64: btoa(text) };
    }, png.toString('base64'));
    return { width, height, data: Buffer.from(b64, 'base64') };
  } finally {
    await page.close();
  }
}

/** The RGB of pixel `i` (row-major). */
const rgbAt = (p: Pixels, i: number): [number, number, number] => [p.data[4 * i] as number, p.data[4 * i + 1] as number, p.data[4 * i + 2] as number];

/** The map as the user sees it (the map element's screenshot, overlays included). */
async function mapShot(page: Page, name: string) {
  const png = await page.getByTestId('map').screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  return pixels(png);
}

describe('a basemap configured in config.json', () => {
  let withoutBasemap: Pixels;

  it('is none as shipped (config.json says none): nothing said, nothing requested', async () => {
    expect(JSON.parse(readFileSync(join(DIST, 'config.json'), 'utf8'))).toEqual({ basemap: null });
    const { page, requests, errors } = await suite.openMap('plain/');
    expect(await page.getByTestId('map').getAttribute('data-basemap')).toBe('none');
    expect(await page.getByTestId('basemap-problem').count()).toBe(0);
    expect(await page.getByTestId('basemap-credit').count()).toBe(0);
    withoutBasemap = await mapShot(page, 'basemap-none');
    expect(requests.filter((u) => u.startsWith(tileOrigin))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('is refused when the page’s policy does not name its server, before any tile is requested; the map works', async () => {
    const before = tileRequests.length;
    const { page, requests, errors } = await suite.openMap('');
    const problem = page.getByTestId('basemap-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain(`config.json：瓦片服务器 ${tileOrigin} 不在本页面的内容安全策略（CSP）中`);
    expect(await problem.textContent()).toContain('npm run configure-basemap');
    expect(await page.getByTestId('map').getAttribute('data-basemap')).toBe('none');
    expect(await page.getByTestId('basemap-credit').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/basemap-refused-csp.png` });
    expect(requests.filter((u) => u.startsWith(tileOrigin))).toEqual([]);
    expect(tileRequests.length).toBe(before);
    expect(errors).toEqual([]);
  });

  it('draws its tiles under the regions, credits them on screen, and contacts no other host', async () => {
    const { page, requests, errors } = await suite.openMap('ok/index.html');
    await page.waitForSelector('[data-testid="map"][data-basemap="drawn"]', { timeout: 60_000 });
    expect(await page.getByTestId('basemap-problem').count()).toBe(0);
    expect(await page.getByTestId('basemap-credit').textContent()).toBe(CREDIT);

    const tiles = requests.filter((u) => u.startsWith(`${tileOrigin}/`));
    expect(tiles.length).toBeGreaterThan(0);
    for (const u of tiles) expect(u).toMatch(/\/tiles\/\d+\/\d+\/\d+\.png$/);
    const app = new URL(suite.url).origin;
    expect(requests.filter((u) => !u.startsWith(`${app}/`) && !u.startsWith(`${tileOrigin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);

    // Pixel by pixel against the same view without a basemap: where that showed the plain background (outside the
    // county), the tiles' colour; inside the county the regions still, tinted by the tiles under them.
    const shot = await mapShot(page, 'basemap-1920x1080');
    expect([shot.width, shot.height]).toEqual([withoutBasemap.width, withoutBasemap.height]);
    let outside = 0;
    let outsideTile = 0;
    let inside = 0;
    let insideTile = 0;
    let insideChanged = 0;
    const count = withoutBasemap.width * withoutBasemap.height;
    for (let i = 0; i < count; i++) {
      const before = rgbAt(withoutBasemap, i);
      const after = rgbAt(shot, i);
      if (same(before, BACKGROUND, 1)) {
        outside++;
        if (same(after, TILE)) outsideTile++;
      } else {
        inside++;
        if (same(after, TILE)) insideTile++;
        if (!same(after, before, 6)) insideChanged++;
      }
    }
    console.log(`basemap pixels: outside ${outside} (${((100 * outsideTile) / outside).toFixed(1)}% tile), inside ${inside} (${((100 * insideTile) / inside).toFixed(1)}% tile, ${((100 * insideChanged) / inside).toFixed(1)}% changed)`);
    expect(outside).toBeGreaterThan(0.1 * count);
    expect(outsideTile / outside).toBeGreaterThan(0.95);
    expect(insideTile / inside).toBeLessThan(0.02);
    expect(insideChanged / inside).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
    await waitForFigures(page);
  });

  it('is in the exported map image: the tiles under the regions, the attribution and 审图号 in its footer', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'zh-CN', acceptDownloads: true });
    try {
      // Every line the export writes into its canvas, with the canvas's size.
      await context.addInitScript(() => {
        const drawn: { text: string; y: number; height: number }[] = [];
        (window as unknown as { __texts: typeof drawn }).__texts = drawn;
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
          drawn.push({ text, y: this.getTransform().d * y, height: this.canvas.height });
          return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
        };
      });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${suite.url}ok/index.html`);
      await waitForMap(page);
      await page.waitForSelector('[data-testid="map"][data-basemap="drawn"]', { timeout: 60_000 });
      const box = (await page.getByTestId('map').boundingBox())!;
      const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('map-export').click()]);
      const png = readFileSync((await file.path()) as string);
      writeFileSync(resolve(SCREENSHOTS, 'export-map-basemap.png'), png);
      const image = await pixels(png);
      expect(image.width).toBe(2 * Math.round(box.width));
      const texts = await page.evaluate(() => (window as unknown as { __texts: { text: string; y: number; height: number }[] }).__texts);
      const credit = texts.find((t) => t.text === CREDIT);
      expect(credit, texts.map((t) => t.text).join(' | ')).toBeDefined();
      expect(credit!.height).toBe(image.height);
      expect(credit!.y).toBeGreaterThan(2 * (70 + Math.round(box.height)));
      expect(credit!.y).toBeLessThan(image.height);
      // The map band (below the 70-px title band) holds the tiles' colour: the basemap was copied under deck.gl's drawing.
      let band = 0;
      let tiled = 0;
      for (let i = image.width * 2 * 70; i < image.width * 2 * (70 + Math.round(box.height)); i++) {
        band++;
        if (same(rgbAt(image, i), TILE, 4)) tiled++;
      }
      const tileShare = tiled / band;
      expect(tileShare).toBeGreaterThan(0.1);
      expect(requests.filter((u) => !u.startsWith(new URL(suite.url).origin) && !u.startsWith(`${tileOrigin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is refused in Chinese when declared GCJ-02, with no tile requested and the map drawn without it', async () => {
    const { page, requests, errors } = await suite.openMap('gcj/index.html');
    const problem = page.getByTestId('basemap-problem');
    await problem.waitFor();
    const text = (await problem.textContent()) ?? '';
    expect(text).toContain('config.json：basemap.crs：坐标系“GCJ-02”是经过偏移的坐标系');
    expect(text).toContain('与本系统的 WGS84/CGCS2000 坐标相差数百米');
    expect(text).toContain('底图未启用，地图照常显示（不含底图）');
    expect(await page.getByTestId('map').getAttribute('data-basemap')).toBe('none');
    expect(requests.filter((u) => u.startsWith(tileOrigin))).toEqual([]);
    expect(await page.getByTestId('kpis').getAttribute('aria-busy')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('says on the map when its tiles fail to load, and the map, figures and credit stay', async () => {
    const { page } = await suite.openMap('broken/index.html');
    const failed = page.getByTestId('basemap-failed');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.textContent()).toBe(`底图瓦片未能载入（${tileOrigin}）：请检查底图服务器是否可以访问、密钥是否有效。地图的统计与边界不受影响。`);
    expect(await page.getByTestId('map').getAttribute('data-basemap')).toBe('failed');
    expect(await page.getByTestId('kpis').getAttribute('aria-busy')).toBe('false');
    expect(await page.getByTestId('basemap-credit').isVisible()).toBe(true);
    expect(await page.getByTestId('basemap-credit').textContent()).toBe(CREDIT);
    await page.screenshot({ path: `${SCREENSHOTS}/basemap-tiles-failed.png` });
  });
});
