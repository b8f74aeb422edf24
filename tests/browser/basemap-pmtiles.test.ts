/**
 * A basemap from a PMTiles file on the app's own server (config.json `"type": "pmtiles"`): an archive written here
 * (one PNG for every tile of zooms 0–12), served with HTTP range requests as nginx or IIS do, read through the
 * pmtiles:// protocol and drawn under the regions, with no other server contacted.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { deflateSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { DIST, SCREENSHOTS, openPage, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const TILE: [number, number, number] = [0, 160, 90];
const CONFIG = {
  basemap: { type: 'pmtiles', url: 'basemap/county.pmtiles', crs: 'CGCS2000', attribution: '县测绘院影像（测试）', approvalNumber: 'GS(2099)0002号', maxZoom: 12 },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const pngChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};
function solidPng([r, g, b]: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.from([0, ...Array.from({ length: 256 }, () => [r, g, b]).flat()]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.concat(Array(256).fill(row)))), pngChunk('IEND', Buffer.alloc(0))]);
}

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
};

/** A PMTiles v3 archive (no internal compression) whose one directory entry runs over every tile of zooms 0–`maxZoom`. */
function pmtilesArchive(tile: Buffer, maxZoom: number): Buffer {
  const run = zxyToTileId(maxZoom + 1, 0, 0);
  // One entry: tile id 0, run length, data length, data offset + 1.
  const directory = Buffer.from([...varint(1), ...varint(0), ...varint(run), ...varint(tile.length), ...varint(1)]);
  const metadata = Buffer.from('{}');
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = 127;
  const metaOffset = rootOffset + directory.length;
  const dataOffset = metaOffset + metadata.length;
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(directory.length, 16);
  u64(metaOffset, 24);
  u64(metadata.length, 32);
  u64(dataOffset, 40);
  u64(0, 48);
  u64(dataOffset, 56);
  u64(tile.length, 64);
  u64(run, 72);
  u64(1, 80);
  u64(1, 88);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(2, 99); // PNG
  header.writeUInt8(0, 100);
  header.writeUInt8(maxZoom, 101);
  header.writeInt32LE(-1800000000, 102);
  header.writeInt32LE(-850000000, 106);
  header.writeInt32LE(1800000000, 110);
  header.writeInt32LE(850000000, 114);
  header.writeUInt8(0, 118);
  return Buffer.concat([header, directory, metadata, tile]);
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
const suite = browserSuite();
let server: Server;
let origin = '';
const archiveRequests: string[] = [];

/** dist/ with this config.json and the archive at basemap/county.pmtiles, answering Range requests for it. */
async function serveWithArchive(archive: Buffer): Promise<void> {
  server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (path === '/config.json') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(CONFIG));
    if (path === '/basemap/county.pmtiles') {
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      archiveRequests.push(req.headers.range ?? 'whole');
      if (!range) return void res.writeHead(200, { 'Content-Length': archive.length }).end(archive);
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), archive.length - 1);
      if (start >= archive.length) return void res.writeHead(416, { 'Content-Range': `bytes */${archive.length}` }).end();
      return void res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${archive.length}`, 'Content-Length': end - start + 1 }).end(archive.subarray(start, end + 1));
    }
    let file = normalize(join(DIST, path));
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a PMTiles basemap on the app’s own server', () => {
  it('is read by range requests and drawn under the regions, credited, with no other server contacted', async () => {
    await serveWithArchive(pmtilesArchive(solidPng(TILE), 12));
    try {
      const { page, requests, errors, context } = await openPage(suite.browser, `${origin}/`, { width: 1920, height: 1080 });
      try {
        await waitForMap(page);
        await page.waitForSelector('[data-testid="map"][data-basemap="drawn"]', { timeout: 60_000 });
        expect(await page.getByTestId('basemap-problem').count()).toBe(0);
        expect(await page.getByTestId('basemap-credit').textContent()).toBe('底图：县测绘院影像（测试） · 审图号：GS(2099)0002号');
        expect(archiveRequests.length).toBeGreaterThan(1);
        expect(archiveRequests.every((r) => r.startsWith('bytes='))).toBe(true);
        expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
        // The tiles' green shows around the county (the map's corners lie outside it).
        const shot = await page.getByTestId('map').screenshot({ path: `${SCREENSHOTS}/basemap-pmtiles.png` });
        const corner = await page.evaluate(async (b64) => {
          const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
          g.drawImage(bitmap, 0, 0);
          return Array.from(g.getImageData(Math.round(bitmap.width / 2), bitmap.height - 3, 1, 1).data.slice(0, 3));
        }, shot.toString('base64'));
        expect(corner.every((v, i) => Math.abs(v - (TILE[i] as number)) <= 3), String(corner)).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
