import { describe, expect, it } from 'vitest';
import { colourMixByAreaOption, colourTransitionsOption, redYellowBandsOption, type ColourMixRow, type TransitionRow } from '../../src/charts/options';
import { colourMixForExport, guardianshipTrendForExport, rankingForExport, redYellowBandsForExport, transitionsForExport, trendForExport, type RedYellowBands } from '../../src/export/chart-suppression';
import type { GuardianshipTrendRow } from '../../src/measures/guardianship';
import type { RankingRow } from '../../src/measures/ranking';
import { formatCell, suppressTable } from '../../src/export/suppression';
import { auditTable } from '../support/disclosure-audit';

const GRADES = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const;
const CTX = { asOf: '2026-10-31', synthetic: false, static: true };

const mix = (name: string, red: number, yellow: number, blue: number, green: number, ungraded: number): ColourMixRow => ({ name, red, yellow, blue, green, ungraded });

/** The colour-mix table as a reader of the exported chart sees it, with the totals known from elsewhere. */
function published(rows: ColourMixRow[], exported: ColourMixRow[], threshold: number) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    threshold,
    cells: exported.map((r) => GRADES.map((g) => r.marks?.[g] ?? String(r[g]))),
    rowTotals: rows.map((r) => String(sum(GRADES.map((g) => r[g])))),
    columnTotals: GRADES.map((g) => String(sum(rows.map((r) => r[g])))),
    grandTotal: String(sum(rows.flatMap((r) => GRADES.map((g) => r[g])))),
  };
}

describe('colour mix by area, as exported', () => {
  const rows = [mix('甲镇', 3, 10, 20, 30, 0), mix('乙镇', 6, 8, 25, 40, 0), mix('丙镇', 7, 12, 22, 35, 0)];

  it('hides the small count, and enough others that the area and colour totals do not give it away', () => {
    const exported = colourMixForExport(rows, 5);
    expect(exported[0]?.marks?.red).toBe('<5');
    // The red column and 甲镇's row each need a second hidden count.
    const hiddenInRow = (r: ColourMixRow) => Object.keys(r.marks ?? {}).length;
    expect(hiddenInRow(exported[0]!)).toBeGreaterThanOrEqual(2);
    expect(exported.filter((r) => r.marks?.red).length).toBeGreaterThanOrEqual(2);
    const audit = auditTable(published(rows, exported, 5));
    expect(audit.determined).toEqual([]);
    // Counts of 5 or more are never written "<5"; the counts themselves are untouched.
    exported.forEach((r, i) => {
      for (const g of GRADES) {
        if (r.marks?.[g] === '<5') expect(rows[i]![g]).toBeLessThan(5);
        expect(r[g]).toBe(rows[i]![g]);
      }
    });
  });

  it('leaves a table without small counts as it is', () => {
    const big = [mix('甲镇', 6, 10, 20, 30, 5), mix('乙镇', 6, 8, 25, 40, 9)];
    expect(colourMixForExport(big, 5).every((r) => Object.keys(r.marks ?? {}).length === 0)).toBe(true);
  });

  it('is drawn with hidden segments left out and their marks beside the bar', () => {
    const exported = colourMixForExport(rows, 5);
    const option = colourMixByAreaOption(CTX, exported, '各乡镇儿童风险等级构成');
    const red = (option.series as { name: string; data: (number | null)[] }[]).find((s) => s.name === '红色');
    expect(red?.data[0]).toBeNull();
    const axes = option.yAxis as { axisLabel: { formatter?: (v: string, i: number) => string } }[];
    expect(Array.isArray(axes)).toBe(true);
    expect(axes[1]?.axisLabel.formatter?.('0', 0)).toContain('红<5');
  });

  it('passes the auditor on random tables', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 40; t++) {
      const n = 2 + Math.floor(rand() * 3);
      const table = Array.from({ length: n }, (_, i) => mix(`镇${i}`, ...(GRADES.map(() => (rand() < 0.35 ? Math.floor(rand() * 5) : 5 + Math.floor(rand() * 30))) as [number, number, number, number, number])));
      const exported = colourMixForExport(table, 5);
      expect(auditTable(published(table, exported, 5)).determined, JSON.stringify(table)).toEqual([]);
    }
  });
});

