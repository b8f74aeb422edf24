/**
 * Step 1 of `npm run bench`: writes one scale's extract with the demo generator's parts (geography, population,
 * extract writer). county is `generateDemo` itself; city and province use {@link scaledGeography}.
 *
 * As a child process: `node --import tsx src/cli/bench/generate.ts --scale city --out DIR --result FILE`.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_DEFAULTS, demoManifest, generateDemo } from '../demo/county';
import { COUNTY_NAME, randomPointInPolygon } from '../demo/geography';
import { generatePopulation } from '../demo/population';
import type { Rng } from '../demo/random';
import { loadRugaoReference } from '../demo/reference';
import { regionRows, withPolygons } from '../demo/region-rows';
import { writeExtract, type Row } from '../write-extract';
import { encodeWkbMultiPolygon } from '../../extract/wkb';
import { TABLES, type Manifest, type TableName } from '../../extract/schema';
import { countyRegionFiles } from '../../extract/manifest';
import { childMain } from './child';
import { countiesThenCombine, type CombineSize } from './combine-scale';
import { scaledGeography } from './geography';
import { scaleByName, type ScaleSpec } from './scales';

export interface GenerateResult {
  scale: string;
  dir: string;
  ms: number;
  townships: number;
  villages: number;
  rows: Partial<Record<TableName, number>>;
  fileBytes: Partial<Record<TableName, number>>;
  totalBytes: number;
  /** A province built from counties: their generation and combine's measures. */
  combine?: CombineSize;
}

function filesOf(dir: string, manifest: Manifest): { fileBytes: GenerateResult['fileBytes']; totalBytes: number } {
  const fileBytes: GenerateResult['fileBytes'] = {};
  for (const spec of TABLES) {
    const file = manifest.tables[spec.name];
    if (file) fileBytes[spec.name] = statSync(join(dir, file)).size;
  }
  const totalBytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  return { fileBytes, totalBytes };
}

