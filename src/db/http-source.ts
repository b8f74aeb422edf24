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
