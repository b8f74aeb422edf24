import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { ExtractError, loadExtract } from '../../src/db/load-extract';
import { riskMixSql } from '../../src/measures/risk-mix';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { editManifest, rewriteTable, truncateFile } from '../support/break-extract';
import { writeTempExtract } from '../support/extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

let conn: Awaited<ReturnType<typeof createNodeConnector>>;
let good: string;
let cleanup: () => void;
const scratch: string[] = [];

beforeAll(async () => {
  const extract = await writeTempExtract(tinyManifest, tinyTables());
  good = extract.dir;
  cleanup = extract.cleanup;
  conn = await createNodeConnector();
});
afterAll(() => {
  conn?.close();
  cleanup?.();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the good extract, broken by `breakIt`. */
async function broken(breakIt: (dir: string) => void | Promise<void>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'care-atlas-broken-'));
  scratch.push(dir);
  cpSync(good, dir, { recursive: true });
  await breakIt(dir);
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await loadExtract(conn, folderSource(dir), decodeParquetNode);
  } catch (e) {
    if (e instanceof ExtractError) return e.problems;
    throw e;
  }
  return [];
}

async function countyChildren(): Promise<number> {
  return rowsOf<{ children: number }>(await conn.query(riskMixSql({ level: 'county', asOf: '2026-10-31' })))[0]?.children ?? -1;
}

describe('loading an extract', () => {
  it('loads a valid extract, reporting progress per table, with empty tables for the optional ones left out', async () => {
    const progress: string[] = [];
    const loaded = await loadExtract(conn, folderSource(good), decodeParquetNode, (p) => progress.push(`${p.done}/${p.total} ${p.table}`));
    expect(progress).toEqual(['1/4 regions', '2/4 children', '3/4 colour_assessments', '4/4 visits']);
    expect(loaded.rowCounts).toMatchObject({ regions: 8, children: 12, colour_assessments: 14, visits: 2, stations: 0, staff: 0, water_points: 0 });
    expect(await countyChildren()).toBe(9);
  });

  it('refuses a manifest of a future format version, in Chinese', async () => {
    const dir = await broken((d) => editManifest(d, (m) => (m.format_version = 2)));
    expect(await problemsOf(dir)).toEqual(['manifest.json：数据格式版本为 2，本系统只支持第 1 版。请升级关爱一张图后再载入']);
  });

  it('names each missing or malformed manifest field', async () => {
    const dir = await broken((d) =>
      editManifest(d, (m) => {
        delete m.as_of;
        m.county_code = '32068';
        m.datum = 'GCJ-02';
      }),
    );
    const problems = await problemsOf(dir);
    expect(problems).toContain('manifest.json：缺少字段 as_of（数据截止日期 YYYY-MM-DD）');
    expect(problems).toContain('manifest.json：county_code 应为6位数字，实际为 32068');
    expect(problems.some((p) => p.includes('坐标基准 GCJ-02 不受支持'))).toBe(true);
  });

  it('refuses a truncated Parquet file, naming it', async () => {
    const dir = await broken((d) => truncateFile(d, 'children.parquet'));
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^children\.parquet：不是有效的 Parquet 文件或文件已损坏/);
  });

  it('refuses a missing required column', async () => {
    const dir = await broken((d) => rewriteTable(d, 'children.parquet', 'SELECT * EXCLUDE (age_band) FROM t'));
    expect(await problemsOf(dir)).toEqual(['children.parquet：缺少必需的列 age_band（年龄段（截至数据日期））']);
  });

  it('refuses a column of the wrong type', async () => {
    const dir = await broken((d) => rewriteTable(d, 'visits.parquet', 'SELECT * REPLACE (strftime(visited_on, \'%Y/%m/%d\') AS visited_on) FROM t'));
    expect(await problemsOf(dir)).toEqual(['visits.parquet：列 visited_on 的类型应为 DATE，实际为 VARCHAR']);
  });

  it('refuses unknown enum values, saying which and what is allowed', async () => {
    const dir = await broken((d) =>
      rewriteTable(d, 'colour_assessments.parquet', "SELECT * REPLACE (CASE WHEN colour = 'red' THEN 'orange' ELSE colour END AS colour) FROM t"),
    );
    expect(await problemsOf(dir)).toEqual([
      'colour_assessments.parquet：列 colour 有 3 行取值不在允许范围内（orange），允许的取值为：red、yellow、blue、green',
    ]);
  });

  it('refuses unknown values inside a list column', async () => {
    const dir = await broken((d) => rewriteTable(d, 'children.parquet', "SELECT * REPLACE (list_append(categories, 'poor') AS categories) FROM t WHERE child_key LIKE '%01'"));
    const problems = await problemsOf(dir);
    expect(problems[0]).toBe('children.parquet：列 categories 有 1 行取值不在允许范围内（poor），允许的取值为：orphan_institution、orphan_scattered、de_facto_unsupported、severe_disability_illness、left_behind、other_difficulty');
  });

  it('refuses a column that could hold a direct identifier, even when everything else is valid', async () => {
    const dir = await broken((d) => rewriteTable(d, 'children.parquet', "SELECT *, '张三' AS child_name, '13800000000' AS guardian_phone FROM t"));
    expect(await problemsOf(dir)).toEqual([
      'children.parquet：含有不允许的列 child_name（可能是姓名、证件号、电话、地址等直接标识信息），已拒绝载入',
      'children.parquet：含有不允许的列 guardian_phone（可能是姓名、证件号、电话、地址等直接标识信息），已拒绝载入',
    ]);
  });

  it('refuses references to villages that do not exist, and duplicate keys', async () => {
    const dir = await broken(async (d) => {
      await rewriteTable(d, 'children.parquet', "SELECT * REPLACE (CASE WHEN child_key LIKE '%09' THEN '320999009009' ELSE village_code END AS village_code) FROM t");
      await rewriteTable(d, 'colour_assessments.parquet', 'SELECT * FROM t UNION ALL SELECT * FROM t LIMIT 16');
    });
    const problems = await problemsOf(dir);
    expect(problems).toContain('colour_assessments.parquet：主键 child_key + assessed_on 有 2 组重复');
    expect(problems).toContain('children.parquet：列 village_code 有 1 行引用了 regions.code 中不存在的值（例如 320999009009）');
  });

  it('refuses malformed codes', async () => {
    const dir = await broken((d) => rewriteTable(d, 'children.parquet', "SELECT * REPLACE (CASE WHEN child_key LIKE '%02' THEN '3209990010' ELSE village_code END AS village_code) FROM t"));
    expect((await problemsOf(dir))[0]).toBe('children.parquet：列 village_code 有 1 行格式不正确（例如 3209990010）');
  });

  it('keeps the extract already loaded usable when a new one is refused', async () => {
    await loadExtract(conn, folderSource(good), decodeParquetNode);
    const dir = await broken((d) => rewriteTable(d, 'visits.parquet', "SELECT * REPLACE ('sms' AS mode) FROM t"));
    await expect(loadExtract(conn, folderSource(dir), decodeParquetNode)).rejects.toBeInstanceOf(ExtractError);
    expect(await countyChildren()).toBe(9);
    const leftovers = rowsOf<{ n: number }>(await conn.query("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE 'staging_%'"));
    expect(leftovers[0]?.n).toBe(0);
  });
});
