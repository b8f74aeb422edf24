import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCombine } from '../../src/cli/combine/run';
import { writeAggregates } from '../../src/cli/write-aggregates';
import { writeExtract } from '../../src/cli/write-extract';
import { rowsOf } from '../../src/db/connector';
import { listedRows } from '../../src/db/county-load';
import { CountyStore } from '../../src/db/county-store';
import { computeCustomVisits, CustomComputeCancelled, CUSTOM_VISITS_TABLE } from '../../src/db/custom-compute';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { budgetFor, LOAD_BYTES_PER_ROW } from '../../src/db/memory-budget';
import type { Manifest } from '../../src/extract/schema';
import { countiesIn, customEstimate, CUSTOM_ROWS_PER_SECOND } from '../../src/measures/custom-above';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { CITY, countyManifest, countyTables, PROVINCE, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-custom-above-'));
const city = join(root, 'nantong');
let conn: Awaited<ReturnType<typeof createNodeConnector>>;

beforeAll(async () => {
  const [qd, rg] = [join(root, 'qidong'), join(root, 'rugao')];
  await writeExtract(qd, countyManifest(QIDONG), countyTables(QIDONG));
  await writeExtract(rg, countyManifest(RUGAO), countyTables(RUGAO));
  for (const dir of [qd, rg]) await writeAggregates(dir, { profiles: BUILTIN_PROFILES });
  await runCombine([qd, rg], city, { profiles: BUILTIN_PROFILES });
  conn = await createNodeConnector();
}, 600_000);
afterAll(() => {
  conn?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The city extract with no county's rows, and a store holding one county's rows at a time (启东市 15, 如皋市 12). */
async function start(dir: string, rows = 20): Promise<{ extract: LoadedExtract; store: CountyStore }> {
  const extract = await loadExtract(conn, folderSource(dir), decodeParquetNode, undefined, undefined, { counties: [], aggregates: true });
  const budget = { ...budgetFor(undefined), pageBytes: rows * LOAD_BYTES_PER_ROW };
  const store = new CountyStore({ conn, extract, source: () => folderSource(dir), decoder: async () => decodeParquetNode, budget, profiles: BUILTIN_PROFILES });
  return { extract, store };
}

type AggRow = Record<string, unknown>;
type Shown = AggRow & { evaluated_on: string };
const ordered = (where: string) => `SELECT * FROM %T WHERE ${where} ORDER BY level, region_code, month`;
const rows = async (table: string, where: string): Promise<Shown[]> => rowsOf<AggRow>(await conn.query(ordered(where).replace('%T', table))).map((r) => ({ ...r, evaluated_on: String(r.evaluated_on) }));

describe('a visit profile computed above the county from raw rows', () => {
  it.each(BUILTIN_PROFILES.map((p) => [p.id, p] as const))('for built-in %s gives exactly agg_visits, county by county within the memory budget', async (_, profile) => {
    const { extract, store } = await start(city);
    const months = extract.manifest.aggregates?.months ?? [];
    expect(months.length).toBeGreaterThan(12);
    const progress: string[] = [];
    const result = await computeCustomVisits({
      conn,
      ensure: (c) => store.ensure(c),
      stateOf: (c) => store.snapshot().states.get(c),
      counties: countiesIn(extract.manifest, CITY),
      capacity: store.limit,
      rowsOf: (c) => listedRows(extract.manifest, c),
      profile,
      asOf: extract.manifest.as_of,
      months,
      onProgress: (done, total, county) => progress.push(`${done}/${total} ${county ?? '计算'}`),
    });
    expect(result).toEqual({ computed: [QIDONG, RUGAO], failed: [] });
    // Only one county's rows could be held at a time: 启东市 was computed, then released for 如皋市.
    expect(progress).toEqual([`0/2 ${QIDONG}`, '0/2 计算', `1/2 ${RUGAO}`, '1/2 计算', '2/2 计算']);
    expect(store.snapshot().loaded).toEqual([RUGAO]);
    const where = `profile_id = '${profile.id}' AND level IN ('county', 'city', 'province')`;
    const expected = await rows('agg_visits', where);
    // Two counties, their city and province, every month.
    expect(expected).toHaveLength(4 * months.length);
    expect(expected.some((r) => Number(r.due) > 0 && Number(r.compliant) > 0)).toBe(true);
    expect(await rows(CUSTOM_VISITS_TABLE, 'true')).toEqual(expected);
    await store.checked;
  }, 120_000);

  it('computes counties that fit together in one pass over their rows, keeping them loaded', async () => {
    const { extract, store } = await start(city, 100);
    const profile = BUILTIN_PROFILES[1]!;
    const progress: string[] = [];
    await computeCustomVisits({
      conn,
      ensure: (c) => store.ensure(c),
      stateOf: (c) => store.snapshot().states.get(c),
      counties: [QIDONG, RUGAO],
      capacity: store.limit,
      rowsOf: (c) => listedRows(extract.manifest, c),
      profile,
      asOf: extract.manifest.as_of,
      months: extract.manifest.aggregates?.months ?? [],
      onProgress: (done, total, county) => progress.push(`${done}/${total} ${county ?? '计算'}`),
    });
    expect(progress).toEqual([`0/2 ${QIDONG}`, `0/2 ${RUGAO}`, '0/2 计算', '2/2 计算']);
    expect(store.snapshot().loaded).toEqual([QIDONG, RUGAO]);
    expect(await rows(CUSTOM_VISITS_TABLE, 'true')).toEqual(await rows('agg_visits', `profile_id = '${profile.id}' AND level IN ('county', 'city', 'province')`));
    await store.checked;
  }, 120_000);

  it('names a county whose file is missing, computes the other, and gives its city and province no part sum', async () => {
    const dir = join(root, 'missing');
    cpSync(city, dir, { recursive: true });
    rmSync(join(dir, `visits.${QIDONG}.parquet`));
    const { extract, store } = await start(dir);
    const profile = BUILTIN_PROFILES[1]!;
    const result = await computeCustomVisits({
      conn,
      ensure: (c) => store.ensure(c),
      stateOf: (c) => store.snapshot().states.get(c),
      counties: [QIDONG, RUGAO],
      capacity: store.limit,
      rowsOf: (c) => listedRows(extract.manifest, c),
      profile,
      asOf: extract.manifest.as_of,
      months: ['2026-10'],
    });
    expect(result.computed).toEqual([RUGAO]);
    expect(result.failed.map((f) => f.county)).toEqual([QIDONG]);
    expect(result.failed[0]?.problems[0]?.text).toMatch(new RegExp(`^visits\\.${QIDONG}\\.parquet：`));
    const got = await rows(CUSTOM_VISITS_TABLE, 'true');
    expect(got.map((r) => `${r.level} ${r.region_code}`)).toEqual([`county ${RUGAO}`]);
    expect(got).toEqual(await rows('agg_visits', `profile_id = '${profile.id}' AND region_code = '${RUGAO}' AND month = '2026-10'`));
    await store.checked;
  }, 120_000);

  it('stops when cancelled and leaves no result', async () => {
    const { extract, store } = await start(city);
    const abort = new AbortController();
    const run = computeCustomVisits({
      conn,
      ensure: async (c) => {
        await store.ensure(c);
        abort.abort();
      },
      stateOf: (c) => store.snapshot().states.get(c),
      counties: [QIDONG, RUGAO],
      capacity: store.limit,
      rowsOf: (c) => listedRows(extract.manifest, c),
      profile: BUILTIN_PROFILES[0]!,
      asOf: extract.manifest.as_of,
      months: ['2026-10'],
      signal: abort.signal,
    });
    await expect(run).rejects.toBeInstanceOf(CustomComputeCancelled);
    expect(await rows(CUSTOM_VISITS_TABLE, 'true')).toEqual([]);
    // Only the first county was loaded.
    expect(store.snapshot().loaded).toEqual([QIDONG]);
    await store.checked;
  }, 120_000);
});

describe('the estimate before computing', () => {
  const manifest = {
    counties: [
      { code: '320681', name: '启东市', as_of: '2026-10-31', rows: { children: 4_000, visits: 50_000, colour_assessments: 6_000, stations: 30 } },
      { code: '320682', name: '如皋市', as_of: '2026-10-31', rows: { children: 5_000, visits: 57_000 } },
      { code: '320583', name: '昆山市', as_of: '2026-10-31', rows: { children: 1 } },
    ],
  } as unknown as Manifest;

  it('counts the raw rows of the counties in the area by the manifest, and a time at the stated rate', () => {
    expect(countiesIn(manifest, CITY)).toEqual([QIDONG, RUGAO]);
    expect(countiesIn(manifest, PROVINCE)).toEqual(['320583', QIDONG, RUGAO]);
    // 4,000 + 50,000 + 6,000 + 30 + 5,000 + 57,000 = 122,030 rows.
    const e = customEstimate(manifest, [QIDONG, RUGAO]);
    expect(e).toEqual({ counties: 2, rows: 122_030, seconds: Math.ceil(122_030 / CUSTOM_ROWS_PER_SECOND) });
    expect(customEstimate(manifest, ['320583'])).toEqual({ counties: 1, rows: 1, seconds: 1 });
  });

  it('has no row count or time when a county does not list its rows', () => {
    const v1 = { counties: [{ code: QIDONG, name: '启东市', as_of: '2026-10-31' }] } as unknown as Manifest;
    expect(customEstimate(v1, [QIDONG])).toEqual({ counties: 1, rows: null, seconds: null });
  });
});
