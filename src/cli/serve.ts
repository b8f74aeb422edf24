/**
 * `npm start` (after the build): serves the built app (dist/) on 127.0.0.1 with the caching a repeat visit needs.
 *
 * - Hashed build output (`assets/name-HASH.ext`, as Vite names it) is sent with `Cache-Control: public,
 *   max-age=31536000, immutable`: a repeat visit takes it from the browser's cache without asking, and Chromium
 *   keeps the compiled DuckDB wasm next to it (its code cache).
 * - Everything else (index.html, config.json, visit-profiles.json, the demo extract, any extract copied next to the
 *   app) is sent with `Cache-Control: no-cache` and an ETag, so a changed file is seen at once and an unchanged one
 *   costs a 304.
 * - `.wasm` as application/wasm (streaming compilation requires it), the Content-Security-Policy header with
 *   `frame-ancestors 'self'`, and `X-Content-Type-Options: nosniff`.
 * - The app can sit under a sub-path (`--base /care-atlas/`); a folder without its trailing slash is redirected to
 *   it, so the app's relative URLs resolve. Paths that leave the folder (`..`, encoded or not, backslashes, NUL,
 *   symbolic links out of it) are refused; only GET and HEAD are answered.
 *
 * Usage: `tsx src/cli/serve.ts [DIR] [--port 4173] [--host 127.0.0.1] [--base /]`.
 */
import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { serverPolicy } from '../security/csp';

/** Content types by extension; anything else is application/octet-stream. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.parquet': 'application/octet-stream',
  '.pmtiles': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * A file Vite wrote with a content hash in its name, under assets/: `index-B2x_9aQk.js`, `duckdb-eh-DlJ2f0Zt.wasm`.
 * Its content never changes under that name, so it may be cached for a year.
 */
const HASHED = /^assets\/(?:[^/]+\/)*[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/** The Cache-Control of a file, by its path relative to the served folder (with `/` separators). */
export function cacheControlFor(relativePath: string): string {
  return HASHED.test(relativePath) ? IMMUTABLE : REVALIDATE;
}

/** Headers sent with every answer. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': serverPolicy(),
    'X-Content-Type-Options': 'nosniff',
  };
}

export interface ServeOptions {
  /** The URL path the folder is served at: `/` or `/sub/path/` (leading and trailing slash). */
  base?: string;
  /**
   * Send the Content-Security-Policy header (default true). The benchmark leaves it out, as its harness evaluates
   * script in the page; the built page's own meta tag still applies.
   */
  policyHeader?: boolean;
}

type Resolved = { kind: 'file'; file: string; rel: string; stat: Stats } | { kind: 'redirect'; location: string } | { kind: 'error'; status: number };

/** Maps a request path to a file inside `root` (a real path), or says why not. Exported for the tests. */
export function resolveRequest(root: string, base: string, rawPath: string): Resolved {
  if (!rawPath.startsWith(base)) {
    if (`${rawPath}/` === base) return { kind: 'redirect', location: base };
    if (rawPath === '/' && base !== '/') return { kind: 'redirect', location: base };
    return { kind: 'error', status: 404 };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.slice(base.length));
  } catch {
    return { kind: 'error', status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'error', status: 400 };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'error', status: 403 };
  const rel = segments.filter((s) => s !== '').join('/');
  let file = join(root, ...rel.split('/'));
  let stat: Stats;
  try {
    file = realpathSync(file);
    stat = statSync(file);
  } catch {
    return { kind: 'error', status: 404 };
  }
  if (file !== root && !file.startsWith(root + sep)) return { kind: 'error', status: 403 };
  if (stat.isDirectory()) {
    if (rel !== '' && !decoded.endsWith('/')) return { kind: 'redirect', location: `${rawPath}/` };
    const index = join(file, 'index.html');
    try {
      const s = statSync(index);
      if (!s.isFile()) return { kind: 'error', status: 404 };
      return { kind: 'file', file: index, rel: rel === '' ? 'index.html' : `${rel}/index.html`, stat: s };
    } catch {
      return { kind: 'error', status: 404 };
    }
  }
  if (!stat.isFile()) return { kind: 'error', status: 404 };
  return { kind: 'file', file, rel, stat };
}

const etagOf = (stat: Stats): string => `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;

/** The request handler for a folder: exported so that the tests and the benchmark serve exactly what `npm start` serves. */
export function staticHandler(dir: string, options: ServeOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const root = realpathSync(resolve(dir));
  const base = normalizeBase(options.base ?? '/');
  const always = securityHeaders();
  if (options.policyHeader === false) delete always['Content-Security-Policy'];
  return (req, res) => {
    for (const [k, v] of Object.entries(always)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0]?.split('#')[0] ?? '/';
    const r = resolveRequest(root, base, rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
    if (r.kind === 'error') {
      res.writeHead(r.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${r.status}\n`);
      return;
    }
    if (r.kind === 'redirect') {
      const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
      res.writeHead(301, { Location: r.location + query, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const etag = etagOf(r.stat);
    const headers: Record<string, string | number> = {
      'Content-Type': mimeType(r.file),
      'Cache-Control': cacheControlFor(r.rel),
      ETag: etag,
      'Last-Modified': r.stat.mtime.toUTCString(),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': r.stat.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(r.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

function normalizeBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  if (trimmed.split('/').some((s) => s === '..' || s === '.')) throw new Error(`--base: ${base} is not a plain path`);
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Starts serving `dir`; port 0 picks a free one. */
export async function serve(dir: string, port: number, host = '127.0.0.1', options: ServeOptions = {}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(staticHandler(dir, options));
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}${normalizeBase(options.base ?? '/')}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string', default: '4173' }, host: { type: 'string', default: '127.0.0.1' }, base: { type: 'string', default: '/' } },
  });
  const dir = resolve(positionals[0] ?? 'dist');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: ${values.port} is not a port number`);
  const { url } = await serve(dir, port, values.host, { base: values.base });
  console.log(`Care Atlas: ${dir} at ${url} (Ctrl+C to stop)`);
}
