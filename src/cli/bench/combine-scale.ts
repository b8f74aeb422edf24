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

/** A size to extrapolate to: counties, villages and visits (national scale: ≈ 2,800 counties, 490,000 villages, 120M visits). */
export interface ExtrapolationTarget {
  counties: number;
  villages: number;
  visits: number;
}

export interface Extrapolation extends ExtrapolationTarget {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  outputBytes: number;
  /**
   * The least-squares lines (value = a + b × x) through the measured sizes: wall and CPU per county against visits
   * per county; peak RSS against visits per county; raw output bytes against visits; aggregate bytes against
   * villages.
   */
  fits: Record<'wallPerCountyMs' | 'cpuPerCountyMs' | 'peakRssBytes' | 'rawBytes' | 'aggregateBytes', { a: number; b: number }>;
  basis: string[];
}

/** The least-squares line through (x, y) points. */
function line(xs: readonly number[], ys: readonly number[]): { a: number; b: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] as number) - my), 0) / sxx;
  return { a: my - b * mx, b };
}

/**
 * Combine at an unmeasured size, from measured ones, by how combine works (county by county, then a roll-up): each
 * county costs a fixed part (its own DuckDB, every builder once per level × month × profile) plus a part that grows
 * with its rows, so wall and CPU time are read per county on a line against visits per county, then multiplied by
 * the target's counties; peak memory is one county's work plus what is held to the end, read on a line against
 * visits per county (it does not see the aggregate rows held for the roll-up, which grow with the villages); output
 * is the raw tables (a line in the visits) plus the aggregate tables (a line in the villages).
 */
export function extrapolate(sizes: readonly CombineSize[], target: ExtrapolationTarget): Extrapolation {
  if (sizes.length < 2) throw new Error('extrapolating needs at least two measured sizes');
  const visits = sizes.map((s) => s.combine.rows.visits ?? 0);
  const perCounty = sizes.map((s, i) => (visits[i] as number) / s.counties);
  const fits = {
    wallPerCountyMs: line(perCounty, sizes.map((s) => s.combine.wallMs / s.counties)),
    cpuPerCountyMs: line(perCounty, sizes.map((s) => s.combine.cpuMs / s.counties)),
    peakRssBytes: line(perCounty, sizes.map((s) => s.combine.peakRssBytes)),
    rawBytes: line(visits, sizes.map((s) => s.combine.outputBytes - s.combine.aggregateBytes)),
    aggregateBytes: line(sizes.map((s) => s.villages), sizes.map((s) => s.combine.aggregateBytes)),
  };
  const at = (f: { a: number; b: number }, x: number) => f.a + f.b * x;
  const targetPerCounty = target.visits / target.counties;
  return {
    ...target,
    wallMs: Math.round(target.counties * at(fits.wallPerCountyMs, targetPerCounty)),
    cpuMs: Math.round(target.counties * at(fits.cpuPerCountyMs, targetPerCounty)),
    peakRssBytes: Math.round(at(fits.peakRssBytes, targetPerCounty)),
    outputBytes: Math.round(at(fits.rawBytes, target.visits) + at(fits.aggregateBytes, target.villages)),
    fits,
    basis: sizes.map((s) => s.name),
  };
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
