/**
 * Chart rows as they may leave the bureau: the same rows the screen draws, with small counts hidden by the rules
 * of ./suppression (primary "<5", complementary "*", rates over small or recoverable counts). The chart
 * builders draw hidden counts as nothing, with their mark.
 *
 * For the colour mix, the totals a reader can know from elsewhere (an area's children, the county's count of
 * each colour) are treated as shown and fixed, so a hidden cell cannot be recovered from them either.
 */
import type { ColourMixRow, ComplianceRow, Grade, GuardianshipTrendChartRow, RankingRow as RankingBar, RedYellowBand, RedYellowBandRow, TransitionRow } from '../charts/options';
import type { GuardianshipTrendRow } from '../measures/guardianship';
import type { RankingRow } from '../measures/ranking';
import { COMPLEMENTARY_MARK, formatCell, isSmall, suppressRate, suppressTable, suppressionNote } from './suppression';

const GRADES = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const satisfies readonly Grade[];

/**
 * A table of counts whose row and column totals a reader knows from elsewhere, suppressed: `hidden[i][j]` is the
 * mark of a hidden cell, or null. Rows and columns that are all zero are left out of the suppression (their
 * cells are known to be 0 from the totals; hiding them would protect nothing).
 */
function suppressWithKnownTotals(counts: number[][], threshold: number): (string | null)[][] {
  const rows = counts.map((r, i) => ({ i, used: r.some((n) => n > 0) })).filter((r) => r.used).map((r) => r.i);
  const width = counts[0]?.length ?? 0;
  const cols = Array.from({ length: width }, (_, j) => j).filter((j) => counts.some((r) => (r[j] ?? 0) > 0));
  const marks = counts.map((r) => r.map((): string | null => null));
  if (rows.length === 0 || cols.length === 0) return marks;
  const table = suppressTable(
    { rowLabels: rows.map(String), columnLabels: cols.map(String), counts: rows.map((i) => cols.map((j) => counts[i]?.[j] ?? 0)) },
    threshold,
    { showRowTotals: true, showColumnTotals: true, showGrandTotal: true, fixedTotals: true },
  );
  rows.forEach((i, a) =>
    cols.forEach((j, b) => {
      const cell = table.cells[a]?.[b];
      if (cell && !cell.shown) (marks[i] as (string | null)[])[j] = formatCell(cell, threshold);
    }),
  );
  return marks;
}

/** Children by colour per area (areas × colours, with the areas' and the colours' totals known). */
export function colourMixForExport(rows: readonly ColourMixRow[], threshold: number): ColourMixRow[] {
  const hidden = suppressWithKnownTotals(
    rows.map((r) => GRADES.map((g) => r[g])),
    threshold,
  );
  return rows.map((row, i) => {
    const marks: Partial<Record<Grade, string>> = {};
    GRADES.forEach((g, j) => {
      const mark = hidden[i]?.[j];
      if (mark) marks[g] = mark;
    });
    return { ...row, marks };
  });
}

/**
 * Children by last period's colour × this period's colour. The two periods' colour counts are protected as
 * margins of this table (a small one may be hidden too) rather than taken as known: with them fixed, a colour of
 * eight children split four and four would be given away by two "<5" marks.
 */
