/**
 * parquet-wasm in a dedicated worker (see ./browser-parquet.ts): the page's Parquet decoding happens here, and the
 * worker is ended after each load. A wasm memory never shrinks, so ending the worker is the only way to give the
 * memory of a large decode back.
 */
import initParquet, { readParquet, wasmMemory } from 'parquet-wasm/esm';

export type ToWorker = { kind: 'init'; module: WebAssembly.Module } | { kind: 'decode'; id: number; bytes: Uint8Array };
export type FromWorker =
  | { kind: 'decoded'; id: number; ipc: Uint8Array; wasmBytes: number }
  | { kind: 'failed'; id: number; name: string; message: string; wasmBytes: number | undefined };

let ready: Promise<unknown> | null = null;

const memoryNow = (): number | undefined => {
  try {
    return wasmMemory().buffer.byteLength;
  } catch {
    return undefined;
  }
};

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'init') {
    ready = initParquet({ module_or_path: message.module });
    return;
  }
  try {
    if (!ready) throw new Error('parquet worker used before init');
    await ready;
    const ipc = readParquet(message.bytes).intoIPCStream();
    const reply: FromWorker = { kind: 'decoded', id: message.id, ipc, wasmBytes: wasmMemory().buffer.byteLength };
    self.postMessage(reply, { transfer: [ipc.buffer] });
  } catch (e) {
    const reply: FromWorker = {
      kind: 'failed',
      id: message.id,
      name: e instanceof Error ? e.name : 'Error',
      message: e instanceof Error ? e.message : String(e),
      wasmBytes: memoryNow(),
    };
    self.postMessage(reply);
  }
};
