import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { ExtractError, loadExtract, type LoadOptions } from '../../src/db/load-extract';
import { riskMixSql } from '../../src/measures/risk-mix';
import { A2, B1, cityManifest, cityTables, countyManifest, countyTables, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { editManifest, rewriteTable } from '../support/break-extract';
import { writeTempExtract } from '../support/extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

let conn: Awaited<ReturnType<typeof createNodeConnector>>;
let city: string;
const scratch: string[] = [];

beforeAll(async () => {
  const extract = await writeTempExtract(cityManifest, cityTables());
  city = extract.dir;
  scratch.push(city);
  conn = await createNodeConnector();
});
afterAll(() => {
  conn?.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function copyOf(dir: string, breakIt: (d: string) => void | Promise<void>): Promise<string> {
  const copy = mkdtempSync(join(tmpdir(), 'care-atlas-v2-'));
  scratch.push(copy);
  cpSync(dir, copy, { recursive: true });
  await breakIt(copy);
  return copy;
}

async function problemsOf(dir: string, options?: LoadOptions): Promise<string[]> {
  try {
    await loadExtract(conn, folderSource(dir), decodeParquetNode, undefined, undefined, options);
  } catch (e) {
    if (e instanceof ExtractError) return e.problems;
    throw e;
  }
  return [];
}

const childrenByCounty = async () =>
  Object.fromEntries(rowsOf<{ code: string; children: number }>(await conn.query(riskMixSql({ level: 'county', asOf: '2026-10-31' }))).map((r) => [r.code, r.children]));

describe('extract format version 2', () => {
  it('writes a city extract with one file per county per table, listed in the manifest with row counts', () => {
    const m = JSON.parse(readFileSync(join(city, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m).toMatchObject({ format_version: 2, area_level: 'city', area_code: '3206', area_name: '南通市' });
    expect(m.county_code).toBeUndefined();
    expect(m.tables).toMatchObject({ regions: 'regions.parquet', children: 'children.{county}.parquet', visits: 'visits.{county}.parquet' });
    expect(m.counties).toEqual([
      { code: QIDONG, name: '启东市', as_of: '2026-10-31', rows: { children: 5, colour_assessments: 4, visits: 1, stations: 2, staff: 2, water_points: 1 } },
      { code: RUGAO, name: '如皋市', as_of: '2026-10-31', rows: { children: 4, colour_assessments: 4, visits: 1, stations: 2, staff: 1, water_points: 1 } },
    ]);
    for (const county of [QIDONG, RUGAO]) expect(existsSync(join(city, `children.${county}.parquet`))).toBe(true);
    expect(existsSync(join(city, 'children.parquet'))).toBe(false);
  });

  it('loads every county by default', async () => {
    const loaded = await loadExtract(conn, folderSource(city), decodeParquetNode);
    expect(loaded.counties).toEqual([QIDONG, RUGAO]);
    expect(loaded.manifest).toMatchObject({ area_level: 'city', county_code: '3206', county_name: '南通市' });
    expect(loaded.rowCounts).toMatchObject({ regions: 9, children: 9, colour_assessments: 8, visits: 2, stations: 4, staff: 3, water_points: 2 });
    expect(await childrenByCounty()).toEqual({ [QIDONG]: 5, [RUGAO]: 3 });
  });

  it('loads only the counties asked for, reading none of the others’ files', async () => {
    const dir = await copyOf(city, (d) => rmSync(join(d, `visits.${RUGAO}.parquet`)));
    const loaded = await loadExtract(conn, folderSource(dir), decodeParquetNode, undefined, undefined, { counties: [QIDONG] });
    expect(loaded.counties).toEqual([QIDONG]);
    expect(loaded.rowCounts).toMatchObject({ regions: 9, children: 5, visits: 1, staff: 2 });
    expect(await childrenByCounty()).toEqual({ [QIDONG]: 5, [RUGAO]: 0 });
    // Every county: the missing file is named.
    expect((await problemsOf(dir))[0]).toMatch(new RegExp(`^visits\\.${RUGAO}\\.parquet：`));
  });

  it('refuses counties the extract does not hold', async () => {
    expect(await problemsOf(city, { counties: ['320699'] })).toEqual(['没有这些县的数据：320699']);
  });

  it("refuses a row in another county's file, naming the file and column", async () => {
    const dir = await copyOf(city, (d) => rewriteTable(d, `children.${QIDONG}.parquet`, `SELECT * REPLACE (CASE WHEN village_code = '${A2}' THEN '${B1}' ELSE village_code END AS village_code) FROM t`));
    // k4 and k5 moved to 如皋市's village: k4's assessment, left in 启东市's file, is then out of place too.
    expect(await problemsOf(dir)).toEqual([
      `children.${QIDONG}.parquet：列 village_code 有 2 行不属于该文件的县 ${QIDONG}（例如 ${B1}）`,
      `colour_assessments.${QIDONG}.parquet：列 child_key 有 1 行不属于该文件的县 ${QIDONG}（例如 00000000000000a4）`,
    ]);
  });

  it('refuses regions that do not nest', async () => {
    const dir = await copyOf(city, (d) => rewriteTable(d, 'regions.parquet', `SELECT * REPLACE (CASE WHEN code = '${A2}' THEN '320682001' ELSE parent_code END AS parent_code) FROM t`));
    expect(await problemsOf(dir)).toContain(`regions.parquet：列 parent_code 有 1 行的上级区划代码不是其代码的开头或不是上一级（例如 code ${A2}，parent_code 320682001）`);
  });

  it('refuses a multi-county table in one file, a county twice, and a county outside the area', async () => {
    const dir = await copyOf(city, (d) =>
      editManifest(d, (m) => {
        (m.tables as Record<string, string>).children = 'children.parquet';
        const counties = m.counties as Record<string, unknown>[];
        counties.push({ ...counties[0] }, { code: '320101', name: '玄武区', as_of: '2026-10-31' });
      }),
    );
    expect(await problemsOf(dir)).toEqual([
      'manifest.json：counties 中县 320681 出现了不止一次',
      'manifest.json：县 320101 不属于 area_code 3206（代码应以其开头）',
      'manifest.json：tables 中数据表 children 的文件名 children.parquet 应含 {county}（多县数据按县分文件存放）',
    ]);
  });

  it('still loads a version-1 county extract as the one county of its own area', async () => {
    const v1 = await writeTempExtract(countyManifest(QIDONG, 1), countyTables(QIDONG));
    scratch.push(v1.dir);
    const m = JSON.parse(readFileSync(join(v1.dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m).toMatchObject({ format_version: 1, county_code: QIDONG, tables: { children: 'children.parquet' } });
    expect(m.area_code).toBeUndefined();
    const loaded = await loadExtract(conn, folderSource(v1.dir), decodeParquetNode);
    expect(loaded.manifest).toMatchObject({ area_level: 'county', area_code: QIDONG, area_name: '启东市', counties: [{ code: QIDONG, name: '启东市', as_of: '2026-10-31' }] });
    expect(await childrenByCounty()).toEqual({ [QIDONG]: 5 });
  });

  it('refuses a version-2 manifest whose county is not in regions', async () => {
    const v2 = await writeTempExtract(countyManifest(RUGAO), countyTables(RUGAO));
    scratch.push(v2.dir);
    const dir = await copyOf(v2.dir, (d) =>
      editManifest(d, (m) => {
        m.area_code = '320683';
        (m.counties as Record<string, unknown>[])[0]!.code = '320683';
      }),
    );
    expect(await problemsOf(dir)).toEqual(['regions.parquet：找不到 manifest.json 的最高层级区划 320683（county）', 'regions.parquet：找不到 manifest.json 所列的县级区划 320683']);
  });
});
