/**
 * The county demo, 如皋市: real township and village names and codes (NBS 2023), GeoNames seats (CC BY 4.0), the
 * 2021 plan's station targets; schematic shapes; everything about children, visits, stations, staff and water
 * points synthetic. Deterministic: the same options write the same extract, with its aggregate tables
 * (src/cli/write-aggregates.ts). The city demo (./city.ts) and the benchmark build on it; `npm run generate:demo`
 * (src/cli/generate-demo.ts) runs it.
 */
import { resolve } from 'node:path';
import { buildSchematicGeography, COUNTY_CODE, COUNTY_NAME, randomPointInPolygon } from './geography';
import { generatePopulation } from './population';
import type { Rng } from './random';
import { loadRugaoReference, type RugaoReference } from './reference';
import { writeAggregates } from '../write-aggregates';
import { writeExtract } from '../write-extract';
import { regionRows, withPolygons } from './region-rows';
import { FORMAT_NAME, FORMAT_VERSION, type Manifest, type ManifestHeader } from '../../extract/schema';

export interface DemoOptions {
  out: string;
  children: number;
  seed: number;
  asOf: string;
}

export const DEMO_DEFAULTS: Omit<DemoOptions, 'out'> = { children: 5000, seed: 20261031, asOf: '2026-10-31' };

export const TARGETS_SOURCE = '如皋市2021年儿童福利工作方案 附件1《2021年度如皋市儿童“关爱之家”建设任务分配表》';

export function demoManifest(asOf: string): ManifestHeader {
  return {
    format: FORMAT_NAME,
    format_version: FORMAT_VERSION,
    county_code: COUNTY_CODE,
    county_name: COUNTY_NAME,
    as_of: asOf,
    division_code_edition: '2023',
    datum: 'WGS84',
    synthetic: true,
    small_cell_threshold: 5,
    source_systems: ['关爱一张图示例数据生成器（npm run generate:demo）'],
    attribution: [
      '示例数据（虚构）：儿童、评估、走访、阵地、人员与防溺水点位均为随机生成',
      '乡镇驻地点位：GeoNames（CC BY 4.0）',
      '乡镇、村（社区）边界为示意',
    ],
    targets_source: TARGETS_SOURCE,
  };
}

/** Targets per township code, from the reference table (the seed's 2021 annex; each township one 关爱之家). */
function targetsOf(ref: RugaoReference): Map<string, { homes: number; stations: number }> {
  const targets = new Map<string, { homes: number; stations: number }>();
  for (const town of ref.towns) {
    if (town.seedCareStations !== null) targets.set(town.code, { homes: 1, stations: town.seedCareStations });
  }
  return targets;
}

/** Writes 如皋市's raw tables (no aggregate tables) into `out`: the county demo before its aggregates. */
export async function writeDemoTables(options: DemoOptions): Promise<Manifest> {
  const ref = loadRugaoReference(resolve(import.meta.dirname, '../../../data/reference'));
  const regions = buildSchematicGeography(ref, options.seed);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const pointIn = (code: string, rng: Rng): [number, number] => {
    const region = byCode.get(code);
    if (!region) throw new Error(`unknown village ${code}`);
    if (region.polygon) return randomPointInPolygon(region.polygon, rng);
    // No territory of its own: within ~300 m of its label.
    return [region.label[0] + (rng.next() - 0.5) * 0.006, region.label[1] + (rng.next() - 0.5) * 0.006];
  };
  const targets = targetsOf(ref);
  const population = generatePopulation(regions, {
    seed: options.seed,
    asOf: options.asOf,
    children: options.children,
    pointIn,
    villageStationTargets: Object.fromEntries([...targets].map(([code, t]) => [code, t.stations])),
  });
  const tables = { regions: regionRows(regions.map(withPolygons), targets), ...population };
  // The generator writes every row it makes: none is merged or rejected.
  const sourceRows = Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, { read: rows.length, written: rows.length, merged: 0, rejected: 0 }]));
  return writeExtract(options.out, { ...demoManifest(options.asOf), quality: { source_rows: sourceRows } }, tables);
}

export async function generateDemo(options: DemoOptions): Promise<Manifest> {
  await writeDemoTables(options);
  return (await writeAggregates(options.out)).manifest;
}
