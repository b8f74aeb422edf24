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
import { encodeWkbPolygon } from '../../src/extract/wkb';
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
    const dir = await broken((d) => editManifest(d, (m) => (m.format_version = 3)));
    expect(await problemsOf(dir)).toEqual(['manifest.json：数据格式版本为 3，本系统只支持到第 2 版。请升级关爱一张图后再载入']);
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

  describe('what the map depends on', () => {
    const hex = (bytes: Uint8Array) => `from_hex('${Buffer.from(bytes).toString('hex')}')`;
    /** Little-endian WKB of one geometry type code and rings, built by hand (so it may be invalid). */
    const wkb = (type: number, rings: number[][][]) => {
      const view = new DataView(new ArrayBuffer(9 + rings.reduce((n, r) => n + 4 + r.length * 16, 0)));
      view.setUint8(0, 1);
      view.setUint32(1, type, true);
      view.setUint32(5, rings.length, true);
      let o = 9;
      for (const ring of rings) {
        view.setUint32(o, ring.length, true);
        o += 4;
        for (const [x, y] of ring) {
          view.setFloat64(o, x ?? 0, true);
          view.setFloat64(o + 8, y ?? 0, true);
          o += 16;
        }
      }
      return new Uint8Array(view.buffer);
    };
    const setGeometry = (code: string, sql: string) => `CASE WHEN code = '${code}' THEN ${sql} ELSE geometry END`;

    it('decodes every boundary, naming each fault with an example region', async () => {
      const dir = await broken((d) =>
        rewriteTable(
          d,
          'regions.parquet',
          `SELECT * REPLACE (${setGeometry('320999001001', hex(wkb(3, [[[120, 32], [120.25, 32], [120.25, 32.25], [120, 32.25]]])))} AS geometry) FROM t`,
        ),
      );
      expect(await problemsOf(dir)).toEqual(['regions.parquet：列 geometry 有 1 个边界含有未闭合的环（首尾坐标不同）（例如 code 320999001001）']);
      const more = await broken((d) =>
        rewriteTable(
          d,
          'regions.parquet',
          `SELECT * REPLACE (CASE code WHEN '320999001001' THEN ${hex(wkb(2, []))} WHEN '320999001002' THEN ${hex(wkb(3, [[[120, 32], [121, 32], [120, 32]]]))}` +
            ` WHEN '320999002001' THEN ${hex(wkb(3, [[[120.5, 32], [NaN, 32], [121, 32.5], [120.5, 32]]]))} ELSE geometry END AS geometry) FROM t`,
        ),
      );
      expect(await problemsOf(more)).toEqual([
        'regions.parquet：列 geometry 有 1 个边界的几何类型不是 Polygon 或 MultiPolygon（类型代码 2）（例如 code 320999001001）',
        'regions.parquet：列 geometry 有 1 个边界含有少于4个坐标点的环（例如 code 320999001002）',
        'regions.parquet：列 geometry 有 1 个边界含有无效坐标（NaN 或无穷大）（例如 code 320999002001）',
      ]);
    });

    it("checks boundaries and points against a surveyed county's extent (its bbox + 10 km), not a schematic one's", async () => {
      // County 120–121°E, 32–33°N; 10 km is 0.0898° of latitude and 0.1065° of longitude at 32.5°N.
      const far = hex(encodeWkbPolygon([[[125, 40], [125.1, 40], [125.1, 40.1], [125, 40]]]));
      const breakIt = (surveyed: boolean) => (d: string) =>
        rewriteTable(
          d,
          'regions.parquet',
          `SELECT * REPLACE (${setGeometry('320999001001', far)} AS geometry, CASE WHEN code = '320999002001' THEN 33.2 ELSE label_lat END AS label_lat,` +
            ` CASE WHEN code = '320999' THEN ${!surveyed} ELSE boundary_schematic END AS boundary_schematic) FROM t`,
        );
      const range = '经度 119.893–121.107，纬度 31.910–33.090：县级边界的外包范围外扩 10 公里';
      expect(await problemsOf(await broken(breakIt(true)))).toEqual([
        `regions.parquet：列 geometry 有 1 个边界超出县域范围（${range}）（例如 code 320999001001）`,
        `regions.parquet：列 label_lat 有 1 行坐标超出县域范围（${range}）（例如 code 320999002001：33.2）`,
      ]);
      // Schematic: only China's box applies, which both still fit in.
      expect(await problemsOf(await broken(breakIt(false)))).toEqual([]);
    });

    it('lets an exit be scheduled up to 18 years after the as-of date, not later', async () => {
      // as_of 2026-11-30: the last day allowed is 2044-11-30.
      const exit = (date: string) => (d: string) =>
        rewriteTable(d, 'children.parquet', `SELECT * REPLACE (CASE WHEN child_key LIKE '%06' THEN DATE '${date}' ELSE exited_on END AS exited_on) FROM t`);
      expect(await problemsOf(await broken(exit('2044-11-30')))).toEqual([]);
      expect(await problemsOf(await broken(exit('2044-12-01')))).toEqual([
        'children.parquet：列 exited_on 有 1 行日期不在 2000-01-01 至 2044-11-30（数据截止日期后18年）之间（例如 child_key 0000000000000006：2044-12-01）',
      ]);
    });

    it('refuses a key longer than the schema allows, quoting only its start', async () => {
      const dir = await broken((d) => rewriteTable(d, 'children.parquet', "SELECT * REPLACE (CASE WHEN child_key LIKE '%04' THEN repeat('a', 100) ELSE child_key END AS child_key) FROM t"));
      const start = 'a'.repeat(24);
      expect(await problemsOf(dir)).toEqual([
        `children.parquet：列 child_key 有 1 行格式不正确（例如 ${start}…）`,
        `children.parquet：列 child_key 有 1 行超过 64 个字符（例如 child_key ${start}…，长 100 个字符）`,
      ]);
    });

    it('names an assessment out of the window by its child, and quotes the date once', async () => {
      const dir = await broken((d) => rewriteTable(d, 'colour_assessments.parquet', "SELECT * REPLACE (CASE WHEN child_key LIKE '%12' THEN DATE '1999-12-31' ELSE assessed_on END AS assessed_on) FROM t"));
      expect(await problemsOf(dir)).toEqual([
        'colour_assessments.parquet：列 assessed_on 有 1 行日期不在 2000-01-01 至 2026-11-30（数据截止日期）之间（例如 child_key 0000000000000012：1999-12-31）',
      ]);
    });
  });
});
