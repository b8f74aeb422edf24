import { describe, expect, it } from 'vitest';
import { addMonths, evaluationDate, formatMonthZh, formatQuarterZh, monthEnd, monthsEnding, previousQuarterEnd, quarterStart } from '../../src/measures/months';

describe('months', () => {
  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-11', 14)).toBe('2027-01');
  });
  it('knows month ends, leap years included', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthEnd('2026-10')).toBe('2026-10-31');
  });
  it('evaluates a month at its end or at the as-of date, whichever comes first', () => {
    expect(evaluationDate('2026-09', '2026-10-31')).toBe('2026-09-30');
    expect(evaluationDate('2026-10', '2026-10-15')).toBe('2026-10-15');
  });
  it('finds the previous quarter’s last month and the quarter’s start', () => {
    expect(previousQuarterEnd('2026-10')).toBe('2026-09');
    expect(previousQuarterEnd('2026-09')).toBe('2026-06');
    expect(previousQuarterEnd('2026-01')).toBe('2025-12');
    expect(quarterStart('2026-11')).toBe('2026-10-01');
  });
  it('lists months oldest first and names them in Chinese', () => {
    expect(monthsEnding('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(formatMonthZh('2026-03')).toBe('2026年3月');
    expect(formatQuarterZh('2026-10')).toBe('2026年第四季度');
  });
  it('refuses what is not a month', () => {
    expect(() => monthEnd('2026-13')).toThrow(/not a month/);
  });
});
