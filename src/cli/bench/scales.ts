/**
 * The three sizes `npm run bench` measures, and the targets of issue #5 for each.
 *
 * county is the embedded demo itself (如皋市: 21 township-level units, 355 villages, 5,000 children). city and
 * province replicate its schematic geography side by side (`copies`), with `villagesPerVillage` times as many
 * villages inside each township at province scale, so that the extract keeps format v1's limits: one county row,
 * at most 999 townships (9-digit codes) and at most 999 villages per township (12-digit codes).
 */
export type ScaleName = 'county' | 'city' | 'province';

export interface ScaleSpec {
  name: ScaleName;
  /** Copies of 如皋's schematic geography laid side by side (1 = the demo). */
  copies: number;
  /** Each real village appears this many times in its township (1 = as in the reference data). */
  villagesPerVillage: number;
  /** Children on the roll, passed to generatePopulation. */
  children: number;
  /**
   * Built from this many real counties of one province, each a county extract merged by combine (./province.ts),
   * instead of copies of 如皋 in one county (`copies` and `villagesPerVillage` are then unused).
   */
  counties?: number;
  targets: {
    /** Navigation to first drawn map, ms. */
    coldStartMs: number;
    /** p95 of a theme switch, drill-down or month change, ms. */
    mapChangeP95Ms: number;
    /** Each measure's SQL in duckdb-wasm within this factor of native DuckDB. */
    sqlRatio: number;
    /** The tab's memory (peak resident set of its renderer process), bytes; judged at province only. */
    memoryBytes: number | null;
  };
  /** Wall-clock limits of each step, ms: beyond them the step is stopped and recorded as timed out. */
  timeouts: { generate: number; browser: number; sql: number };
}

const GB = 1024 ** 3;

export const SCALES: readonly ScaleSpec[] = [
  {
    name: 'county',
    copies: 1,
    villagesPerVillage: 1,
    children: 5_000,
    targets: { coldStartMs: 1_500, mapChangeP95Ms: 50, sqlRatio: 2, memoryBytes: null },
    timeouts: { generate: 600_000, browser: 1_500_000, sql: 600_000 },
  },
  {
    name: 'city',
    copies: 8,
    villagesPerVillage: 1,
    children: 50_000,
    targets: { coldStartMs: 2_500, mapChangeP95Ms: 80, sqlRatio: 2, memoryBytes: null },
    timeouts: { generate: 300_000, browser: 1_200_000, sql: 600_000 },
  },
  {
    name: 'province',
    copies: 1,
    villagesPerVillage: 1,
    children: 500_000,
    counties: 60,
    targets: { coldStartMs: 4_000, mapChangeP95Ms: 100, sqlRatio: 2, memoryBytes: 1.5 * GB },
    timeouts: { generate: 7_200_000, browser: 1_800_000, sql: 1_200_000 },
  },
];

/** The spec with `fraction` of its children (`--scale`): the same geography, fewer rows. */
export function scaled(spec: ScaleSpec, fraction: number): ScaleSpec {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`--scale must be in (0, 1], got ${fraction}`);
  return fraction === 1 ? spec : { ...spec, children: Math.max(1, Math.round(spec.children * fraction)) };
}

export function scaleByName(name: string): ScaleSpec {
  const spec = SCALES.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown scale ${JSON.stringify(name)}: one of ${SCALES.map((s) => s.name).join(', ')}`);
  return spec;
}
