import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCombine } from '../../src/cli/combine/run';
import { writeAggregates } from '../../src/cli/write-aggregates';
import { writeExtract } from '../../src/cli/write-extract';
import { rowsOf, type Connector } from '../../src/db/connector';
import { waitingConnector } from '../../src/app/county-data';
import { aggregateDisagreements } from '../../src/db/county-check';
import { loadCounty, releaseCounty } from '../../src/db/county-load';
import { CountyStore } from '../../src/db/county-store';
import { ExtractError, loadExtract, type ExtractSource, type LoadedExtract } from '../../src/db/load-extract';
import { budgetFor, LOAD_BYTES_PER_ROW } from '../../src/db/memory-budget';
import { riskMixSql } from '../../src/measures/risk-mix';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { A2, countyManifest, countyTables, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { literal } from '../../src/measures/sql';
import { editManifest, rewriteTable, truncateFile } from '../support/break-extract';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-county-fetch-'));
const city = join(root, 'nantong');
const profiles = [BUILTIN_PROFILES[0]!];
let conn: Awaited<ReturnType<typeof createNodeConnector>>;

/** A folder source that records every file read. */
function recorded(dir: string): ExtractSource & { files: string[] } {
  const source = folderSource(dir);
  const files: string[] = [];
  return { files, readManifest: () => source.readManifest(), readFile: (f) => (files.push(f), source.readFile(f)) };
}

function copyOf(name: string): string {
  const dir = join(root, name);
  cpSync(city, dir, { recursive: true });
  return dir;
}

const children = async () =>
  Object.fromEntries(rowsOf<{ code: string; children: number }>(await conn.query(riskMixSql({ level: 'county', asOf: '2026-10-31' }))).map((r) => [r.code, r.children]));
const count = async (table: string) => Number(rowsOf<{ n: bigint }>(await conn.query(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

/** The city extract's regions and aggregates, with no county's raw rows. */
async function start(dir: string): Promise<{ extract: LoadedExtract; source: ReturnType<typeof recorded> }> {
  const source = recorded(dir);
  const extract = await loadExtract(conn, source, decodeParquetNode, undefined, undefined, { counties: [], aggregates: true });
  return { extract, source };
}

async function refusal(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (e) {
    if (e instanceof ExtractError) return e.problems;
    throw e;
  }
  return [];
}

beforeAll(async () => {
  const [qd, rg] = [join(root, 'qidong'), join(root, 'rugao')];
  await writeExtract(qd, countyManifest(QIDONG), countyTables(QIDONG));
  await writeExtract(rg, countyManifest(RUGAO), countyTables(RUGAO));
  for (const dir of [qd, rg]) await writeAggregates(dir, { profiles });
  await runCombine([qd, rg], city, { profiles });
  conn = await createNodeConnector();
}, 600_000);
afterAll(() => {
  conn?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a city extract loaded county by county', () => {
  it('starts with regions and the aggregates only: the raw tables exist, empty', async () => {
    const { extract, source } = await start(city);
    expect(source.files.sort()).toEqual(['agg_guardianship.parquet', 'agg_quality.parquet', 'agg_risk.parquet', 'agg_stations.parquet', 'agg_visits.parquet', 'agg_water.parquet', 'regions.parquet']);
    expect(extract.counties).toEqual([]);
    expect(extract.aggregates).toHaveLength(6);
    // The province, the city and the two counties: their townships and villages are in the counties' own files.
    expect(extract.rowCounts).toMatchObject({ regions: 4, children: 0, visits: 0, stations: 0 });
    expect(await count(`agg_risk WHERE level = 'city' AND month = '2026-10' AND children = 8`)).toBe(1);
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 0 });
  });

  it('loads one county, then another, reading only its files, and releases one', async () => {
    const { extract } = await start(city);
    const source = recorded(city);
    const progress: string[] = [];
    const loaded = await loadCounty(conn, source, decodeParquetNode, extract.manifest, QIDONG, { extent: extract.extent, onProgress: (p) => progress.push(`${p.done}/${p.total}`) });
    expect(source.files.every((f) => f.includes(`.${QIDONG}.`))).toBe(true);
    expect(source.files).toHaveLength(7);
    expect(source.files[0]).toBe(`regions.${QIDONG}.parquet`);
    expect(progress).toEqual(['0/7', '1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    // 1 township and 2 villages, 5 children, 4 assessments, 1 visit, 2 stations, 2 staff, 1 water point.
    expect(loaded.rows).toBe(18);
    expect(await count(`regions WHERE starts_with(code, '${QIDONG}') AND level IN ('township', 'village')`)).toBe(3);
    expect(await children()).toEqual({ [QIDONG]: 5, [RUGAO]: 0 });
    await loadCounty(conn, recorded(city), decodeParquetNode, extract.manifest, RUGAO, { extent: extract.extent });
    expect(await children()).toEqual({ [QIDONG]: 5, [RUGAO]: 3 });
    expect(await count('visits')).toBe(2);
    await releaseCounty(conn, extract.manifest, QIDONG);
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 3 });
    // Its townships and villages go with its rows; 如皋市's stay.
    expect(await count(`regions WHERE starts_with(code, '${QIDONG}')`)).toBe(1);
    expect(await count(`regions WHERE starts_with(code, '${RUGAO}') AND level IN ('township', 'village')`)).toBeGreaterThan(0);
    expect([await count('children'), await count('visits'), await count('colour_assessments'), await count('stations'), await count('staff'), await count('water_points')]).toEqual([4, 1, 4, 2, 1, 1]);
    // Loading a county twice is refused by its keys, leaving its rows once.
    expect((await refusal(() => loadCounty(conn, recorded(city), decodeParquetNode, extract.manifest, RUGAO)))[0]).toBe(`children.${RUGAO}.parquet：主键 child_key 有 4 行与已载入的其他县重复`);
    expect(await count('children')).toBe(4);
  });

  it('names a missing or corrupt county file, changing nothing, and the other county still loads', async () => {
    const dir = copyOf('broken');
    rmSync(join(dir, `visits.${RUGAO}.parquet`));
    truncateFile(dir, `staff.${RUGAO}.parquet`);
    const { extract } = await start(dir);
    expect(await refusal(() => loadCounty(conn, folderSource(dir), decodeParquetNode, extract.manifest, RUGAO))).toEqual([
      expect.stringMatching(new RegExp(`^visits\\.${RUGAO}\\.parquet：`)),
      `staff.${RUGAO}.parquet：不是有效的 Parquet 文件或文件已损坏`,
    ]);
    expect(await count('children')).toBe(0);
    await loadCounty(conn, folderSource(dir), decodeParquetNode, extract.manifest, QIDONG);
    expect(await children()).toEqual({ [QIDONG]: 5, [RUGAO]: 0 });
  });

  it('finds no disagreement between the aggregates and the raw rows of an untouched extract', async () => {
    const { extract } = await start(city);
    await loadCounty(conn, folderSource(city), decodeParquetNode, extract.manifest, QIDONG);
    expect(await aggregateDisagreements(conn, extract.manifest, QIDONG, extract.aggregates ?? [], BUILTIN_PROFILES)).toEqual([]);
  }, 120_000);

  it('detects aggregates that disagree with a county’s raw rows, edited in either file', async () => {
    const dir = copyOf('edited');
    // An aggregate row edited by hand: 启东市's red children in 2026-10.
    await rewriteTable(dir, 'agg_risk.parquet', `SELECT * REPLACE (CASE WHEN region_code = '${QIDONG}' AND month = '2026-10' THEN 4 ELSE red END AS red) FROM t`);
    // A raw file edited by hand: 如皋市's k6 lost the assessment (red, 2026-09-01) its aggregates count in 2026-10.
    await rewriteTable(dir, `colour_assessments.${RUGAO}.parquet`, `SELECT * FROM t WHERE child_key <> '00000000000000a6'`);
    const { extract } = await start(dir);
    await loadCounty(conn, folderSource(dir), decodeParquetNode, extract.manifest, QIDONG);
    await loadCounty(conn, folderSource(dir), decodeParquetNode, extract.manifest, RUGAO);
    expect(await aggregateDisagreements(conn, extract.manifest, QIDONG, extract.aggregates ?? [], BUILTIN_PROFILES)).toEqual([
      { table: 'agg_risk', file: 'agg_risk.parquet', rows: 1, example: { region: `启东市（${QIDONG}）`, month: '2026-10', column: 'red', stored: '4', computed: '1' } },
    ]);
    const rugao = await aggregateDisagreements(conn, extract.manifest, RUGAO, extract.aggregates ?? [], BUILTIN_PROFILES);
    expect(rugao.map((d) => d.table)).toEqual(['agg_risk', 'agg_guardianship', 'agg_quality']);
    expect(rugao[0]?.example).toEqual({ region: `如皋市（${RUGAO}）`, month: '2026-10', column: 'red', stored: '2', computed: '1' });
  }, 120_000);
});

describe('the county store', () => {
  it('loads counties as views ask, releases the least recently used over the budget, and greys a county that fails', async () => {
    const dir = copyOf('store');
    const { extract } = await start(dir);
    // Room for one county's rows at a time (启东市 15 and 3 regions, 如皋市 12 and its regions).
    const budget = { ...budgetFor(undefined), pageBytes: 20 * LOAD_BYTES_PER_ROW };
    const read: string[] = [];
    const store = new CountyStore({
      conn,
      extract,
      source: () => {
        const s = recorded(dir);
        return { readManifest: s.readManifest, readFile: (f) => (read.push(f), s.readFile(f)) };
      },
      decoder: async () => decodeParquetNode,
      budget,
      profiles: BUILTIN_PROFILES,
    });
    expect(store.limit).toBe(20);
    const revisions: number[] = [];
    store.subscribe(() => revisions.push(store.snapshot().revision));
    await store.ensure(QIDONG);
    expect(store.snapshot().loaded).toEqual([QIDONG]);
    expect(store.snapshot().states.get(QIDONG)).toEqual({ state: 'loaded', rows: 18 });
    expect(await children()).toEqual({ [QIDONG]: 5, [RUGAO]: 0 });
    await store.ensure(RUGAO);
    expect(store.snapshot().loaded).toEqual([RUGAO]);
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 3 });
    // One revision per load queued (the release happened within the second).
    expect(store.snapshot().revision).toBe(2);
    // Present already: nothing read again.
    const before = read.length;
    await store.ensure(RUGAO);
    expect(read.length).toBe(before);

    rmSync(join(dir, `children.${QIDONG}.parquet`));
    await store.ensure(QIDONG);
    const failed = store.snapshot().states.get(QIDONG);
    expect(failed?.state).toBe('failed');
    expect(failed?.state === 'failed' && failed.problems[0]?.text).toMatch(new RegExp(`^children\\.${QIDONG}\\.parquet：`));
    // 如皋市 was released to make room, and the failed load put nothing back.
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 0 });
    await store.ensure(RUGAO);
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 3 });
    expect(revisions.at(-1)).toBe(store.snapshot().revision);
    await store.checked;
  }, 120_000);

  it('sends the queries that waited for a county before the county’s aggregate check (the check still runs)', async () => {
    const { extract } = await start(city);
    const sent: string[] = [];
    const recording: Connector = { query: (sql, priority) => (sent.push(sql), conn.query(sql, priority)), insertArrowIpc: (t, ipc) => conn.insertArrowIpc(t, ipc) };
    const store = new CountyStore({ conn: recording, extract, source: () => folderSource(city), decoder: async () => decodeParquetNode, budget: budgetFor(undefined), profiles: BUILTIN_PROFILES });
    const view = riskMixSql({ level: 'township', parentCode: QIDONG, asOf: '2026-10-31' });
    void store.ensure(QIDONG);
    // A view of the county asks for its figures while the county loads: the query waits for it.
    const figures = waitingConnector(recording, store).query(view, 'map');
    expect(rowsOf<{ children: number }>(await figures).map((r) => r.children)).toEqual([5]);
    await store.checked;
    const viewAt = sent.indexOf(view);
    const checkAt = sent.findIndex((sql) => /county_check_\d+/.test(sql));
    expect(viewAt).toBeGreaterThan(-1);
    expect(checkAt).toBeGreaterThan(viewAt);
    expect(store.snapshot().disagreements.size).toBe(0);
  }, 120_000);
});

