/**
 * `npm run combine`'s code (runCombine) on a folder of county extracts, in a process of its own so that its peak
 * resident set (which includes native DuckDB's memory: it runs in the process) is combine's alone.
 *
 * As a child process: `node --import tsx src/cli/bench/combine-step.ts --inputs DIR --out DIR --result FILE`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCombine } from '../combine/run';
import { childMain } from './child';

export interface CombineMeasure {
  counties: number;
  /** Rows of the merged extract, by table (from its manifest's counties). */
  rows: Record<string, number>;
  /** runCombine's own wall time (the process's start-up excluded). */
  wallMs: number;
  /** CPU time of the process (user + system), ms: above wallMs when DuckDB runs on several threads. */
  cpuMs: number;
  /** Peak resident set of the process (VmHWM), bytes. */
  peakRssBytes: number;
  inputBytes: number;
  outputBytes: number;
  outputFiles: number;
  /** Output bytes of the aggregate tables (agg_*). */
  aggregateBytes: number;
}

function folderBytes(dir: string): { bytes: number; files: number; agg: number } {
  let bytes = 0;
  let files = 0;
  let agg = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = folderBytes(path);
      bytes += sub.bytes;
      files += sub.files;
      agg += sub.agg;
    } else {
      const size = statSync(path).size;
      bytes += size;
      files += 1;
      if (entry.name.startsWith('agg_')) agg += size;
    }
  }
  return { bytes, files, agg };
}

export async function measureCombine(inputsDir: string, out: string): Promise<CombineMeasure> {
  const inputs = readdirSync(inputsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(inputsDir, e.name))
    .sort();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let printed = -Infinity;
  const { manifest } = await runCombine(inputs, out, {
    generatedAt: null,
    onProgress: (line) => {
      // At most one line every 10 s: a province prints thousands.
      if (performance.now() - printed < 10_000) return;
      printed = performance.now();
      console.log(line);
    },
  });
  const wallMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const rows: Record<string, number> = {};
  for (const c of manifest.counties ?? []) for (const [table, n] of Object.entries(c.rows ?? {})) rows[table] = (rows[table] ?? 0) + Number(n);
  const o = folderBytes(out);
  return {
    counties: inputs.length,
    rows,
    wallMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    inputBytes: folderBytes(inputsDir).bytes,
    outputBytes: o.bytes,
    outputFiles: o.files,
    aggregateBytes: o.agg,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  childMain({ inputs: { type: 'string' }, out: { type: 'string' } }, async (v) => measureCombine(resolve(String(v.inputs)), resolve(String(v.out))));
}
