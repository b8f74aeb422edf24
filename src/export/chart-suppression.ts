/**
 * Chart rows as they may leave the bureau: the same rows the screen draws, with small counts hidden by the rules
 * of ./suppression (primary "<5", complementary "*", rates over small or recoverable counts). The chart
 * builders draw hidden counts as nothing, with their mark.
 *
 * The totals a reader can know from elsewhere (an area's children, the county's count of each colour, a
 * period's colour counts) are treated as shown, so a hidden cell cannot be recovered from them either.
 */
import type { ColourMixRow, ComplianceRow, Grade, RankingRow as RankingBar, TransitionRow } from '../charts/options';
import type { RankingRow } from '../measures/ranking';
import { formatCell, suppressRate, suppressTable, suppressionNote } from './suppression';

const GRADES = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const satisfies readonly Grade[];

/** Children by colour per area (areas × colours, with the areas' and the colours' totals known). */
export function colourMixForExport(rows: readonly ColourMixRow[], threshold: number): ColourMixRow[] {
  if (rows.length === 0) return [];
  const table = suppressTable(
    { rowLabels: rows.map((r) => r.name), columnLabels: [...GRADES], counts: rows.map((r) => GRADES.map((g) => r[g])) },
    threshold,
    { showRowTotals: true, showColumnTotals: true, showGrandTotal: true },
  );
  return rows.map((row, i) => {
    const marks: Partial<Record<Grade, string>> = {};
    GRADES.forEach((g, j) => {
      const cell = table.cells[i]?.[j];
      if (cell && !cell.shown) marks[g] = formatCell(cell, threshold);
    });
    return { ...row, marks };
  });
}

/** Children by last period's colour × this period's colour (both periods' colour counts known). */
export function transitionsForExport(rows: readonly TransitionRow[], threshold: number): TransitionRow[] {
  if (rows.length === 0) return [];
  // The full 5×5 matrix: pairs without a row are zeros, which a reader sees as blanks.
  const index = new Map(rows.map((r) => [`${r.from}>${r.to}`, r.children]));
  const table = suppressTable(
    { rowLabels: [...GRADES], columnLabels: [...GRADES], counts: GRADES.map((from) => GRADES.map((to) => index.get(`${from}>${to}`) ?? 0)) },
    threshold,
    { showRowTotals: true, showColumnTotals: true, showGrandTotal: true },
  );
  return rows.map((r) => {
    const cell = table.cells[GRADES.indexOf(r.from)]?.[GRADES.indexOf(r.to)];
    return cell && !cell.shown ? { ...r, mark: formatCell(cell, threshold) } : r;
  });
}

/**
 * The monthly compliance rate: a month whose rate is over fewer children due than the threshold, or whose
 * compliant or overdue children are 1..threshold−1, is left out (a gap in the line).
 */
export function trendForExport(rows: readonly ComplianceRow[], threshold: number): ComplianceRow[] {
  return rows.map((r) => {
    if (r.rate === null) return r;
    const compliant = Math.round(r.rate * r.due);
    return suppressRate(compliant, r.due, threshold).shown ? r : { ...r, rate: null };
  });
}

/**
 * The township ranking's bars: a township whose rate is over too few children (or hides a small count of
 * them) is left out, and its change is not given when either period's rate is hidden.
 */
export function rankingForExport(rows: readonly RankingRow[], threshold: number): RankingBar[] {
  const shown = (rate: number | null, denominator: number | null): number | null => {
    if (rate === null) return null;
    if (denominator === null) return rate;
    return suppressRate(Math.round(rate * denominator), denominator, threshold).shown ? rate : null;
  };
  return rows
    .map((r) => {
      const value = shown(r.value, r.denominator);
      return { name: r.name, value, previous: value === null ? null : shown(r.previous, r.previous_denominator) };
    })
    .filter((r) => r.value !== null);
}

/** The footnote of an export that may hide figures. */
export const exportSuppressionNote = suppressionNote;