describe('regions split by county (issue #11)', () => {
  const levels = async () => rowsOf<{ level: string; n: bigint }>(await conn.query('SELECT level, count(*) AS n FROM regions GROUP BY level ORDER BY level')).map((r) => `${r.level} ${r.n}`);

  it('combine writes the province, city and county rows at the top and each county’s townships and villages in its own file', async () => {
    const manifest = JSON.parse(readFileSync(join(city, 'manifest.json'), 'utf8')) as { county_regions: string; counties: { code: string; rows: Record<string, number> }[] };
    expect(manifest.county_regions).toBe('regions.{county}.parquet');
    // 启东市: 甲镇 with two villages; 如皋市: 乙镇 with one village.
    expect(manifest.counties.map((c) => [c.code, c.rows.regions])).toEqual([
      [QIDONG, 3],
      [RUGAO, 2],
    ]);
    await start(city);
    expect(await levels()).toEqual(['city 1', 'county 2', 'province 1']);
    // Every county asked for (as combine and the aggregate writer load it): the regions of old, row for row.
    await loadExtract(conn, folderSource(city), decodeParquetNode);
    expect(await levels()).toEqual(['city 1', 'county 2', 'province 1', 'township 2', 'village 3']);
  }, 120_000);

  it('still loads a multi-county extract of the earlier layout (one regions file, no county_regions)', async () => {
    const dir = copyOf('one-regions-file');
    const own = [QIDONG, RUGAO].map((c) => join(dir, `regions.${c}.parquet`));
    await rewriteTable(dir, 'regions.parquet', `SELECT * FROM t UNION ALL BY NAME SELECT * FROM read_parquet([${own.map(literal).join(', ')}]) ORDER BY code`);
    for (const f of own) rmSync(f);
    editManifest(dir, (m) => {
      delete m.county_regions;
      for (const c of m.counties as { rows: Record<string, number> }[]) delete c.rows.regions;
    });
    const { extract, source } = await start(dir);
    expect(source.files).toContain('regions.parquet');
    expect(extract.rowCounts.regions).toBe(9);
    const county = recorded(dir);
    const loaded = await loadCounty(conn, county, decodeParquetNode, extract.manifest, QIDONG, { extent: extract.extent, aggregates: extract.aggregates });
    expect(county.files).toHaveLength(6);
    expect(loaded.rows).toBe(15);
    expect(await count('regions')).toBe(9);
    expect(await children()).toEqual({ [QIDONG]: 5, [RUGAO]: 0 });
  }, 120_000);

  it('greys a county whose own regions file is missing, naming the file, and the other county loads', async () => {
    const dir = copyOf('no-county-regions');
    rmSync(join(dir, `regions.${RUGAO}.parquet`));
    const { extract } = await start(dir);
    const store = new CountyStore({ conn, extract, source: () => folderSource(dir), decoder: async () => decodeParquetNode, budget: budgetFor(undefined), profiles: BUILTIN_PROFILES });
    await store.ensure(RUGAO);
    const failed = store.snapshot().states.get(RUGAO);
    expect(failed?.state).toBe('failed');
    expect(failed?.state === 'failed' && failed.problems.map((p) => p.text)).toEqual([expect.stringMatching(new RegExp(`^regions\\.${RUGAO}\\.parquet：`))]);
    expect(await count(`regions WHERE starts_with(code, '${RUGAO}')`)).toBe(1);
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 0 });
    await store.ensure(QIDONG);
    expect(store.snapshot().states.get(QIDONG)?.state).toBe('loaded');
    expect(await children()).toEqual({ [QIDONG]: 5, [RUGAO]: 0 });
    await store.checked;
  }, 120_000);

  it('checks a county’s regions on drill as the loader checked them: nesting, the county, its aggregate rows', async () => {
    const nested = copyOf('badly-nested');
    // 启东市's second village put under 如皋市's township, in 启东市's file.
    await rewriteTable(nested, `regions.${QIDONG}.parquet`, `SELECT * REPLACE (CASE WHEN code = '${A2}' THEN '320682001' ELSE parent_code END AS parent_code) FROM t`);
    let { extract } = await start(nested);
    expect(await refusal(() => loadCounty(conn, folderSource(nested), decodeParquetNode, extract.manifest, QIDONG, { extent: extract.extent, aggregates: extract.aggregates }))).toEqual([
      `regions.${QIDONG}.parquet：列 parent_code 有 1 行的上级区划代码不是其代码的开头或不是上一级（例如 code ${A2}，parent_code 320682001）`,
    ]);
    expect(await count(`regions WHERE starts_with(code, '${QIDONG}')`)).toBe(1);

    const aggregated = copyOf('unknown-village');
    // An aggregate row of a village 启东市's regions do not have: accepted at the top, refused on drill.
    await rewriteTable(aggregated, 'agg_risk.parquet', `SELECT * REPLACE (CASE WHEN region_code = '${A2}' THEN '320681001009' ELSE region_code END AS region_code) FROM t`);
    ({ extract } = await start(aggregated));
    expect(await refusal(() => loadCounty(conn, folderSource(aggregated), decodeParquetNode, extract.manifest, QIDONG, { extent: extract.extent, aggregates: extract.aggregates }))).toEqual([
      expect.stringMatching(/^agg_risk\.parquet：列 region_code 有 \d+ 行引用了 regions\.code 中不存在的值（例如 320681001009）/),
    ]);
    expect(await children()).toEqual({ [QIDONG]: 0, [RUGAO]: 0 });
  }, 120_000);
});
