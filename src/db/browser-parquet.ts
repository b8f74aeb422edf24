/**
 * parquet-wasm in the browser, its wasm self-hosted through Vite, run in a dedicated worker: decoding leaves the
 * main thread free, and `close()` after a load ends the worker, which gives its wasm memory back (a wasm memory
 * only grows: decoding 3M visit rows left parquet-wasm holding 500 MB for the rest of the page's life).
 * The wasm is compiled once per page; each worker instantiates it with a fresh memory.
 */
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetDecoder } from './connector';
import type { FromWorker, ToWorker } from './parquet-worker';

export type WorkerDecoder = ParquetDecoder & {
  /** Ends the worker and frees its memory; the next `browserParquetDecoder()` starts another. */
  close(): void;
};

let compiled: Promise<WebAssembly.Module> | null = null;
let current: Promise<WorkerDecoder> | null = null;

async function fetchAndCompile(): Promise<WebAssembly.Module> {
  const res = await fetch(parquetWasmUrl);
  if (!res.ok) throw new Error(`HTTP ${res.status} ${parquetWasmUrl}`);
  // Compiled while it downloads, unless the server sends .wasm with another MIME type than application/wasm.
  if (res.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}

function compile(): Promise<WebAssembly.Module> {
  compiled ??= fetchAndCompile().catch((e: unknown) => {
    compiled = null;
    throw e;
  });
  return compiled;
}

async function start(): Promise<WorkerDecoder> {
  const module = await compile();
  const worker = new Worker(new URL('./parquet-worker.ts', import.meta.url), { type: 'module' });
  worker.postMessage({ kind: 'init', module } satisfies ToWorker);
  const pending = new Map<number, { ok: (ipc: Uint8Array) => void; fail: (e: Error) => void }>();
  let next = 0;
  let wasmBytes: number | undefined;
  let ended: Error | null = null;
  const endAll = (error: Error) => {
    ended = error;
    for (const p of pending.values()) p.fail(error);
    pending.clear();
  };
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const reply = event.data;
    wasmBytes = reply.wasmBytes;
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.kind === 'decoded') p?.ok(reply.ipc);
    else p?.fail(Object.assign(new Error(reply.message), { name: reply.name }));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    endAll(new Error(event.message || 'parquet worker failed'));
  };
  const mine = current;
  const decoder: WorkerDecoder = Object.assign(
    (bytes: Uint8Array) =>
      new Promise<Uint8Array>((ok, fail) => {
        if (ended) {
          fail(ended);
          return;
        }
        next += 1;
        pending.set(next, { ok, fail });
        // The bytes move to the worker: the loader does not use them after decoding.
        worker.postMessage({ kind: 'decode', id: next, bytes } satisfies ToWorker, { transfer: [bytes.buffer] });
      }),
    {
      wasmBytes: () => wasmBytes ?? 0,
      close: () => {
        worker.terminate();
        endAll(new Error('parquet worker closed'));
        if (current === mine) current = null;
      },
    },
  );
  return decoder;
}

/** The page's Parquet decoder: a worker started on first use (and again after `close()`). */
export function browserParquetDecoder(): Promise<WorkerDecoder> {
  current ??= start().catch((e: unknown) => {
    current = null;
    throw e;
  });
  return current;
}
