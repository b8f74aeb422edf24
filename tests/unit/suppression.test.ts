import { describe, expect, it } from 'vitest';
import {
  COMPLEMENTARY_MARK,
  formatCell,
  suppressionNote,
  suppressKeyedColumn,
  suppressList,
  suppressRate,
  suppressTable,
  type SuppressedCell,
  type SuppressedTable,
  type SuppressOptions,
} from '../../src/export/suppression';
import { auditTable, type PublishedTable } from '../support/disclosure-audit';

function publish(t: SuppressedTable): PublishedTable {
  const f = (c: SuppressedCell) => formatCell(c, t.threshold);
  return {
    threshold: t.threshold,
    cells: t.cells.map((r) => r.map(f)),
    rowTotals: t.rowTotals?.map(f) ?? null,
    columnTotals: t.columnTotals?.map(f) ?? null,
    grandTotal: t.grandTotal ? f(t.grandTotal) : null,
  };
}

function table(counts: number[][]) {
  return { rowLabels: counts.map((_, i) => `r${i}`), columnLabels: (counts[0] ?? []).map((_, j) => `c${j}`), counts };
}

/** Every slot of a suppressed table next to its true value. */
function slots(t: SuppressedTable, counts: number[][]): { cell: SuppressedCell; truth: number }[] {
  const R = counts.length;
  const C = t.columnLabels.length;
  const rowSum = (i: number) => (counts[i] as number[]).reduce((a, b) => a + b, 0);
  const colSum = (j: number) => counts.reduce((a, r) => a + (r[j] as number), 0);
  const out: { cell: SuppressedCell; truth: number }[] = [];
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) out.push({ cell: t.cells[i]?.[j] as SuppressedCell, truth: counts[i]?.[j] as number });
  t.rowTotals?.forEach((cell, i) => out.push({ cell, truth: rowSum(i) }));
  t.columnTotals?.forEach((cell, j) => out.push({ cell, truth: colSum(j) }));
  if (t.grandTotal) out.push({ cell: t.grandTotal, truth: counts.flat().reduce((a, b) => a + b, 0) });
  return out;
}

