/**
 * The briefing's 两期对比 sentences (pure): for one theme's map figure, the area's value in period B and its change
 * since A ("较上季度提高2.1个百分点"), and the areas below that got worse. Suppressed as exports are
 * (src/export/change-suppression.ts): a change is printed only when both its periods may be, and an area whose
 * change may not be printed is not named.
 */
import { suppressRateChange } from '../export/change-suppression';
import { formatShare } from '../i18n/zh';
import { compareText, pointChangeVerb, printedChange } from '../i18n/zh-compare';
import type { ChangeRow } from '../measures/change';
import { addMonths, previousQuarterEnd } from '../measures/months';

/** At most this many areas named as worse; beyond, "等N个". */
export const WORSE_CAP = 5;

/** Whether A is the period just before B's quarter: the end of the previous quarter for a month, the quarter before. */
export function isQuarterBefore(a: string, b: string): boolean {
  const q = /^(\d{4})-Q([1-4])$/.exec(b);
  if (!q) return previousQuarterEnd(b) === a;
  const firstMonth = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  const before = addMonths(firstMonth, -1);
  return a === `${before.slice(0, 4)}-Q${Math.floor((Number(before.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface ChangeSentenceInput {
  /** The area's name as the briefing says it (全县, 搬经镇). */
  area: string;
  figure: string;
  ofChildren: boolean;
  higherIsBetter: boolean;
  a: string;
  b: string;
  /** The area's row of changeSql; null when it has none. */
  scope: ChangeRow | null;
  /** The areas below (changeSql rows, worst first); null at the lowest level. */
  below: ChangeRow[] | null;
  /** 乡镇（街道）, 村（社区）. */
  belowWord: string;
  threshold: number;
}

export function changeSentences(p: ChangeSentenceInput): string[] {
  const out: string[] = [];
  const cells = p.scope ? suppressRateChange(p.scope, p.threshold, p.ofChildren) : null;
  if (!cells?.change || !cells.b) out.push(compareText.briefingNone(p.area, p.figure, p.a, p.b));
  else if (!cells.change.shown || !cells.b.shown) out.push(compareText.briefingHidden(p.area, p.figure, p.a, p.b));
  else out.push(compareText.briefingChange(p.area, p.figure, p.b, formatShare(cells.b.value), p.a, printedChange(p.scope?.value_a ?? null, cells.b.value), isQuarterBefore(p.a, p.b)));
  if (p.below) {
    const worse = p.below
      .map((r) => ({ r, change: printedChange(r.value_a, r.value_b), hidden: !suppressRateChange(r, p.threshold, p.ofChildren).change?.shown }))
      .filter((x) => x.r.ranked && !x.hidden && x.change !== null && (p.higherIsBetter ? x.change < 0 : x.change > 0));
    const named = worse.slice(0, WORSE_CAP).map(({ r, change }) => compareText.worseName(r.name, pointChangeVerb(change ?? 0)));
    out.push(compareText.briefingWorse(p.belowWord, named, worse.length - named.length));
  }
  return out;
}
