import type { ExtractSource } from './load-extract';
import { loadProblems as msg } from '../i18n/zh';

/** Largest file the page will try to load: beyond it a browser tab would run out of memory. */
export const MAX_FILE_BYTES = 1536 * 1024 * 1024;

/**
 * An extract hosted on the same server as the app, at `base` (a relative URL such as `demo/` or an absolute
 * path on this origin). Anything on another origin is refused: the app never fetches from outside its server.
 */
export function httpSource(base: string, origin = window.location.href): ExtractSource {
  const root = new URL(base.endsWith('/') ? base : `${base}/`, origin);
  if (root.origin !== new URL(origin).origin) {
    throw new Error(msg.otherServer(base));
  }
  const get = async (file: string): Promise<Response> => {
    const res = await fetch(new URL(file, root));
    if (!res.ok) throw new Error(`HTTP ${res.status} ${new URL(file, root).pathname}`);
    const size = Number(res.headers.get('content-length') ?? 0);
    if (size > MAX_FILE_BYTES) throw new Error(msg.fileTooLarge(file, Math.round(size / 1048576)));
    return res;
  };
  return {
    readManifest: async () => (await get('manifest.json')).json() as Promise<unknown>,
    readFile: async (file) => new Uint8Array(await (await get(file)).arrayBuffer()),
  };
}

/**
 * `source` with every file the manifest lists requested at once, before the loader asks for them (it reads them
 * one by one, after DuckDB has started): downloads overlap the engine's start-up and each other. A failed
 * download still fails where the loader reads that file.
 */
export function prefetching(source: ExtractSource): ExtractSource {
  const manifest = source.readManifest();
  const files = new Map<string, Promise<Uint8Array>>();
  const fetchOnce = (file: string): Promise<Uint8Array> => {
    let p = files.get(file);
    if (!p) {
      p = source.readFile(file);
      // Handled where the loader awaits it; this only keeps an early failure from being reported as unhandled.
      p.catch(() => undefined);
      files.set(file, p);
    }
    return p;
  };
  manifest.then(
    (json) => {
      const tables = (json as { tables?: unknown } | null)?.tables;
      if (tables && typeof tables === 'object') for (const file of Object.values(tables)) if (typeof file === 'string' && /^[A-Za-z0-9_.-]+\.parquet$/.test(file)) fetchOnce(file);
    },
    () => undefined,
  );
  return {
    readManifest: () => manifest,
    readFile: (file) => {
      const p = fetchOnce(file);
      // Read once: the loader keeps the bytes only as long as it needs them.
      files.delete(file);
      return p;
    },
  };
}