/** A small deterministic PRNG (mulberry32), so failures can be replayed from the seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the auditor', () => {
  it('catches primary suppression alone: a single "<5" in a row with a shown total', () => {
    const leaked: PublishedTable = { threshold: 5, cells: [['<5', '10']], rowTotals: ['13'], columnTotals: null, grandTotal: null };
    expect(auditTable(leaked).determined).toEqual([{ slot: '0,0', value: 3 }]);
  });

  it('catches two "<5" whose hidden sum is 8 (both must be 4)', () => {
    const leaked: PublishedTable = { threshold: 5, cells: [['<5'], ['<5'], ['10']], rowTotals: null, columnTotals: ['18'], grandTotal: null };
    expect(auditTable(leaked).determined.map((d) => d.value)).toEqual([4, 4]);
  });

  it('knows "*" is at least the threshold: "<5" + "*" = 5 forces 0 and 5', () => {
    const leaked: PublishedTable = { threshold: 5, cells: [['<5', '*', '20']], rowTotals: ['25'], columnTotals: null, grandTotal: null };
    expect(auditTable(leaked).determined).toEqual([
      { slot: '0,0', value: 0 },
      { slot: '0,1', value: 5 },
    ]);
  });

  it('knows "<5" may be 0: the same row with a total of 29 is safe', () => {
    const safe: PublishedTable = { threshold: 5, cells: [['<5', '*', '20']], rowTotals: ['29'], columnTotals: null, grandTotal: null };
    expect(auditTable(safe).determined).toEqual([]);
  });

  it('catches a row total leaked by the column totals', () => {
    // Row totals hidden but the interior is shown except one "<5" whose column total is shown.
    const leaked: PublishedTable = { threshold: 5, cells: [['<5', '7'], ['6', '8']], rowTotals: ['*', '14'], columnTotals: ['9', '15'], grandTotal: '24' };
    expect(auditTable(leaked).determined.length).toBeGreaterThan(0);
  });

  it('passes a safe pattern: two "<5" and a hidden cell that can trade values', () => {
    const safe: PublishedTable = { threshold: 5, cells: [['<5', '<5', '*', '20']], rowTotals: ['34'], columnTotals: null, grandTotal: null };
    expect(auditTable(safe).determined).toEqual([]);
  });
});

describe('suppressList', () => {
  const f = (c: SuppressedCell | null) => (c ? formatCell(c, 5) : null);

  it('hides the smallest non-zero shown count next to a single "<5"', () => {
    const s = suppressList([3, 12, 7], 5);
    expect(s.cells.map(f)).toEqual(['<5', '12', '*']);
    expect(f(s.total)).toBe('22');
  });

  it('prefers a zero as the partner: it becomes "<5" too, and "<5" may be 0', () => {
    const s = suppressList([3, 0, 0, 9], 5);
    expect(s.cells.map(f)).toEqual(['<5', '<5', '0', '9']);
  });

  it('two "<5" need nothing more unless their sum is pinned (2×4 = 8 is)', () => {
    expect(suppressList([1, 1, 10, 20], 5).cells.map(f)).toEqual(['<5', '<5', '10', '20']);
    expect(suppressList([4, 4, 10], 5).cells.map(f)).toEqual(['<5', '<5', '*']);
  });

  it('a "<5" next to a hidden zero can trade with it', () => {
    const s = suppressList([1, 5, 20, 0], 5);
    expect(s.cells.map(f)).toEqual(['<5', '5', '20', '<5']);
  });

  it('a small total is itself "<5", and then the list needs nothing more', () => {
    const s = suppressList([4, 0], 5);
    expect(s.cells.map(f)).toEqual(['<5', '0']);
    expect(f(s.total)).toBe('<5');
  });

  it('leaves a list with nothing small alone, and an unshown total protects itself', () => {
    expect(suppressList([5, 6, 0], 5).cells.map(f)).toEqual(['5', '6', '0']);
    expect(suppressList([3, 12], 5, { showTotal: false }).cells.map(f)).toEqual(['<5', '12']);
  });

  it('keyed columns suppress each unit once and copy its mark to repeated rows', () => {
    const rows = [
      { v: 'a', n: 3 },
      { v: 'a', n: 3 },
      { v: 'b', n: 12 },
      { v: 'c', n: 9 },
    ];
    const s = suppressKeyedColumn(rows, (r) => r.v, (r) => r.n, 5);
    expect(s.cells.map(f)).toEqual(['<5', '<5', '12', '*']);
    expect(f(s.total)).toBe('24');
  });
});

describe('suppressTable: hand-worked', () => {
  it('a 2×2 with one small cell hides a rectangle and keeps the margins', () => {
    const t = suppressTable(table([[2, 10], [8, 20]]), 5);
    const p = publish(t);
    expect(p.cells).toEqual([['<5', '*'], ['*', '*']]);
    expect(p.rowTotals).toEqual(['12', '28']);
    expect(p.columnTotals).toEqual(['10', '30']);
    expect(p.grandTotal).toBe('40');
    expect(auditTable(p).determined).toEqual([]);
  });

  it('a small row total is protected in the column of row totals', () => {
    const t = suppressTable(table([[1, 2], [10, 20], [15, 6]]), 5);
    const p = publish(t);
    expect(p.rowTotals?.[0]).toBe('<5');
    expect(p.rowTotals?.filter((s) => s === '*').length).toBeGreaterThan(0);
    expect(auditTable(p).determined).toEqual([]);
  });

  it('without totals only primary suppression is needed', () => {
    const t = suppressTable(table([[1, 20], [7, 0]]), 5, { showRowTotals: false, showColumnTotals: false });
    expect(publish(t).cells).toEqual([['<5', '20'], ['7', '0']]);
    expect(t.grandTotal).toBeNull();
  });

  it('a shown grand total with unshown column totals still counts as an equation', () => {
    const t = suppressTable(table([[3], [9]]), 5, { showRowTotals: false, showColumnTotals: false, showGrandTotal: true });
    const p = publish(t);
    expect(p.cells).toEqual([['<5'], ['*']]);
    expect(auditTable(p).determined).toEqual([]);
  });

  it('rejects what is not a count', () => {
    expect(() => suppressTable(table([[1.5]]), 5)).toThrow();
    expect(() => suppressTable(table([[-1]]), 5)).toThrow();
  });
});

describe('suppressTable: property tests against the auditor', () => {
  const shapes: [number, number][] = [
    [1, 1], [1, 2], [1, 4], [1, 6], [2, 1], [4, 1], [6, 1], [2, 2], [2, 3], [3, 2], [3, 3], [2, 4], [4, 2], [3, 4], [4, 3],
  ];
  const optionSets: SuppressOptions[] = [
    {},
    { showRowTotals: false },
    { showColumnTotals: false },
    { showRowTotals: false, showColumnTotals: false },
    { showRowTotals: false, showColumnTotals: false, showGrandTotal: true },
    { showGrandTotal: false },
  ];
  type Style = 'mixed' | 'allSmall' | 'zeroRows' | 'sparse';
  const value = (r: () => number, style: Style, T: number) => {
    const x = r();
    if (style === 'allSmall') return 1 + Math.floor(r() * (T - 1));
    if (style === 'sparse') return x < 0.5 ? 0 : x < 0.8 ? 1 + Math.floor(r() * (T - 1)) : T + Math.floor(r() * 8);
    return x < 0.2 ? 0 : x < 0.55 ? 1 + Math.floor(r() * (T - 1)) : T + Math.floor(r() * 12);
  };

  let cases = 0;
  for (const T of [3, 5]) {
    for (const [R, C] of shapes) {
      for (const style of ['mixed', 'allSmall', 'zeroRows', 'sparse'] as Style[]) {
        it(`threshold ${T}, ${R}×${C}, ${style}`, () => {
          const r = rng(T * 1000 + R * 100 + C * 10 + style.length);
          for (let n = 0; n < 6; n++) {
            const counts = Array.from({ length: R }, () => Array.from({ length: C }, () => value(r, style, T)));
            if (style === 'zeroRows') counts[Math.floor(r() * R)] = new Array<number>(C).fill(0);
            const opts = optionSets[n % optionSets.length] as SuppressOptions;
            const t = suppressTable(table(counts), T, opts);
            const p = publish(t);
            // Shown values are true; "<T" only on 1..T−1; every 1..T−1 is hidden.
            for (const { cell, truth } of slots(t, counts)) {
              if (cell.shown) expect(cell.value).toBe(truth);
              else if (cell.reason === 'small') expect(truth >= 0 && truth < T, `"<${T}" on ${truth}`).toBe(true);
              else expect(truth >= T, `"*" on ${truth}`).toBe(true);
              if (truth >= 1 && truth < T) expect(cell.shown).toBe(false);
            }
            const audit = auditTable(p);
            expect(audit.determined, JSON.stringify({ counts, opts, p })).toEqual([]);
            cases++;
          }
        });
      }
    }
  }

  it('ran the property cases', () => {
    expect(cases).toBeGreaterThanOrEqual(shapes.length * 2 * 4 * 6);
  });

  it('lists (n×1 with a total) of up to 30 items, threshold 5 and 11', () => {
    const r = rng(42);
    for (let n = 0; n < 180; n++) {
      const T = n % 3 === 0 ? 11 : 5;
      const len = 1 + Math.floor(r() * (n < 150 ? 12 : 30));
      const counts = Array.from({ length: len }, () => value(r, n % 2 ? 'sparse' : 'mixed', T));
      const s = suppressList(counts, T);
      const p: PublishedTable = { threshold: T, cells: s.cells.map((c) => [formatCell(c, T)]), rowTotals: null, columnTotals: [formatCell(s.total as SuppressedCell, T)], grandTotal: null };
      s.cells.forEach((c, i) => {
        if (!c.shown) expect(c.reason === 'small' ? (counts[i] as number) < T : (counts[i] as number) >= T).toBe(true);
        if ((counts[i] as number) > 0 && (counts[i] as number) < T) expect(c.shown).toBe(false);
      });
      expect(auditTable(p).determined, JSON.stringify(counts)).toEqual([]);
    }
  });
});

describe('suppressRate', () => {
  it('hides a rate over a small denominator, or a small numerator or complement', () => {
    expect(suppressRate(2, 4, 5)).toEqual({ shown: false, reason: 'small' });
    expect(suppressRate(0, 0, 5)).toEqual({ shown: false, reason: 'small' });
    expect(suppressRate(3, 40, 5)).toEqual({ shown: false, reason: 'small' });
    expect(suppressRate(98, 100, 5)).toEqual({ shown: false, reason: 'small' });
  });

  it('shows 0% and 100%, and hides a rate whose parts are hidden elsewhere', () => {
    expect(suppressRate(0, 20, 5)).toEqual({ shown: true, value: 0 });
    expect(suppressRate(20, 20, 5)).toEqual({ shown: true, value: 1 });
    expect(suppressRate(15, 20, 5)).toEqual({ shown: true, value: 0.75 });
    expect(suppressRate(15, 20, 5, { numerator: true })).toEqual({ shown: false, reason: 'complementary' });
    expect(suppressRate(15, 20, 5, { denominator: true })).toEqual({ shown: false, reason: 'complementary' });
  });
});

describe('formatCell', () => {
  it('writes "<T" only for small cells and a distinct mark for complementary ones', () => {
    expect(formatCell({ shown: true, value: 12 }, 5)).toBe('12');
    expect(formatCell({ shown: true, value: 0 }, 5)).toBe('0');
    expect(formatCell({ shown: false, reason: 'small' }, 5)).toBe('<5');
    expect(formatCell({ shown: false, reason: 'small' }, 11)).toBe('<11');
    expect(formatCell({ shown: false, reason: 'complementary' }, 5)).toBe(COMPLEMENTARY_MARK);
    expect(COMPLEMENTARY_MARK).not.toContain('<');
  });

  it('has a Chinese footnote that explains both marks', () => {
    const note = suppressionNote(5);
    expect(note).toContain('“<5”');
    expect(note).toContain(`“${COMPLEMENTARY_MARK}”`);
    expect(note).toContain('互补抑制');
  });
});
