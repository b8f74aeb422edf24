/** parquet-wasm in the browser, its wasm self-hosted through Vite. */
import initParquet, { readParquet } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetDecoder } from './connector';

let ready: Promise<ParquetDecoder> | null = null;

export function browserParquetDecoder(): Promise<ParquetDecoder> {
  ready ??= initParquet({ module_or_path: parquetWasmUrl }).then(() => (bytes: Uint8Array) => readParquet(bytes).intoIPCStream());
  return ready;
}
