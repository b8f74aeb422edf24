/**
 * `combine` at several sizes (issue #11 item 6): the province's counties generated as county extracts (./province.ts)
 * with a given number of children, then merged by runCombine in a process of its own (./combine-step.ts), which
 * reports wall time, CPU, peak resident set and output size. A size that does not fit this machine is measured
 * smaller and extrapolated (see {@link extrapolate}).
 *
 * As a child process: `node --import tsx src/cli/bench/combine-scale.ts --name S --children N [--counties-of CITY]
 * --work DIR --out DIR --result FILE`.
 */
import { resolve } from 'node:path';
import { childMain, runStep } from './child';
import type { CombineMeasure } from './combine-step';
import { provinceCounties, writeProvinceCounties } from './province';

export interface CombineSize {
  name: string;
  children: number;
  counties: number;
  villages: number;
  /** Writing the county extracts (the population generator), ms. */
  generateMs: number;
  combine: CombineMeasure;
}

/**
 * Generates the province's counties (or those of one city, `countiesOf`: a 4-digit code) with `children` children
 * into `work`, and combines them into `out`.
 */
export async function countiesThenCombine(options: { name: string; children: number; countiesOf?: string; work: string; out: string; timeoutMs: number }): Promise<CombineSize> {
  const all = provinceCounties();
  const counties = options.countiesOf ? all.filter((c) => c.code.startsWith(options.countiesOf as string)) : all;
  if (counties.length === 0) throw new Error(`no county of ${options.countiesOf} in the benchmark's province`);
  const t0 = performance.now();
  const written = await writeProvinceCounties({ work: options.work, children: options.children, counties, onProgress: (l) => console.log(l) });
  const generateMs = Math.round(performance.now() - t0);
  const step = await runStep<CombineMeasure>(`combine ${options.name}`, resolve(import.meta.dirname, 'combine-step.ts'), ['--inputs', options.work, '--out', options.out], `${options.out}.combine.json`, options.timeoutMs);
  if (step.status !== 'ok') throw new Error(`combine ${step.status}: ${step.error}`);
  return {
    name: options.name,
    children: written.reduce((s, c) => s + c.children, 0),
    counties: written.length,
    villages: written.reduce((s, c) => s + c.villageUnits, 0),
    generateMs,
    combine: step.result,
  };
}

export interface Extrapolation {
  /** What is extrapolated to: visits (the largest table; every aggregate scans it). */
  visits: number;
  wallMs: number;
  peakRssBytes: number;
  outputBytes: number;
  /** The least-squares line through the measured sizes (value = a + b × visits), per quantity. */
  fits: Record<'wallMs' | 'peakRssBytes' | 'outputBytes', { a: number; b: number }>;
  basis: string[];
}

/** A least-squares line through the measured sizes, against their visit rows, read at `visits`. */
export function extrapolate(sizes: readonly CombineSize[], visits: number): Extrapolation {
  if (sizes.length < 2) throw new Error('extrapolating needs at least two measured sizes');
  const xs = sizes.map((s) => s.combine.rows.visits ?? 0);
  const fit = (ys: number[]) => {
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const b = sxx === 0 ? 0 : xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] as number) - my), 0) / sxx;
    return { a: my - b * mx, b };
  };
  const fits = {
    wallMs: fit(sizes.map((s) => s.combine.wallMs)),
    peakRssBytes: fit(sizes.map((s) => s.combine.peakRssBytes)),
    outputBytes: fit(sizes.map((s) => s.combine.outputBytes)),
  };
  const at = (f: { a: number; b: number }) => Math.round(f.a + f.b * visits);
  return { visits, wallMs: at(fits.wallMs), peakRssBytes: at(fits.peakRssBytes), outputBytes: at(fits.outputBytes), fits, basis: sizes.map((s) => s.name) };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  childMain({ name: { type: 'string' }, children: { type: 'string' }, 'counties-of': { type: 'string' }, work: { type: 'string' }, out: { type: 'string' }, timeout: { type: 'string' } }, async (v) =>
    countiesThenCombine({
      name: String(v.name),
      children: Number(v.children),
      ...(typeof v['counties-of'] === 'string' ? { countiesOf: v['counties-of'] } : {}),
      work: resolve(String(v.work)),
      out: resolve(String(v.out)),
      timeoutMs: Number(v.timeout ?? 3_600_000),
    }),
  );
}
