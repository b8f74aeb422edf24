/** parquet-wasm in the browser, its wasm self-hosted through Vite. */
import initParquet, { readParquet, wasmMemory } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetDecoder } from './connector';

let ready: Promise<ParquetDecoder> | null = null;

export function browserParquetDecoder(): Promise<ParquetDecoder> {
  ready ??= initParquet({ module_or_path: parquetWasmUrl }).then(() =>
    Object.assign((bytes: Uint8Array) => readParquet(bytes).intoIPCStream(), { wasmBytes: () => wasmMemory().buffer.byteLength }),
  );
  return ready;
}