/**
 * The banded chart as a reader sees it: per band its red + yellow and its rest (numbers or marks), with every
 * total taken as known: each band's children, the scope's red + yellow (the sentences print red and yellow, which
 * add up to it) and the rest, and their sum.
 */
function publishedBands(bands: RedYellowBands, threshold: number) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    threshold,
    cells: bands.rows.map((r) => [r.marks?.redYellow ?? String(r.redYellow), r.marks?.rest ?? String(r.rest)]),
    rowTotals: bands.rows.map((r) => String(r.redYellow + r.rest)),
    columnTotals: [String(sum(bands.rows.map((r) => r.redYellow))), String(sum(bands.rows.map((r) => r.rest)))],
    grandTotal: String(sum(bands.rows.map((r) => r.redYellow + r.rest))),
  };
}

describe('villages grouped by their share of red and yellow children, as printed', () => {
  it('adds up villages whose red and yellow children are each under five into bands either side of the township’s share', () => {
    // Red + yellow of 10 / 12 / 30 / 40 / 8 children: 3, 3, 2, 3, 0 — all small. The township: 11 of 100 (11%).
    // 30% and 25% are above it, 6.7% and 7.5% below, the last village has none.
    const villages = [mix('甲村', 1, 2, 3, 4, 0), mix('乙村', 0, 3, 4, 4, 1), mix('丙村', 2, 0, 10, 18, 0), mix('丁村', 1, 2, 10, 27, 0), mix('戊村', 0, 0, 4, 4, 0)];
    const bands = redYellowBandsForExport(villages, 5);
    expect(bands).toEqual({
      rows: [
        { band: 'above', areas: 2, redYellow: 6, rest: 16 },
        { band: 'atOrBelow', areas: 2, redYellow: 5, rest: 65 },
      ],
      noneAreas: 1,
      share: 0.11,
    });
    expect(auditTable(publishedBands(bands, 5)).determined).toEqual([]);
  });

  it('hides a band’s small count, and enough others that the known totals do not give it back', () => {
    // Township 10 of 58 (17.2%): 甲 2/10, 丙 3/10 and 戊 4/10 above; 丁 1/20 below; 乙 none.
    const villages = [mix('甲村', 1, 1, 5, 3, 0), mix('乙村', 0, 0, 4, 4, 0), mix('丙村', 1, 2, 2, 5, 0), mix('丁村', 0, 1, 6, 12, 1), mix('戊村', 2, 2, 3, 3, 0)];
    const bands = redYellowBandsForExport(villages, 5);
    expect(bands.rows.map((r) => [r.band, r.areas, r.redYellow, r.rest])).toEqual([
      ['above', 3, 9, 21],
      ['atOrBelow', 1, 1, 19],
    ]);
    // 丁村's band holds 1: hidden, then its rest (the band's children are known), then the other band's cells.
    expect(bands.rows.map((r) => r.marks)).toEqual([
      { redYellow: '*', rest: '*' },
      { redYellow: '<5', rest: '*' },
    ]);
    expect(auditTable(publishedBands(bands, 5)).determined).toEqual([]);
  });

  it('draws no band when the township’s red and yellow children are a small count, all in one band, or pinned by the totals', () => {
    expect(redYellowBandsForExport([mix('甲村', 1, 0, 5, 5, 0), mix('乙村', 0, 2, 5, 5, 0), mix('丙村', 0, 0, 9, 0, 0)], 5).rows).toEqual([]);
    // Every village 20%: one band, nothing a sentence does not say.
    expect(redYellowBandsForExport([mix('甲村', 1, 1, 8, 0, 0), mix('乙村', 2, 2, 16, 0, 0)], 5).rows).toEqual([]);
    // 4 of 8 above, 4 of 40 below: both "<5", yet with the township's 8 they can only be 4 and 4.
    const pinned = redYellowBandsForExport([mix('甲村', 2, 2, 4, 0, 0), mix('乙村', 0, 4, 30, 6, 0)], 5);
    expect(pinned.rows).toEqual([]);
    expect(pinned.share).toBe(8 / 48);
  });

  it('is drawn with hidden segments left out and their marks beside the bar', () => {
    const bands = redYellowBandsForExport([mix('甲村', 1, 1, 5, 3, 0), mix('乙村', 0, 0, 4, 4, 0), mix('丙村', 1, 2, 2, 5, 0), mix('丁村', 0, 1, 6, 12, 1), mix('戊村', 2, 2, 3, 3, 0)], 5);
    const option = redYellowBandsOption(CTX, bands.rows, '甲镇各村按红黄儿童占比分组', { band: (b, n) => `${b}${n}`, key: '' });
    const series = option.series as { name: string; data: (number | null)[] }[];
    expect(series.map((x) => x.name)).toEqual(['红黄合计', '其他']);
    expect(series.map((x) => x.data)).toEqual([
      [null, null],
      [null, null],
    ]);
    const axes = option.yAxis as { data?: string[]; axisLabel: { formatter?: (v: string, i: number) => string } }[];
    expect(axes[0]?.data).toEqual(['above3', 'atOrBelow1']);
    expect(axes[1]?.axisLabel.formatter?.('1', 1)).toBe('红黄合计<5 其他*');
  });

  it('passes the auditor on random townships, printing no count under five', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const small = () => Math.floor(rand() * 4);
    let drawn = 0;
    let hidden = 0;
    for (let t = 0; t < 200; t++) {
      const n = 2 + Math.floor(rand() * 8);
      const villages = Array.from({ length: n }, (_, i) => mix(`村${i}`, small(), small(), Math.floor(rand() * 12), Math.floor(rand() * 12), small()));
      const bands = redYellowBandsForExport(villages, 5);
      if (bands.rows.length === 0) continue;
      drawn++;
      const published = publishedBands(bands, 5);
      for (const c of published.cells.flat()) expect(c, JSON.stringify(villages)).toMatch(/^(0|[5-9]|\d{2,}|<5|\*)$/);
      if (published.cells.flat().some((c) => c === '<5' || c === '*')) hidden++;
      expect(auditTable(published).determined, JSON.stringify(villages)).toEqual([]);
    }
    // The random townships exercise both the drawn and the suppressed case.
    expect(drawn).toBeGreaterThan(50);
    expect(hidden).toBeGreaterThan(5);
  });
});

