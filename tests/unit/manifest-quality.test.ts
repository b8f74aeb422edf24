import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/extract/manifest';

const base = {
  format: 'care-atlas-extract',
  format_version: 1,
  county_code: '320999',
  county_name: '测试县',
  as_of: '2026-10-31',
  division_code_edition: '2023',
  datum: 'WGS84',
  synthetic: true,
  small_cell_threshold: 5,
  source_systems: ['手工测试数据'],
  attribution: ['测试用虚构数据'],
  tables: { regions: 'regions.parquet', children: 'children.parquet', colour_assessments: 'colour_assessments.parquet', visits: 'visits.parquet' },
};

describe("manifest.json's optional quality block", () => {
  it('is optional, and read back as written', () => {
    expect(parseManifest(base).ok).toBe(true);
    const quality = { source_rows: { children: { read: 13, written: 7, merged: 1, rejected: 5 } } };
    const parsed = parseManifest({ ...base, quality });
    expect(parsed.ok && parsed.manifest.quality).toEqual(quality);
  });

  it('refuses counts that do not add up, negative or fractional counts, and unknown tables, naming the field in Chinese', () => {
    const refused = (source_rows: unknown) => {
      const parsed = parseManifest({ ...base, quality: { source_rows } });
      return parsed.ok ? [] : parsed.errors;
    };
    expect(refused({ children: { read: 13, written: 7, merged: 1, rejected: 4 } })).toEqual([expect.stringMatching(/^manifest\.json：字段 quality\.source_rows\.children（.*读取 = 写入 \+ 合并 \+ 拒绝/)]);
    expect(refused({ visits: { read: 1, written: 2, merged: -1, rejected: 0 } })).toHaveLength(1);
    expect(refused({ visits: { read: 1.5, written: 1.5, merged: 0, rejected: 0 } })).toHaveLength(1);
    expect(refused({ pets: { read: 0, written: 0, merged: 0, rejected: 0 } })).toEqual([expect.stringContaining('quality.source_rows 中有未知的数据表 pets')]);
    expect(parseManifest({ ...base, quality: { rows: {} } }).ok).toBe(false);
  });
});
