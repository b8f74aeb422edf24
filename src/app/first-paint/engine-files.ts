/**
 * What the server sends for DuckDB's wasm, asked before the engine starts: duckdb-wasm's worker, given a missing
 * file or one not sent as application/wasm, fails inside the worker and never answers, so the page would wait for
 * ever. A HEAD request says at once what is wrong, for the administrator.
 */
import { selectBundle } from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { ProblemError } from '../../i18n/errors';
import { firstPaintText as t } from '../../i18n/zh-first-paint';

/** The problem with the wasm at `url` from its HEAD response, or null when it looks servable (or HEAD is not served). */
export function wasmProblem(url: string, status: number, contentType: string | null): ProblemError | null {
  const file = new URL(url, 'http://localhost/').pathname;
  const detail = `HEAD ${url} → HTTP ${status}${contentType ? `, Content-Type: ${contentType}` : ''}`;
  // A server that does not answer HEAD (405, 501) says nothing about the file.
  if (status === 405 || status === 501) return null;
  if (status < 200 || status >= 300) return new ProblemError({ text: t.wasmUnavailable(file, status), detail });
  if (!contentType?.toLowerCase().startsWith('application/wasm')) return new ProblemError({ text: t.wasmWrongType(file, contentType), detail });
  return null;
}

/** Throws a {@link ProblemError} saying what is wrong with the wasm this browser's DuckDB will use; a network failure is left to the engine. */
export async function checkEngineWasm(): Promise<void> {
  const bundle = await selectBundle({ mvp: { mainModule: mvpWasm, mainWorker: '' }, eh: { mainModule: ehWasm, mainWorker: '' } });
  const url = new URL(bundle.mainModule, window.location.href).href;
  let res: Response;
  try {
    res = await fetch(url, { method: 'HEAD' });
  } catch {
    return;
  }
  const problem = wasmProblem(url, res.status, res.headers.get('content-type'));
  if (problem) throw problem;
}
