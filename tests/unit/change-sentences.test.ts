import { describe, expect, it } from 'vitest';
import { changeSentences, isQuarterBefore } from '../../src/briefing/change-sentences';
import type { ChangeRow } from '../../src/measures/change';

/** A row of changeSql from its two sides (a higher share better). */
function row(code: string, name: string, na: number, da: number, nb: number, db: number, ranked = true): ChangeRow {
  const a = da > 0 ? na / da : null;
  const b = db > 0 ? nb / db : null;
  const change = a === null || b === null ? null : b - a;
  return { code, name, value_a: a, value_b: b, change, improvement: change, numerator_a: na, denominator_a: da, numerator_b: nb, denominator_b: db, ranked };
}

const base = { figure: '走访合规率', ofChildren: true, higherIsBetter: true, belowWord: '乡镇（街道）', threshold: 5 };

describe('the briefing’s 两期对比 sentences', () => {
  it('knows when A is the quarter before B', () => {
    expect(isQuarterBefore('2026-09', '2026-10')).toBe(true);
    expect(isQuarterBefore('2026-06', '2026-09')).toBe(true);
    expect(isQuarterBefore('2026-07', '2026-10')).toBe(false);
    expect(isQuarterBefore('2026-Q3', '2026-Q4')).toBe(true);
    expect(isQuarterBefore('2025-Q4', '2026-Q1')).toBe(true);
    expect(isQuarterBefore('2026-Q2', '2026-Q4')).toBe(false);
  });

  it('words the change since last quarter, and names the areas that got worse, worst first', () => {
    // County: 850 of 1000 → 871 of 1000: 85.0% → 87.1%, up 2.1 points.
    const below = [row('1', '甲镇', 90, 100, 80, 100), row('2', '乙镇', 50, 100, 47, 100), row('3', '丙镇', 40, 50, 40, 50), row('4', '丁镇', 30, 100, 40, 100)];
    expect(changeSentences({ ...base, area: '如皋市', a: '2026-09', b: '2026-10', scope: row('0', '如皋市', 850, 1000, 871, 1000), below })).toEqual([
      '如皋市走访合规率2026年10月为87.1%，较上季度（2026年9月）提高2.1个百分点。',
      '变差的乡镇（街道）：甲镇（下降10.0个百分点）、乙镇（下降3.0个百分点）。',
    ]);
    // Not the quarter before: "较2026年7月"; a fall is 下降; none worse.
    expect(changeSentences({ ...base, area: '搬经镇', a: '2026-07', b: '2026-10', scope: row('0', '搬经镇', 90, 100, 85, 100), below: [row('1', '甲村', 5, 10, 6, 10)], belowWord: '村（社区）' })).toEqual([
      '搬经镇走访合规率2026年10月为85.0%，较2026年7月下降5.0个百分点。',
      '没有村（社区）变差。',
    ]);
  });

  it('does not compare or name what suppression hides, nor units without territory', () => {
    // B is 3 of 40 (a small count): the change could give it back, so no comparison.
    expect(changeSentences({ ...base, area: '某镇', a: '2026-09', b: '2026-10', scope: row('0', '某镇', 20, 40, 3, 40), below: null })).toEqual(['某镇走访合规率2026年9月或2026年10月涉及人数过少，不作比较。']);
    const below = [row('1', '甲村', 4, 4, 3, 4), row('2', '农场', 40, 50, 10, 50, false), row('3', '乙村', 30, 40, 20, 40)];
    expect(changeSentences({ ...base, area: '某镇', a: '2026-09', b: '2026-10', scope: row('0', '某镇', 74, 94, 33, 94), below })[1]).toBe('变差的乡镇（街道）：乙村（下降25.0个百分点）。');
  });

  it('gives the change between the two figures as printed, and for a figure better lower, a rise as worse', () => {
    // 74.96% prints 75.0%, 73.74% prints 73.7%: down 1.3 points as printed (1.22 exactly).
    expect(changeSentences({ ...base, area: '全县', a: '2026-09', b: '2026-10', scope: row('0', '全县', 7496, 10000, 7374, 10000), below: null })).toEqual([
      '全县走访合规率2026年10月为73.7%，较上季度（2026年9月）下降1.3个百分点。',
    ]);
    const risk = { ...base, figure: '红黄色占比', higherIsBetter: false };
    const below = [row('1', '甲镇', 10, 100, 15, 100), row('2', '乙镇', 20, 100, 10, 100)];
    expect(changeSentences({ ...risk, area: '全县', a: '2026-09', b: '2026-10', scope: row('0', '全县', 30, 200, 25, 200), below })).toEqual([
      '全县红黄色占比2026年10月为12.5%，较上季度（2026年9月）下降2.5个百分点。',
      '变差的乡镇（街道）：甲镇（提高5.0个百分点）。',
    ]);
  });

  it('names at most five, then says how many in all', () => {
    const below = Array.from({ length: 7 }, (_, i) => row(String(i), `镇${i}`, 90, 100, 74 + i, 100));
    expect(changeSentences({ ...base, area: '全县', a: '2026-09', b: '2026-10', scope: row('0', '全县', 50, 100, 50, 100), below })).toEqual([
      '全县走访合规率2026年10月为50.0%，较上季度（2026年9月）持平。',
      '变差的乡镇（街道）：镇0（下降16.0个百分点）、镇1（下降15.0个百分点）、镇2（下降14.0个百分点）、镇3（下降13.0个百分点）、镇4（下降12.0个百分点）等7个。',
    ]);
  });
});