/**
 * The transition heatmap as a reader of the exported chart sees it: the marks, the counts shown, blanks read as 0;
 * the periods' colour counts (the margins) as the same suppression publishes them. Returns the auditor's verdict.
 */
function auditTransitions(rows: TransitionRow[], exported: TransitionRow[], threshold: number) {
  const counts = GRADES.map((f) => GRADES.map((to) => rows.find((x) => x.from === f && x.to === to)?.children ?? 0));
  const margins = suppressTable({ rowLabels: [...GRADES], columnLabels: [...GRADES], counts }, threshold);
  const cell = (from: string, to: string) => {
    const r = exported.find((x) => x.from === from && x.to === to);
    return r ? (r.mark ?? String(r.children)) : '0';
  };
  const audit = auditTable({
    threshold,
    cells: GRADES.map((f) => GRADES.map((to) => cell(f, to))),
    rowTotals: margins.rowTotals!.map((c) => formatCell(c, threshold)),
    columnTotals: margins.columnTotals!.map((c) => formatCell(c, threshold)),
    grandTotal: formatCell(margins.grandTotal!, threshold),
  });
  return { audit, counts };
}

describe('colour transitions, as exported', () => {
  it('marks hidden cells so the heatmap shows "<5" or "*" instead of the count', () => {
    const rows: TransitionRow[] = [
      { from: 'green', to: 'green', children: 300 },
      { from: 'green', to: 'yellow', children: 2 },
      { from: 'yellow', to: 'yellow', children: 40 },
      { from: 'yellow', to: 'green', children: 9 },
      { from: 'blue', to: 'blue', children: 80 },
    ];
    const exported = transitionsForExport(rows, 5);
    expect(exported.find((r) => r.from === 'green' && r.to === 'yellow')?.mark).toBe('<5');
    // As a reader sees it: marks, counts, blanks read as 0; the periods' colour counts as suppressed alike.
    const { audit } = auditTransitions(rows, exported, 5);
    expect(audit.determined).toEqual([]);
    const option = colourTransitionsOption(CTX, exported, '2026-Q3');
    const labels = (option.series as { data: { label: { formatter: string } }[] }[])[0]!.data.map((d) => d.label.formatter);
    expect(labels).toContain('<5');
    expect(labels).not.toContain('2');
  });
});

