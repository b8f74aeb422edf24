import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceCounties, writeProvinceCounties, type GeneratedCounty, type PlannedCounty } from '../../src/cli/bench/province';
import { extrapolate, type CombineSize } from '../../src/cli/bench/combine-scale';
import { scaleByName, scaled } from '../../src/cli/bench/scales';
import type { Manifest } from '../../src/extract/schema';

// The benchmark's province (issue #11 item 6) at a tiny size: its plan of 60 real counties of 江苏省, and every tenth
// of them written as a county extract with 60 children in all (writing all 60 takes minutes: the division table is
// read for each county; the same code writes each one). That combine merges such counties
// with rows adding up is checked by the benchmark itself on every province it builds (src/cli/bench/generate.ts).
const tmp = mkdtempSync(join(tmpdir(), 'bench-province-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHILDREN = 60;
let plan: PlannedCounty[] = [];
let written: GeneratedCounty[] = [];
let instance: DuckDBInstance;


async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe("the benchmark's province, from 60 county extracts", () => {
  beforeAll(async () => {
    plan = provinceCounties();
    written = await writeProvinceCounties({ work: join(tmp, 'counties'), children: CHILDREN, counties: plan.filter((_, i) => i % 10 === 0) });
    instance = await DuckDBInstance.create(':memory:');
  }, 600_000);

  it('is 60 distinct county-level units of 江苏省 (32), by code, about 15,000 villages', () => {
    expect(plan).toHaveLength(60);
    const codes = plan.map((c) => c.code);
    expect(new Set(codes).size).toBe(60);
    expect(codes).toEqual([...codes].sort());
    expect(codes.every((c) => /^32\d{4}$/.test(c))).toBe(true);
    const villages = plan.reduce((s, c) => s + c.villageUnits, 0);
    expect(villages).toBeGreaterThan(12_000);
    expect(villages).toBeLessThan(22_000);
  });

  it("writes one county extract per county, whose regions nest: townships in the county, villages in their township", async () => {
    expect(written.map((c) => c.code)).toEqual(plan.filter((_, i) => i % 10 === 0).map((c) => c.code));
    const bad = await rows(`
      WITH r AS (SELECT split_part(filename, '/', -2) AS dir, code, level, parent_code FROM read_parquet('${join(tmp, 'counties')}/*/regions.parquet', filename = true))
      SELECT dir, code, level FROM r
      WHERE (level = 'county' AND (code <> dir OR parent_code IS NOT NULL))
         OR (level = 'township' AND (parent_code <> dir OR NOT starts_with(code, dir) OR length(code) <> 9))
         OR (level = 'village' AND (NOT starts_with(code, parent_code) OR NOT starts_with(code, dir) OR length(code) <> 12))
         OR level NOT IN ('county', 'township', 'village')
      LIMIT 5`);
    expect(bad).toEqual([]);
    const villages = await rows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(tmp, 'counties')}/*/regions.parquet') WHERE level = 'village'`);
    expect(villages[0]?.n).toBe(written.reduce((s, c) => s + c.villageUnits, 0));
  });

  it('spreads the children over the counties by their villages, adding up to about the total asked', async () => {
    const perCounty = await rows(`SELECT split_part(filename, '/', -2) AS code, count(*)::INTEGER AS n FROM read_parquet('${join(tmp, 'counties')}/*/children.parquet', filename = true) GROUP BY 1 ORDER BY 1`);
    expect(perCounty.map((r) => [r.code, r.n])).toEqual(written.map((c) => [c.code, c.children]));
    const total = written.reduce((s, c) => s + c.children, 0);
    // Each county's share is rounded (at least one child each): the total is within one per county of the 60 asked.
    expect(Math.abs(total - CHILDREN)).toBeLessThanOrEqual(written.length);
    for (const c of written) expect(manifestOf(c.dir).counties[0]?.rows?.children).toBe(c.children);
  });
});

describe('the benchmark scales', () => {
  it('builds the province from 60 counties, and --scale keeps its geography with fewer children', () => {
    const province = scaleByName('province');
    expect(province.counties).toBe(60);
    expect(province.children).toBe(500_000);
    expect(scaled(province, 0.1)).toMatchObject({ counties: 60, children: 50_000 });
    expect(() => scaled(province, 0)).toThrow();
    expect(() => scaled(province, 1.5)).toThrow();
  });

  it('extrapolates combine county by county: time per county against visits per county, times the counties', () => {
    const size = (counties: number, villages: number, visits: number, wallMs: number, rss: number, raw: number, agg: number): CombineSize =>
      ({ name: `${counties}/${visits}`, children: 0, counties, villages, generateMs: 0, combine: { counties, rows: { visits }, wallMs, cpuMs: 2 * wallMs, peakRssBytes: rss, inputBytes: 0, outputBytes: raw + agg, outputFiles: 0, aggregateBytes: agg } }) as CombineSize;
    // Per county: 5 s + 1 ms per 100 visits of that county; RSS 200 MB + 1,000 bytes per visit of a county; output:
    // 2 bytes a visit, 100 bytes a village.
    const e = extrapolate(
      [
        // 10 counties of 10,000 visits: 10 × (5 + 0.1) s.
        size(10, 1_000, 100_000, 51_000, 210_000_000, 200_000, 100_000),
        // 60 counties of 50,000 visits: 60 × (5 + 0.5) s.
        size(60, 6_000, 3_000_000, 330_000, 250_000_000, 6_000_000, 600_000),
        // 60 counties of 100,000 visits: 60 × (5 + 1) s.
        size(60, 6_000, 6_000_000, 360_000, 300_000_000, 12_000_000, 600_000),
      ],
      { counties: 2_000, villages: 400_000, visits: 80_000_000 },
    );
    // 40,000 visits per county: 2,000 × (5 + 0.4) s; CPU twice that; 200 MB + 40 MB; 160 MB raw + 40 MB aggregates.
    expect(e.wallMs).toBe(10_800_000);
    expect(e.cpuMs).toBe(21_600_000);
    expect(e.peakRssBytes).toBe(240_000_000);
    expect(e.outputBytes).toBe(200_000_000);
    expect(() => extrapolate([size(1, 1, 1, 1, 1, 1, 1)], { counties: 1, villages: 1, visits: 2 })).toThrow();
  });
});
