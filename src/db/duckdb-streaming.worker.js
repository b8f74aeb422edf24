/**
 * DuckDB's own worker script (its URL in this worker's `?worker=` parameter, same origin only), loaded so that its
 * wasm is compiled straight from the fetch() Response: duckdb-wasm wraps that Response in a new one to report
 * download progress when TransformStream exists, and the wrapped Response has no URL, so Chromium can neither key
 * nor keep the compiled code in its code cache. Without TransformStream it takes its plain
 * `WebAssembly.instantiateStreaming(fetch(url))` path (no progress is reported; the app shows none). A repeat visit
 * then loads the compiled code instead of compiling 34 MB again.
 */
const target = new URL(new URLSearchParams(globalThis.location.search).get('worker') ?? '', globalThis.location.href);
if (target.origin !== globalThis.location.origin || !target.pathname.endsWith('.js')) {
  throw new Error(`duckdb-streaming.worker.js: refusing to load ${target.href}`);
}
globalThis.TransformStream = undefined;
globalThis.importScripts(target.href);