export function transitionsForExport(rows: readonly TransitionRow[], threshold: number): TransitionRow[] {
  const index = new Map(rows.map((r) => [`${r.from}>${r.to}`, r.children]));
  const table = suppressTable(
    { rowLabels: [...GRADES], columnLabels: [...GRADES], counts: GRADES.map((f) => GRADES.map((t) => index.get(`${f}>${t}`) ?? 0)) },
    threshold,
    { showRowTotals: true, showColumnTotals: true, showGrandTotal: true },
  );
  const hidden = table.cells.map((r) => r.map((c) => (c.shown ? null : formatCell(c, threshold))));
  // Every pair with a row, and every hidden pair (a hidden zero must show its mark, not a blank a reader reads as 0).
  const out: TransitionRow[] = [];
  GRADES.forEach((from, i) =>
    GRADES.forEach((to, j) => {
      const mark = hidden[i]?.[j];
      const children = index.get(`${from}>${to}`);
      if (mark) out.push({ from, to, children: children ?? 0, mark });
      else if (children !== undefined) out.push({ from, to, children });
    }),
  );
  return out;
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

/** The 监护落实 trend as the screen draws it (nothing hidden). */
export function guardianshipTrendForScreen(rows: readonly GuardianshipTrendRow[]): GuardianshipTrendChartRow[] {
  return rows.map((r) => ({ month: r.month, agreementRate: r.agreement_rate, pairingRate: r.pairing_rate, stale: r.colour_stale, never: r.colour_never }));
}

/**
 * The 监护落实 trend as it may leave the bureau: a month's rate is left out (a gap) when it is over too few
 * children or hides a small count of them, as for the visit trend; a count of 1..threshold−1 children is hidden
 * with its mark. Each month is a separate table of two counts with no total shown, so nothing else is hidden.
 */
export function guardianshipTrendForExport(rows: readonly GuardianshipTrendRow[], threshold: number): GuardianshipTrendChartRow[] {
  const rate = (value: number | null, numerator: number, denominator: number) => (value !== null && suppressRate(numerator, denominator, threshold).shown ? value : null);
  const small = (n: number) => isSmall(n, threshold);
  return rows.map((r) => {
    const marks: GuardianshipTrendChartRow['marks'] = {};
    if (small(r.colour_stale)) marks.stale = `<${threshold}`;
    if (small(r.colour_never)) marks.never = `<${threshold}`;
    return {
      month: r.month,
      agreementRate: rate(r.agreement_rate, r.agreement_signed, r.agreement_reported),
      pairingRate: rate(r.pairing_rate, r.pairing_done, r.pairing_reported),
      stale: marks.stale ? null : r.colour_stale,
      never: marks.never ? null : r.colour_never,
      ...(Object.keys(marks).length > 0 ? { marks } : {}),
    };
  });
}

/** Whether an export may give a share of `denominator` children (a share of something else, denominator null: yes). */
export function rateShownInExport(rate: number | null, denominator: number | null, threshold: number): boolean {
  if (rate === null) return false;
  return denominator === null || suppressRate(Math.round(rate * denominator), denominator, threshold).shown;
}

/**
 * The township ranking's bars: a township whose rate is over too few children (or hides a small count of
 * them) is left out, and its change is not given when either period's rate is hidden.
 */
export function rankingForExport(rows: readonly RankingRow[], threshold: number): RankingBar[] {
  const shown = (rate: number | null, denominator: number | null) => (rateShownInExport(rate, denominator, threshold) ? rate : null);
  return rows
    .map((r) => {
      const value = shown(r.value, r.denominator);
      return { name: r.name, value, previous: value === null ? null : shown(r.previous, r.previous_denominator) };
    })
    .filter((r) => r.value !== null);
}

/** The footnote of an export that may hide figures. */
export const exportSuppressionNote = suppressionNote;

export const RED_YELLOW_BANDS = ['above', 'atOrBelow'] as const satisfies readonly RedYellowBand[];

export interface RedYellowBands {
  /** The bands that hold an area, above first; empty when the scope's red and yellow children are too few to draw. */
  rows: RedYellowBandRow[];
  /** Areas with children but none red or yellow. */
  noneAreas: number;
  /** The scope's red and yellow children over its children (the bands' dividing line); null when it may not be printed. */
  share: number | null;
}

/**
 * Areas grouped by their share of red and yellow children against the scope's own share (the bands' line is the
 * scope, not a constant): per band, how many areas, and their children as red + yellow together and the rest. Per
 * area the counts are too small to draw under suppression (a village's red and yellow children are mostly under
 * five); per band they add up. No area is named, so the chart gives no area's band. The bands × (red + yellow,
 * rest) table is suppressed with every total taken as known (the bands' children, the scope's red + yellow and
 * rest), as for the colour mix. When the scope's red and yellow children are themselves a small count, no band is
 * drawn (the sentences print them as "不足5名"; a band could give them back), nor when they all fall in one band.
 */
export function redYellowBandsForExport(areas: readonly ColourMixRow[], threshold: number): RedYellowBands {
  const counted = areas
    .map((a) => ({ redYellow: a.red + a.yellow, children: a.red + a.yellow + a.blue + a.green + a.ungraded }))
    .filter((a) => a.children > 0);
  const R = counted.reduce((s, a) => s + a.redYellow, 0);
  const C = counted.reduce((s, a) => s + a.children, 0);
  const noneAreas = counted.filter((a) => a.redYellow === 0).length;
  if (C === 0) return { rows: [], noneAreas, share: null };
  const share = rateShownInExport(R / C, C, threshold) ? R / C : null;
  if (R === 0 || R < threshold) return { rows: [], noneAreas, share };
  // Integer comparison of redYellow / children with R / C.
  const bandOf = (a: { redYellow: number; children: number }): RedYellowBand => (a.redYellow * C > R * a.children ? 'above' : 'atOrBelow');
  const bands = RED_YELLOW_BANDS.map((band) => {
    const members = counted.filter((a) => a.redYellow > 0 && bandOf(a) === band);
    return { band, areas: members.length, redYellow: members.reduce((s, a) => s + a.redYellow, 0), rest: members.reduce((s, a) => s + a.children - a.redYellow, 0) };
  }).filter((b) => b.areas > 0);
  // One band (every area with red or yellow children at the scope's share) says nothing a sentence does not.
  if (bands.length < 2) return { rows: [], noneAreas, share };
  const hidden = suppressWithKnownTotals(
    bands.map((b) => [b.redYellow, b.rest]),
    threshold,
  );
  // Two bands with every total known leave one degree of freedom (the first band's red + yellow): when the marks
  // allow it a single value (e.g. 4 and 4 of 8, both "<5"), no table of bands is safe to print.
  if (hidden.flat().some(Boolean) && freeValues(bands, hidden, threshold) < 2) return { rows: [], noneAreas, share };
  const rows = bands.map((b, i): RedYellowBandRow => {
    const marks: RedYellowBandRow['marks'] = {};
    const [ry, rest] = hidden[i] ?? [null, null];
    if (ry) marks.redYellow = ry;
    if (rest) marks.rest = rest;
    return Object.keys(marks).length > 0 ? { ...b, marks } : b;
  });
  return { rows, noneAreas, share };
}

/** How many values of the first band's red + yellow agree with the two bands' totals, shown cells and marks. */
function freeValues(bands: readonly { redYellow: number; rest: number }[], hidden: (string | null)[][], threshold: number): number {
  const [a, b] = bands as [{ redYellow: number; rest: number }, { redYellow: number; rest: number }];
  const R = a.redYellow + b.redYellow;
  const fits = (value: number, actual: number, mark: string | null | undefined) =>
    value >= 0 && (mark ? (mark === COMPLEMENTARY_MARK ? value >= threshold : value < threshold) : value === actual);
  let n = 0;
  for (let x = 0; x <= R; x++) {
    const cells = [x, a.redYellow + a.rest - x, R - x, b.redYellow + b.rest - (R - x)];
    const actual = [a.redYellow, a.rest, b.redYellow, b.rest];
    const marks = [hidden[0]?.[0], hidden[0]?.[1], hidden[1]?.[0], hidden[1]?.[1]];
    if (cells.every((v, k) => fits(v, actual[k] as number, marks[k]))) n++;
  }
  return n;
}
