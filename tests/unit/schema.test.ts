import { describe, expect, it } from 'vitest';
import { TABLES, TABLE_NAMES } from '../../src/extract/schema';
import { isForbiddenColumn } from '../../src/extract/validate-tables';

describe('the extract schema', () => {
  it('defines every table once, in the listed order', () => {
    expect(TABLES.map((t) => t.name)).toEqual([...TABLE_NAMES]);
    expect(new Set(TABLES.map((t) => t.file)).size).toBe(TABLES.length);
  });

  it('holds no column that looks like a direct identifier or free text, beyond the stated exceptions', () => {
    const flagged = TABLES.flatMap((t) => t.columns.filter((c) => isForbiddenColumn(t.name, c.name)).map((c) => `${t.name}.${c.name}`));
    expect(flagged).toEqual([]);
  });

  it('flags the identifiers a source spreadsheet usually carries', () => {
    for (const column of ['name', 'child_name', '姓名', 'id_card', '身份证号', 'phone', 'guardian_mobile', '联系电话', 'address', '家庭住址', 'school', 'bank_account', 'disability_certificate', 'notes', '备注']) {
      expect(isForbiddenColumn('children', column), column).toBe(true);
    }
    expect(isForbiddenColumn('regions', 'name')).toBe(false);
    expect(isForbiddenColumn('children', 'out_of_school')).toBe(false);
  });

  it('has keys and references that name real columns', () => {
    const has = (table: string, column: string) => TABLES.some((t) => t.name === table && t.columns.some((c) => c.name === column));
    for (const t of TABLES) {
      for (const k of t.key ?? []) expect(has(t.name, k), `${t.name}.${k}`).toBe(true);
      for (const c of t.columns) {
        if (!c.references) continue;
        const [table, column] = c.references.split('.') as [string, string];
        expect(has(table, column), c.references).toBe(true);
      }
    }
  });

  it('describes every column in Chinese and English', () => {
    for (const t of TABLES) for (const c of t.columns) expect(c.zh.length > 1 && c.en.length > 1, `${t.name}.${c.name}`).toBe(true);
  });
});
