import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE, REVALIDATE, serve } from '../../src/cli/serve';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path is sent exactly as given (fetch would resolve `..` before sending). */
function get(url: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

let tmp: string;
let root: string;
let at: { url: string; close: () => Promise<void> };
let sub: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'serve-test-'));
  root = join(tmp, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(root, 'demo'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'config.json'), '{}');
  writeFileSync(join(root, 'assets/index-AbC_d-12.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets/duckdb-eh-9ubY-jlA.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'demo/manifest.json'), '{"format":"care-atlas"}');
  writeFileSync(join(root, 'demo/regions.parquet'), 'PAR1');
  writeFileSync(join(tmp, 'secret.txt'), 'SECRET');
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'link.txt'));
  at = await serve(root, 0);
  sub = await serve(root, 0, '127.0.0.1', { base: '/care-atlas/' });
});

afterAll(async () => {
  await at?.close();
  await sub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('cacheControlFor', () => {
  it('caches Vite-hashed assets for a year and revalidates everything else', () => {
    expect(cacheControlFor('assets/index-zsaQbp6m.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('assets/duckdb-eh-9ubY-jlA.wasm')).toBe(IMMUTABLE);
    expect(cacheControlFor('assets/duckdb-browser-eh.worker-hQa-dcAV.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('index.html')).toBe(REVALIDATE);
    expect(cacheControlFor('config.json')).toBe(REVALIDATE);
    expect(cacheControlFor('visit-profiles.json')).toBe(REVALIDATE);
    expect(cacheControlFor('demo/manifest.json')).toBe(REVALIDATE);
    expect(cacheControlFor('demo/visits.parquet')).toBe(REVALIDATE);
    expect(cacheControlFor('favicon.svg')).toBe(REVALIDATE);
    // A file named like a hashed one outside assets/ (an extract's table) is the county's data: revalidated.
    expect(cacheControlFor('extracts/2026q3/visits-20261001.parquet')).toBe(REVALIDATE);
    expect(cacheControlFor('extracts/assets/visits-20261001.parquet')).toBe(REVALIDATE);
  });
});

describe('npm start server', () => {
  it('serves index.html at the root with no-cache, the policy header and nosniff', async () => {
    const r = await get(at.url, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>app</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(r.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('sends the wasm as application/wasm, immutable for a year', async () => {
    const r = await get(at.url, '/assets/duckdb-eh-9ubY-jlA.wasm');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/wasm');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-length']).toBe('8');
    expect(r.body.slice(1, 4)).toBe('asm');
  });

  it('sends each kind of file with its type', async () => {
    expect((await get(at.url, '/assets/index-AbC_d-12.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(at.url, '/config.json')).headers['content-type']).toBe('application/json; charset=utf-8');
    const parquet = await get(at.url, '/demo/regions.parquet');
    expect(parquet.headers['content-type']).toBe('application/octet-stream');
    expect(parquet.headers['cache-control']).toBe('no-cache');
  });

  it('answers an unchanged revalidated file with 304', async () => {
    const first = await get(at.url, '/demo/manifest.json');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get(at.url, '/demo/manifest.json', 'GET', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect((await get(at.url, '/demo/manifest.json', 'GET', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('refuses every way out of the folder', async () => {
    for (const path of ['/../secret.txt', '/demo/../../secret.txt', '/%2e%2e/secret.txt', '/demo/%2E%2E%2F%2E%2E%2Fsecret.txt', '/..%5csecret.txt', '/demo%00/x', '/link.txt']) {
      const r = await get(at.url, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain('SECRET');
    }
    expect((await get(at.url, '/%E0%A4%A')).status).toBe(400);
  });

  it('answers GET and HEAD only, and 404 for what is not there', async () => {
    expect((await get(at.url, '/index.html', 'POST')).status).toBe(405);
    const head = await get(at.url, '/assets/duckdb-eh-9ubY-jlA.wasm', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get(at.url, '/nothing.js')).status).toBe(404);
  });

  it('redirects a folder without its slash, keeping the query', async () => {
    const r = await get(at.url, '/demo?x=1');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/demo/?x=1');
  });

  it('serves the app under a sub-path, and nothing outside it', async () => {
    expect(sub.url.endsWith('/care-atlas/')).toBe(true);
    const page = await get(sub.url, '/care-atlas/index.html?extract=demo/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect((await get(sub.url, '/care-atlas/assets/duckdb-eh-9ubY-jlA.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await get(sub.url, '/care-atlas')).headers.location).toBe('/care-atlas/');
    expect((await get(sub.url, '/assets/duckdb-eh-9ubY-jlA.wasm')).status).toBe(404);
    expect((await get(sub.url, '/care-atlas/../care-atlas/index.html')).status).toBe(403);
  });
});