export async function generateScale(spec: ScaleSpec, out: string): Promise<GenerateResult> {
  const started = performance.now();
  rmSync(out, { recursive: true, force: true });
  const { seed, asOf } = DEMO_DEFAULTS;
  if (spec.counties) {
    const size = await countiesThenCombine({ name: spec.name, children: spec.children, work: `${out}-counties`, out, timeoutMs: spec.timeouts.generate });
    if (size.counties !== spec.counties) throw new Error(`${spec.name}: ${size.counties} counties, expected ${spec.counties}`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    // The merged rows must add up to the county extracts' (their manifests count each table's rows).
    const inputs = readdirSync(`${out}-counties`).map((c) => JSON.parse(readFileSync(join(`${out}-counties`, c, 'manifest.json'), 'utf8')) as Manifest);
    for (const spec2 of TABLES) {
      const sum = (ms: Manifest[]) => ms.reduce((s2, m) => s2 + m.counties.reduce((s3, c) => s3 + Number(c.rows?.[spec2.name] ?? 0), 0), 0);
      if (spec2.name !== 'regions' && sum([manifest]) !== sum(inputs)) throw new Error(`${spec2.name}: ${sum([manifest])} rows after combine, ${sum(inputs)} in the counties`);
    }
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    // The top regions file and, with county_regions, each county's townships and villages.
    const regionFiles = [manifest.tables.regions ?? 'regions.parquet', ...countyRegionFiles(manifest).map((f) => f.file)].map((f) => `'${join(out, f).replace(/'/g, "''")}'`);
    const levels = (await conn.runAndReadAll(`SELECT level, count(*)::INTEGER AS n FROM read_parquet([${regionFiles.join(', ')}]) GROUP BY level`)).getRowObjectsJson();
    conn.closeSync();
    instance.closeSync();
    const count = (level: string) => Number(levels.find((r) => r.level === level)?.n ?? 0);
    return {
      scale: spec.name,
      dir: out,
      ms: Math.round(performance.now() - started),
      townships: count('township'),
      villages: count('village'),
      rows: { regions: levels.reduce((s2, r) => s2 + Number(r.n), 0), ...size.combine.rows },
      fileBytes: {},
      totalBytes: size.combine.outputBytes,
      combine: size,
    };
  }
  if (spec.copies === 1 && spec.villagesPerVillage === 1 && spec.children === DEMO_DEFAULTS.children) {
    // The county scale is the embedded demo, written by the demo generator itself.
    const manifest = await generateDemo({ ...DEMO_DEFAULTS, out });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const rows: GenerateResult['rows'] = {};
    for (const spec2 of TABLES) {
      const file = manifest.tables[spec2.name];
      if (!file) continue;
      const result = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(out, file).replace(/'/g, "''")}')`);
      rows[spec2.name] = Number(result.getRowObjectsJson()[0]?.n ?? 0);
    }
    conn.closeSync();
    instance.closeSync();
    return {
      scale: spec.name,
      dir: out,
      ms: Math.round(performance.now() - started),
      townships: 21,
      villages: 355,
      rows,
      ...filesOf(out, manifest),
    };
  }

  const ref = loadRugaoReference(resolve(import.meta.dirname, '../../../data/reference'));
  const geo = scaledGeography(ref, seed, spec.copies, spec.villagesPerVillage);
  const byCode = new Map(geo.regions.map((r) => [r.code, r]));
  const pointIn = (code: string, rng: Rng): [number, number] => {
    const region = byCode.get(code);
    if (!region) throw new Error(`unknown village ${code}`);
    if (region.polygon) return randomPointInPolygon(region.polygon, rng);
    return [region.label[0] + (rng.next() - 0.5) * 0.006, region.label[1] + (rng.next() - 0.5) * 0.006];
  };
  const population = generatePopulation(geo.regions, {
    seed,
    asOf,
    children: spec.children,
    pointIn,
    villageStationTargets: Object.fromEntries([...geo.targets].map(([code, t]) => [code, t.stations])),
  });
  const generated = performance.now();
  const regions: Row[] = regionRows(geo.regions.map(withPolygons), geo.targets).map((row) =>
    row.level === 'county' ? { ...row, geometry: encodeWkbMultiPolygon(geo.countyPolygons), boundary_schematic: true } : row,
  );
  const base = demoManifest(asOf);
  const manifest = await writeExtract(
    out,
    {
      ...base,
      county_name: `${COUNTY_NAME}×${spec.copies * spec.villagesPerVillage}（基准测试）`,
      source_systems: [`关爱一张图基准测试数据（npm run bench，规模 ${spec.name}）`],
      attribution: [...base.attribution, `基准测试：如皋市示意区划复制 ${spec.copies} 份${spec.villagesPerVillage > 1 ? `，每村 ${spec.villagesPerVillage} 份` : ''}，名称与代码为虚构`],
    },
    { regions, ...population },
  );
  console.log(
    `${spec.name}: population generated in ${Math.round(generated - started)} ms, written in ${Math.round(performance.now() - generated)} ms (${population.children.length} children, ${population.visits.length} visits)`,
  );
  return {
    scale: spec.name,
    dir: out,
    ms: Math.round(performance.now() - started),
    townships: geo.regions.filter((r) => r.level === 'township').length,
    villages: geo.regions.filter((r) => r.level === 'village').length,
    rows: {
      regions: regions.length,
      children: population.children.length,
      colour_assessments: population.colour_assessments.length,
      visits: population.visits.length,
      stations: population.stations.length,
      staff: population.staff.length,
      water_points: population.water_points.length,
    },
    ...filesOf(out, manifest),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  childMain({ scale: { type: 'string' }, out: { type: 'string' }, children: { type: 'string' } }, async (values) => {
    const base = scaleByName(String(values.scale));
    const spec = values.children === undefined ? base : { ...base, children: Number(values.children) };
    return generateScale(spec, resolve(String(values.out)));
  });
}
