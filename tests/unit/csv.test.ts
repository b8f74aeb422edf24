import { describe, expect, it } from 'vitest';
import { escapeCsvCell, gridToCsv, suppressCount, toCsv } from '../../src/export/csv';

describe('CSV export', () => {
  const columns = [
    { header: '区域', value: (r: { name: string; n: number; rate: number | null }) => r.name },
    { header: '涉及儿童（名）', value: (r: { n: number }) => r.n, count: true },
    { header: '合规率', value: (r: { rate: number | null }) => (r.rate === null ? null : `${(r.rate * 100).toFixed(1)}%`) },
  ];

  it('writes a BOM, a header, CRLF lines, and suppresses small counts', () => {
    const csv = toCsv(columns, [
      { name: '搬经镇', n: 12, rate: 0.8 },
      { name: '丁堰镇', n: 3, rate: null },
      { name: '白蒲镇', n: 0, rate: 1 },
    ], 5);
    expect(csv).toBe('\uFEFF区域,涉及儿童（名）,合规率\r\n搬经镇,12,80.0%\r\n丁堰镇,<5,\r\n白蒲镇,0,100.0%\r\n');
  });

  it('quotes commas and quotes, and neutralises formulas', () => {
    const csv = toCsv([{ header: 'a', value: (r: { s: string }) => r.s }], [{ s: 'x,"y"' }, { s: '=HYPERLINK("x")' }], 5);
    expect(csv.split('\r\n').slice(1, 3)).toEqual(['"x,""y"""', `"'=HYPERLINK(""x"")"`]);
  });

  it('neutralises cells a spreadsheet could read as a formula, tab and carriage return included', () => {
    expect(escapeCsvCell('+1+1')).toBe("'+1+1");
    expect(escapeCsvCell('-1+1')).toBe("'-1+1");
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell('\t=1+1')).toBe("'\t=1+1");
    // A leading carriage return also needs quoting: the apostrophe goes inside the quotes.
    expect(escapeCsvCell('\r=1+1')).toBe('"\'\r=1+1"');
    expect(escapeCsvCell('搬经镇=1')).toBe('搬经镇=1');
    expect(escapeCsvCell(' =1')).toBe(' =1');
    expect(gridToCsv([['\tcmd', 'a\tb']])).toBe("\uFEFF'\tcmd,a\tb\r\n");
  });

  it('suppresses 1 to threshold-1, never 0 or the threshold itself', () => {
    expect([0, 1, 4, 5, 11].map((n) => suppressCount(n, 5))).toEqual(['0', '<5', '<5', '5', '11']);
    expect(suppressCount(7, 11)).toBe('<11');
  });
});
