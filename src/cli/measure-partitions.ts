/**
 * Node only, run by hand (`npx tsx src/cli/measure-partitions.ts [--counties 60] [--rows 20000]`): measures the two
 * ways format version 2 could partition a raw table by county, to choose one (README, "The extract format"):
 *
 * - A, a file per county per table: one GET of the county's file, decoded whole;
 * - B, one file whose row groups are keyed by county, with an index: the footer and that county's row group read by
 *   HTTP range requests (parquet-wasm's ParquetFile.fromUrl), or from disk the whole file read and one row group
 *   decoded.
 *
 * It writes a visits-like table (`--counties` × `--rows` rows) both ways, serves them from 127.0.0.1 with range
 * support, and prints the median time and bytes to read one county, over HTTP and from disk.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { ParquetFile, readParquet } from 'parquet-wasm/node';

const { values } = parseArgs({ options: { counties: { type: 'string', default: '60' }, rows: { type: 'string', default: '20000' }, reps: { type: 'string', default: '7' } } });
const counties = Number(values.counties);
const rows = Number(values.rows);
const reps = Number(values.reps);
const dir = join(tmpdir(), `care-atlas-partitions-${process.pid}`);
mkdirSync(join(dir, 'a'), { recursive: true });
mkdirSync(join(dir, 'b'), { recursive: true });
const code = (i: number) => String(320601 + i);

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run(`CREATE TABLE v AS SELECT (320601 + (i // ${rows}))::VARCHAR AS county, md5(i::VARCHAR) AS child_key,
  DATE '2025-11-01' + (i % 365)::INTEGER AS visited_on, ['home', 'phone', 'video'][1 + i % 3] AS mode, ['child_director', 'supervisor'][1 + i % 2] AS visitor_role
  FROM range(${counties * rows}) t(i)`);
for (let i = 0; i < counties; i++) {
  await conn.run(`COPY (SELECT * EXCLUDE (county) FROM v WHERE county = '${code(i)}') TO '${join(dir, 'a', `visits.${code(i)}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
}
// Every county has exactly `rows` rows here, so row groups of that size are the counties; real counties differ in
// size, and DuckDB's writer cannot end a row group at a key, so B would need another writer.
await conn.run(`COPY (SELECT * FROM v ORDER BY county) TO '${join(dir, 'b', 'visits.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rows})`);
conn.closeSync();
instance.closeSync();

let served = { requests: 0, bytes: 0 };
const server = createServer((req, res) => {
  const path = join(dir, decodeURIComponent((req.url ?? '/').split('?')[0] as string));
  const size = statSync(path).size;
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range ?? '');
  served.requests += 1;
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'Content-Length': size, 'Accept-Ranges': 'bytes' }).end();
    return;
  }
  const bytes = readFileSync(path);
  if (range) {
    // bytes=a-b, bytes=a- (to the end), bytes=-n (the last n bytes: a footer).
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    served.bytes += end - start + 1;
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' }).end(bytes.subarray(start, end + 1));
  } else {
    served.bytes += size;
    res.writeHead(200, { 'Content-Length': size, 'Accept-Ranges': 'bytes' }).end(bytes);
  }
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const port = (server.address() as { port: number }).port;
const base = `http://127.0.0.1:${port}`;

async function median(label: string, run: (county: string) => Promise<number>): Promise<void> {
  const times: number[] = [];
  let decodedRows = 0;
  served = { requests: 0, bytes: 0 };
  for (let r = 0; r < reps; r++) {
    const county = code((r * 7) % counties);
    const t0 = performance.now();
    decodedRows = await run(county);
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const ms = times[Math.floor(times.length / 2)] as number;
  console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${(served.bytes / reps / 1024).toFixed(0).padStart(7)} KiB/read  ${(served.requests / reps).toFixed(1)} requests/read  ${decodedRows} rows`);
}

const rowGroupOf = (county: string) => Number(county) - 320601;
console.log(`${counties} counties × ${rows} rows; file per county ${(statSync(join(dir, 'a', `visits.${code(0)}.parquet`)).size / 1024).toFixed(0)} KiB, one file ${(statSync(join(dir, 'b', 'visits.parquet')).size / 1048576).toFixed(1)} MiB`);
await median('A file per county, HTTP GET + decode', async (county) => {
  const bytes = new Uint8Array(await (await fetch(`${base}/a/visits.${county}.parquet`)).arrayBuffer());
  return readParquet(bytes).intoIPCStream().length > 0 ? rows : 0;
});
await median('B row groups + index, HTTP ranges + decode', async (county) => {
  const file = await ParquetFile.fromUrl(`${base}/b/visits.parquet`);
  const table = await file.read({ rowGroups: [rowGroupOf(county)] });
  return table.intoIPCStream().length > 0 ? rows : 0;
});
await median('A file per county, disk read + decode', async (county) => {
  const bytes = readFileSync(join(dir, 'a', `visits.${county}.parquet`));
  return readParquet(bytes).intoIPCStream().length > 0 ? rows : 0;
});
await median('B one file, disk read + decode one group', async (county) => {
  const bytes = readFileSync(join(dir, 'b', 'visits.parquet'));
  return readParquet(bytes, { rowGroups: [rowGroupOf(county)] }).intoIPCStream().length > 0 ? rows : 0;
});
server.close();
rmSync(dir, { recursive: true, force: true });
