/**
 * The Content-Security-Policy of the built page: the one definition, written into dist/index.html as a meta tag by
 * vite.config.ts and quoted by the README's server headers (a unit test keeps them equal).
 *
 * Everything comes from the app's own origin. The exceptions, each needed by a library the app bundles:
 * 'wasm-unsafe-eval' compiles DuckDB's and parquet-wasm's WebAssembly; blob: workers are how duckdb-wasm and
 * deck.gl start theirs; blob: and data: fetches and images are the exports and the map's own canvases;
 * 'unsafe-inline' styles are React's style attributes and maplibre's. No inline script, no eval, no plugin.
 */
export interface CspOptions {
  /**
   * Origins of a configured tile server (scheme, host and port, from configuration), allowed in connect-src and img-src; none
   * by default, as the app ships with an offline basemap.
   */
  tileOrigins?: readonly string[];
}

/** The directives, in order; `frame-ancestors` is left out, as a meta tag cannot carry it (see `serverPolicy`). */
export function cspDirectives({ tileOrigins = [] }: CspOptions = {}): [string, string[]][] {
  for (const origin of tileOrigins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) throw new Error(`CSP: tile origin must be scheme://host[:port], got ${JSON.stringify(origin)}`);
  }
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', ["'self'", 'blob:', 'data:', ...tileOrigins]],
    ['img-src', ["'self'", 'blob:', 'data:', ...tileOrigins]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['font-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'none'"]],
  ];
}

/** The policy as the page's meta tag carries it. */
export function metaPolicy(options?: CspOptions): string {
  return cspDirectives(options)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The policy as a server sends it in its Content-Security-Policy header: the meta tag's plus frame-ancestors. */
export function serverPolicy(options?: CspOptions): string {
  return `${metaPolicy(options)}; frame-ancestors 'self'`;
}
