import type { ExtractSource } from './load-extract';
import { BudgetError, ByteAllowance, pageBudget, toMb, type MemoryBudget } from './memory-budget';
import { loadProblems as msg, memoryProblems as memMsg } from '../i18n/zh';

/** One allowance for all the files of one extract, counting against `budget.maxExtractBytes`. */
export function extractAllowance(budget: MemoryBudget): ByteAllowance {
  return new ByteAllowance(budget.maxExtractBytes, (file, used, limit) => memMsg.extractTooLarge(file, toMb(used), toMb(limit)));
}

/**
 * A response body read as a bounded stream: refused before reading when its Content-Length alone is over what
 * `allowance` has left, and cancelled as soon as the bytes received (counted chunk by chunk against `allowance`,
 * which other files of the extract share) pass the limit, whether or not the server sent a Content-Length.
 * Throws a {@link BudgetError} naming `file`.
 */
export async function readBounded(body: ReadableStream<Uint8Array> | null, contentLength: string | null, file: string, allowance: ByteAllowance): Promise<Uint8Array> {
  const declared = contentLength !== null && /^\d+$/.test(contentLength.trim()) ? Number(contentLength) : null;
  if (declared !== null && declared > allowance.limit) {
    await body?.cancel().catch(() => undefined);
    throw new BudgetError(memMsg.fileTooLarge(file, toMb(declared), toMb(allowance.limit)));
  }
  if (declared !== null && declared > allowance.limit - allowance.usedBytes) {
    await body?.cancel().catch(() => undefined);
    throw new BudgetError(memMsg.extractTooLarge(file, toMb(allowance.usedBytes + declared), toMb(allowance.limit)));
  }
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  // With a declared length the bytes go straight into one buffer; without one (or if the server sends more than
  // it declared) they are gathered in chunks and joined at the end.
  let buffer = declared !== null ? new Uint8Array(declared) : null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      allowance.take(file, value.byteLength);
      if (buffer && size + value.byteLength <= buffer.byteLength) {
        buffer.set(value, size);
      } else {
        if (buffer) {
          chunks.push(buffer.subarray(0, size));
          buffer = null;
        }
        chunks.push(value);
      }
      size += value.byteLength;
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
  if (buffer) return size === buffer.byteLength ? buffer : buffer.subarray(0, size);
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * An extract hosted on the same server as the app, at `base` (a relative URL such as `demo/` or an absolute
 * path on this origin). Anything on another origin is refused: the app never fetches from outside its server.
 */
export function httpSource(base: string, origin = window.location.href, budget: MemoryBudget = pageBudget()): ExtractSource {
  const root = new URL(base.endsWith('/') ? base : `${base}/`, origin);
  if (root.origin !== new URL(origin).origin) {
    throw new Error(msg.otherServer(base));
  }
  const allowance = extractAllowance(budget);
  const get = async (file: string): Promise<Uint8Array> => {
    const res = await fetch(new URL(file, root));
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`HTTP ${res.status} ${new URL(file, root).pathname}`);
    }
    return readBounded(res.body, res.headers.get('content-length'), file, allowance);
  };
  return {
    readManifest: async () => JSON.parse(new TextDecoder().decode(await get('manifest.json'))) as unknown,
    readFile: get,
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