describe('transitions pass the auditor on random matrices', () => {
  it('hides nothing a reader could recover from the marks and the periods’ colour counts as suppressed alike', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 40; t++) {
      const rows: TransitionRow[] = [];
      // Three or four colours in play keep the auditor's exhaustive search small.
      const inPlay = GRADES.filter(() => rand() < 0.75).slice(0, 4);
      for (const from of inPlay) for (const to of inPlay) if (rand() < 0.5) rows.push({ from, to, children: rand() < 0.4 ? 1 + Math.floor(rand() * 4) : 5 + Math.floor(rand() * 12) });
      if (rows.length === 0) continue;
      const exported = transitionsForExport(rows, 5);
      // The chart's cells as published; the margins as the same suppression publishes them.
      const { audit, counts } = auditTransitions(rows, exported, 5);
      const used = (i: number, j: number) => (i >= 5 || counts[i]!.some((n) => n > 0)) && (j >= 5 || counts.some((r) => r[j]! > 0));
      // Cells of an all-zero colour are known to be 0 and are never hidden; anything else determined is a leak.
      expect(audit.determined.filter((d) => used(...(d.slot.split(',').map(Number) as [number, number]))), JSON.stringify(rows)).toEqual([]);
    }
  });
});

describe('rates, as exported', () => {
  it('leaves out a month whose rate is over fewer than five children due, or leaves one to four overdue', () => {
    const out = trendForExport(
      [
        { month: '2026-08', rate: 1, due: 3 },
        { month: '2026-09', rate: 0.8, due: 30 },
        { month: '2026-10', rate: 0.98, due: 100 },
        { month: '2026-11', rate: null, due: 0 },
      ],
      5,
    );
    // 3 due; 24 of 30 (6 overdue) shown; 98 of 100 leaves 2 overdue; nobody due.
    expect(out.map((r) => r.rate)).toEqual([null, 0.8, null, null]);
  });

  it('drops a township whose rate is over too few children from the ranking, and a change from a hidden rate', () => {
    const row = (name: string, value: number | null, denominator: number | null, previous: number | null, previous_denominator: number | null): RankingRow => ({
      code: name,
      name,
      value,
      previous,
      change: null,
      rank: null,
      denominator,
      previous_denominator,
    });
    const out = rankingForExport([row('甲镇', 0.9, 50, 0.8, 50), row('乙镇', 1, 4, 0.5, 40), row('丙镇', 0.75, 40, 1, 3), row('丁镇', 0.5, null, 0.4, null)], 5);
    expect(out).toEqual([
      { name: '甲镇', value: 0.9, previous: 0.8 },
      { name: '丙镇', value: 0.75, previous: null },
      { name: '丁镇', value: 0.5, previous: 0.4 },
    ]);
  });
});

describe('the 监护落实 trend in an export', () => {
  const month = (m: string, signed: number, reported: number, done: number, pairingReported: number, stale: number, never: number): GuardianshipTrendRow => ({
    month: m,
    evaluated_on: `${m}-28`,
    children: 200,
    left_behind: 150,
    agreement_signed: signed,
    agreement_reported: reported,
    agreement_rate: reported > 0 ? signed / reported : null,
    pairing_done: done,
    pairing_reported: pairingReported,
    pairing_rate: pairingReported > 0 ? done / pairingReported : null,
    out_of_school: 0,
    colour_stale: stale,
    colour_never: never,
  });

  it('leaves out a rate over too few children or hiding a small count, and marks a small count', () => {
    const out = guardianshipTrendForExport([month('2026-09', 3, 4, 40, 50, 0, 12), month('2026-10', 98, 100, 0, 0, 4, 5)], 5);
    // 09: 3 of 4 (too few) hidden; 40 of 50 (10 not) shown. 10: 98 of 100 leaves 2 unsigned; no pairing reported.
    expect(out.map((r) => [r.agreementRate, r.pairingRate])).toEqual([
      [null, 0.8],
      [null, null],
    ]);
    // Stale: 0 stays 0, 4 is "<5"; never: 12 and 5 shown.
    expect(out.map((r) => [r.stale, r.never, r.marks ?? null])).toEqual([
      [0, 12, null],
      [null, 5, { stale: '<5' }],
    ]);
  });
});

