import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/extract/manifest';
import { sourceRowsIn } from '../../src/app/quality/source-rows';

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

describe("a version-2 manifest's source rows per county", () => {
  const v2 = {
    ...base,
    format_version: 2,
    county_code: undefined,
    county_name: undefined,
    area_level: 'city',
    area_code: '3206',
    area_name: '南通市',
    tables: { regions: 'regions.parquet', children: 'children.{county}.parquet', colour_assessments: 'colour_assessments.{county}.parquet', visits: 'visits.{county}.parquet' },
  };
  const qidong = { children: { read: 13, written: 7, merged: 1, rejected: 5 }, visits: { read: 4, written: 2, merged: 2, rejected: 0 } };
  const rugao = { children: { read: 3, written: 3, merged: 0, rejected: 0 } };
  const manifestWith = (a: unknown, b: unknown) => {
    const parsed = parseManifest({
      ...v2,
      counties: [
        { code: '320681', name: '启东市', as_of: '2026-10-31', ...(a ? { source_rows: a } : {}) },
        { code: '320682', name: '如皋市', as_of: '2026-10-31', ...(b ? { source_rows: b } : {}) },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return parsed.manifest;
  };

  it('are read back, and summed over the counties of an area; a township reads its county’s', () => {
    const m = manifestWith(qidong, rugao);
    expect(m.counties[0]?.source_rows).toEqual(qidong);
    expect(sourceRowsIn(m, '3206')).toEqual({ children: { read: 16, written: 10, merged: 1, rejected: 5 }, visits: { read: 4, written: 2, merged: 2, rejected: 0 } });
    expect(sourceRowsIn(m, '320682')).toEqual(rugao);
    expect(sourceRowsIn(m, '320681001')).toEqual(qidong);
  });

  it('are not summed when a county of the area has none (a part sum would read as the city’s)', () => {
    const m = manifestWith(qidong, null);
    expect(sourceRowsIn(m, '3206')).toBeNull();
    expect(sourceRowsIn(m, '320681')).toEqual(qidong);
    expect(sourceRowsIn(m, '320682')).toBeNull();
  });

  it('are refused when they do not add up, naming the county in Chinese', () => {
    expect(() => manifestWith({ children: { read: 13, written: 7, merged: 1, rejected: 4 } }, rugao)).toThrow(/counties\[0\] 的源数据行/);
  });
});
