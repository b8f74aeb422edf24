/**
 * Small-cell suppression for exports (pure: no DOM, no I/O). The internal screen shows full values (staff are
 * entitled to them); every file that leaves the app goes through here.
 *
 * API
 * - `suppressTable(table, threshold, opts)` — a table of counts with optional row / column / grand totals. Every
 *   interior cell and every shown total comes back as a `SuppressedCell`.
 * - `suppressList(counts, threshold, { showTotal })` — a list with a total (children affected per village + 合计):
 *   a one-column table whose column total is the list total.
 * - `suppressRate(numerator, denominator, threshold, hidden?)` — whether a rate may be shown (rules below).
 * - `formatCell(cell, threshold)` — "<5" for a small count, `COMPLEMENTARY_MARK` ("*") for a complementary one,
 *   the number otherwise; `suppressionNote(threshold)` is the Chinese footnote explaining both marks.
 *
 * Disclosure model (what a reader of an export is assumed to know, and what must stay unknown)
 * - Every count is a non-negative integer; shown values are exact.
 * - "<T" means 0..T−1. Counts of 1..T−1 are always written "<T" (primary suppression); a zero is usually written
 *   0 but may be written "<T" when it is chosen as a complementary cell, so a reader cannot rule out 0 for any "<T".
 *   (If "<T" meant 1..T−1, some patterns could never be protected: four "<5" in a row whose total is "<5" are all 1.)
 * - "*" means ≥ T: a cell of T or more hidden to protect a small one (anything below T would have been "<T").
 * - Every row / column / grand total that is shown is an equation a reader can use; a total that is not shown in
 *   this file may still be known from elsewhere — callers who think so pass `show…Totals: true` (the list helper
 *   does by default: a list's total is usually on screen or in the parent area's row).
 * - Goal: no hidden cell (interior or total) has a uniquely determined value given all of the above. Interval
 *   narrowing (e.g. a "<5" known to be 0..2) is not treated as disclosure.
 * - Out of scope: links between different tables or exports (e.g. a village list and a township list of the same
 *   measure), and inequalities between columns of different measures (red ≤ children): suppress each column of a
 *   multi-measure list as its own list, and hide rates with `suppressRate`.
 * - Thresholds: 1 suppresses nothing; 2 cannot be protected in general ("<2" is 0 or 1, and a "*" total of two
 *   "<2" cells pins both to 1) — such tables get the same treatment, without the guarantee. 3 and above are
 *   covered by the tests; 5 is the default and 11 is common.
 *
 * Algorithm
 * 1. Primary: every interior cell and shown total in 1..T−1 is hidden ('small').
 * 2. Classic complementary suppression, repeated until stable: every line (a row with its total, a column with its
 *    total, the row of column totals with the grand total, the column of row totals with the grand total) that
 *    has exactly one unknown member (hidden, or a total that is not shown) which is hidden gets a second one hidden:
 *    a shown zero (it becomes "<T": cheap, and as good a partner as any), else the smallest non-zero shown member
 *    (it becomes "*"), else the line's shown total.
 * 3. Verification: every hidden slot needs a witness — a small move of hidden cells (see `findExposed`) giving
 *    another table that agrees with everything shown and every mark's meaning but changes that slot. A slot
 *    without one that is 1..T−1 gets one more complementary cell in its lines (then back to 2); a slot without one
 *    that was hidden only to protect others (a zero or ≥ T) is shown instead — its value can be derived anyway, so
 *    showing it tells a reader nothing new. Witnesses are real tables, so what stays hidden is undetermined; the
 *    moves searched are limited, so the method can only err towards hiding more.
 *
 * Rates: a rate is hidden when its denominator is below T, when its numerator or its complement
 * (denominator − numerator) is 1..T−1 — 98 of 100 graded says 2 ungraded, which the count column would write
 * "<5" — and when the numerator or the denominator is hidden elsewhere in the export (reason 'complementary').
 */

/**
 * A cell of an export. Hidden cells: 'small' = below the threshold (a count 1..T−1, or a zero hidden with it),
 * written "<T"; 'complementary' = T or more, hidden so that a small cell cannot be derived, written "*".
 */
export type SuppressedCell = { value: number; shown: true } | { shown: false; reason: 'small' | 'complementary' };

export interface CountTable {
  rowLabels: string[];
  columnLabels: string[];
  /** counts[row][column], non-negative integers. */
  counts: number[][];
}

export interface SuppressOptions {
  /** Show (and protect) each row's total. Default true. */
  showRowTotals?: boolean;
  /** Show (and protect) each column's total. Default true. */
  showColumnTotals?: boolean;
  /** Show (and protect) the grand total. Default: when row or column totals are shown. */
  showGrandTotal?: boolean;
  /**
   * The shown totals are public anyway (on screen, in other exports): they are never hidden, not even when
   * small, and complementary suppression uses interior cells only. Charts of counts use this: their totals are
   * not drawn, but a reader can find them elsewhere.
   */
  fixedTotals?: boolean;
}

export interface SuppressedTable {
  rowLabels: string[];
  columnLabels: string[];
  threshold: number;
  cells: SuppressedCell[][];
  /** One per row, or null when row totals are not shown. */
  rowTotals: SuppressedCell[] | null;
  /** One per column, or null when column totals are not shown. */
  columnTotals: SuppressedCell[] | null;
  grandTotal: SuppressedCell | null;
}

export const COMPLEMENTARY_MARK = '*';

/** How a hidden rate is written (a rate is not a count, so never "<T"). */
export const HIDDEN_RATE_MARK = '—';

/** The Chinese footnote for an export that may contain suppressed cells. */
export function suppressionNote(threshold: number): string {
  return `小数抑制：不足${threshold}名（0至${threshold - 1}名）的人数以“<${threshold}”表示；为防止由合计反推被隐去的人数，部分不少于${threshold}名的数值一并隐去，以“${COMPLEMENTARY_MARK}”表示（互补抑制）；比例的分母不足${threshold}名或可反推出被隐去人数时，比例以“${HIDDEN_RATE_MARK}”表示。`;
}

/** The text of a cell in an export: the number, "<T" (small) or "*" (complementary). */
export function formatCell(cell: SuppressedCell, threshold: number): string {
  if (cell.shown) return String(cell.value);
  return cell.reason === 'small' ? `<${threshold}` : COMPLEMENTARY_MARK;
}

export function isSmall(n: number, threshold: number): boolean {
  return n > 0 && n < threshold;
}

/** Whether a rate numerator / denominator may be shown (see the header for the rules); `value` is the ratio. */
export function suppressRate(numerator: number, denominator: number, threshold: number, hidden: { numerator?: boolean; denominator?: boolean } = {}): SuppressedCell {
  if (denominator < threshold || denominator <= 0) return { shown: false, reason: 'small' };
  if (isSmall(numerator, threshold) || isSmall(denominator - numerator, threshold)) return { shown: false, reason: 'small' };
  if (hidden.numerator || hidden.denominator) return { shown: false, reason: 'complementary' };
  return { shown: true, value: numerator / denominator };
}

/** A list with a total: `cells[i]` for each count, `total` when shown (default: shown, and protected). */
export function suppressList(counts: readonly number[], threshold: number, opts: { showTotal?: boolean } = {}): { cells: SuppressedCell[]; total: SuppressedCell | null } {
  const showTotal = opts.showTotal ?? true;
  const t = suppressTable({ rowLabels: counts.map(String), columnLabels: [''], counts: counts.map((n) => [n]) }, threshold, { showRowTotals: false, showColumnTotals: showTotal, showGrandTotal: false });
  return { cells: t.cells.map((r) => r[0] as SuppressedCell), total: t.columnTotals?.[0] ?? null };
}

/**
 * Suppresses one count column of a list whose rows may repeat the same unit (e.g. two water points in one village
 * both showing the village's children): the list is the distinct units (by `key`), and each row gets its unit's cell.
 */
export function suppressKeyedColumn<T>(rows: readonly T[], key: (row: T) => string, count: (row: T) => number, threshold: number): { cells: SuppressedCell[]; total: SuppressedCell } {
  const keys: string[] = [];
  const values = new Map<string, number>();
  for (const row of rows) {
    const k = key(row);
    if (!values.has(k)) keys.push(k);
    values.set(k, count(row));
  }
  const s = suppressList(keys.map((k) => values.get(k) ?? 0), threshold);
  const byKey = new Map(keys.map((k, i) => [k, s.cells[i] as SuppressedCell]));
  return { cells: rows.map((r) => byKey.get(key(r)) as SuppressedCell), total: s.total as SuppressedCell };
}

// ---------------------------------------------------------------------------------------------------------------
// The table algorithm. Slots are the extended (R+1)×(C+1) grid: interior [0,R)×[0,C), row totals in column C,
// column totals in row R, the grand total at (R,C). A slot is 'shown', 'small', 'comp' or 'absent' (a total that
// is not part of the export: unknown to the reader, but nothing to protect).

type Status = 'shown' | 'small' | 'comp' | 'absent';

interface Line {
  members: [number, number][];
  margin: [number, number];
}

export function suppressTable(table: CountTable, threshold: number, opts: SuppressOptions = {}): SuppressedTable {
  const R = table.counts.length;
  const C = table.columnLabels.length;
  if (table.rowLabels.length !== R) throw new Error('suppressTable: rowLabels and counts differ in length');
  for (const row of table.counts) {
    if (row.length !== C) throw new Error('suppressTable: a row of counts differs in length from columnLabels');
    for (const n of row) if (!Number.isInteger(n) || n < 0) throw new Error(`suppressTable: ${n} is not a count`);
  }
  const showRow = opts.showRowTotals ?? true;
  const showCol = opts.showColumnTotals ?? true;
  const showGrand = opts.showGrandTotal ?? (showRow || showCol);

  // Values of every slot.
  const val: number[][] = [];
  for (let i = 0; i <= R; i++) val.push(new Array<number>(C + 1).fill(0));
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const x = table.counts[i]?.[j] ?? 0;
      const row = val[i] as number[];
      const totals = val[R] as number[];
      row[j] = x;
      row[C] = (row[C] as number) + x;
      totals[j] = (totals[j] as number) + x;
      totals[C] = (totals[C] as number) + x;
    }
  }
  const v = (i: number, j: number) => (val[i] as number[])[j] as number;

  const status: Status[][] = [];
  for (let i = 0; i <= R; i++) {
    const row: Status[] = [];
    for (let j = 0; j <= C; j++) {
      const isRowTotal = j === C && i < R;
      const isColTotal = i === R && j < C;
      const isGrand = i === R && j === C;
      const present = (!isRowTotal && !isColTotal && !isGrand) || (isRowTotal && showRow) || (isColTotal && showCol) || (isGrand && showGrand);
      const fixed = opts.fixedTotals === true && (isRowTotal || isColTotal || isGrand);
      row.push(!present ? 'absent' : !fixed && isSmall(v(i, j), threshold) ? 'small' : 'shown');
    }
    status.push(row);
  }
  const st = (i: number, j: number) => (status[i] as Status[])[j] as Status;
  const hide = (i: number, j: number) => {
    (status[i] as Status[])[j] = v(i, j) === 0 ? 'small' : 'comp';
  };

  const lines: Line[] = [];
  for (let i = 0; i < R; i++) lines.push({ members: range(C).map((j) => [i, j]), margin: [i, C] });
  for (let j = 0; j < C; j++) lines.push({ members: range(R).map((i) => [i, j]), margin: [R, j] });
  lines.push({ members: range(C).map((j) => [R, j]), margin: [R, C] });
  lines.push({ members: range(R).map((i) => [i, C]), margin: [R, C] });
  const linesOf = (i: number, j: number) => lines.filter((l) => [...l.members, l.margin].some(([a, b]) => a === i && b === j));

  /** The slot to hide next in a line: a shown zero member, else the smallest non-zero one, else the shown margin. */
  const locked = new Set<string>();
  if (opts.fixedTotals) {
    for (let i = 0; i <= R; i++) locked.add(`${i},${C}`);
    for (let j = 0; j < C; j++) locked.add(`${R},${j}`);
  }
  const pick = (line: Line): [number, number] | null => {
    const shownMembers = line.members.filter(([a, b]) => st(a, b) === 'shown' && !locked.has(`${a},${b}`));
    const zero = shownMembers.find(([a, b]) => v(a, b) === 0);
    if (zero) return zero;
    const nonZero = shownMembers.filter(([a, b]) => v(a, b) > 0).sort((p, q) => v(p[0], p[1]) - v(q[0], q[1]) || hiddenNeighbours(q) - hiddenNeighbours(p));
    if (nonZero[0]) return nonZero[0];
    if (st(line.margin[0], line.margin[1]) === 'shown' && !locked.has(`${line.margin[0]},${line.margin[1]}`)) return line.margin;
    return null;
  };
  // Prefer a cell whose other line already has a hidden member: one hidden cell then protects two lines.
  const hiddenNeighbours = ([i, j]: [number, number]) =>
    linesOf(i, j).reduce((n, l) => n + [...l.members, l.margin].filter(([a, b]) => st(a, b) === 'small' || st(a, b) === 'comp').length, 0);

  const classic = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const line of lines) {
        const slots = [...line.members, line.margin];
        const unknown = slots.filter(([a, b]) => st(a, b) !== 'shown');
        if (unknown.length !== 1) continue;
        const [only] = unknown as [[number, number]];
        if (st(only[0], only[1]) === 'absent') continue;
        const next = pick(line);
        if (next) {
          hide(next[0], next[1]);
          changed = true;
        }
      }
    }
  };

  classic();
  if (threshold >= 2) {
    for (let round = 0; round < 4 * (R + 1) * (C + 1); round++) {
      const exposed = findExposed(val, status, R, C, threshold);
      if (!exposed) break;
      if (!opts.fixedTotals && !isSmall(v(exposed[0], exposed[1]), threshold)) {
        // A cell hidden only to protect others (a zero or a count ≥ T) whose value can be derived anyway: showing it
        // adds nothing a reader does not already know. It is never hidden again.
        (status[exposed[0]] as Status[])[exposed[1]] = 'shown';
        locked.add(`${exposed[0]},${exposed[1]}`);
        classic();
        continue;
      }
      let next: [number, number] | null = null;
      for (const line of linesOf(exposed[0], exposed[1])) next ??= pick(line);
      if (!next) {
        // Everything around the exposed cell is hidden already: widen to the smallest shown slot anywhere.
        const all: [number, number][] = [];
        for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (st(i, j) === 'shown' && !locked.has(`${i},${j}`)) all.push([i, j]);
        all.sort((p, q) => (v(p[0], p[1]) === 0 ? 1 : 0) - (v(q[0], q[1]) === 0 ? 1 : 0) || v(p[0], p[1]) - v(q[0], q[1]));
        next = all[0] ?? null;
      }
      if (!next) break;
      hide(next[0], next[1]);
      classic();
    }
    // Last resort (not reached in the tests): if a small count is still exposed, hide every slot.
    const left = findExposed(val, status, R, C, threshold);
    if (left && isSmall(v(left[0], left[1]), threshold)) {
      for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (st(i, j) === 'shown') hide(i, j);
    }
  }

  const cellOf = (i: number, j: number): SuppressedCell => {
    const s = st(i, j);
    return s === 'small' ? { shown: false, reason: 'small' } : s === 'comp' ? { shown: false, reason: 'complementary' } : { shown: true, value: v(i, j) };
  };
  return {
    rowLabels: [...table.rowLabels],
    columnLabels: [...table.columnLabels],
    threshold,
    cells: range(R).map((i) => range(C).map((j) => cellOf(i, j))),
    rowTotals: showRow ? range(R).map((i) => cellOf(i, C)) : null,
    columnTotals: showCol ? range(C).map((j) => cellOf(R, j)) : null,
    grandTotal: showGrand ? cellOf(R, C) : null,
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * The first hidden slot for which no alternative assignment was found (see the header, step 3), or null.
 * An alternative is the true table plus a small move δ on hidden interior cells — one cell; two cells of a row or
 * of a column (+d, −d); or a rectangle (+d, −d, −d, +d) — after which every interior cell and every total (which
 * follow from the interior) must still match what is shown or lie in its mark's range. A found move is a real
 * witness; not finding one only makes the caller hide more.
 */
function findExposed(val: number[][], status: Status[][], R: number, C: number, T: number): [number, number] | null {
  const v = (i: number, j: number) => (val[i] as number[])[j] as number;
  const st = (i: number, j: number) => (status[i] as Status[])[j] as Status;
  const fits = (s: Status, x: number, truth: number) => (s === 'shown' ? x === truth : s === 'small' ? x >= 0 && x < T : s === 'comp' ? x >= T : x >= 0);
  const hiddenInterior = (i: number, j: number) => st(i, j) !== 'shown';

  /** Whether a move keeps everything consistent; `changes(slot)` says whether the target slot changed. */
  const valid = (move: [number, number, number][], target: [number, number]): boolean => {
    const rowD = new Map<number, number>();
    const colD = new Map<number, number>();
    let grandD = 0;
    let targetChanged = false;
    for (const [i, j, d] of move) {
      if (!fits(st(i, j), v(i, j) + d, v(i, j))) return false;
      rowD.set(i, (rowD.get(i) ?? 0) + d);
      colD.set(j, (colD.get(j) ?? 0) + d);
      grandD += d;
      if (i === target[0] && j === target[1] && d !== 0) targetChanged = true;
    }
    for (const [i, d] of rowD) {
      if (!fits(st(i, C), v(i, C) + d, v(i, C))) return false;
      if (target[0] === i && target[1] === C && d !== 0) targetChanged = true;
    }
    for (const [j, d] of colD) {
      if (!fits(st(R, j), v(R, j) + d, v(R, j))) return false;
      if (target[0] === R && target[1] === j && d !== 0) targetChanged = true;
    }
    if (!fits(st(R, C), v(R, C) + grandD, v(R, C))) return false;
    if (target[0] === R && target[1] === C && grandD !== 0) targetChanged = true;
    return targetChanged;
  };

  const steps: number[] = [];
  for (let d = 1; d <= T + 1; d++) steps.push(d, -d);

  /** Moves through interior cell (i, j): alone, with a partner in its row or column, or around a rectangle. */
  const witnessThrough = (i: number, j: number, target: [number, number]): boolean => {
    for (const d of steps) {
      if (!fits(st(i, j), v(i, j) + d, v(i, j))) continue;
      if (valid([[i, j, d]], target)) return true;
      for (let l = 0; l < C; l++) if (l !== j && hiddenInterior(i, l) && valid([[i, j, d], [i, l, -d]], target)) return true;
      for (let k = 0; k < R; k++) if (k !== i && hiddenInterior(k, j) && valid([[i, j, d], [k, j, -d]], target)) return true;
      for (let k = 0; k < R; k++) {
        if (k === i || !hiddenInterior(k, j)) continue;
        for (let l = 0; l < C; l++) {
          if (l !== j && hiddenInterior(i, l) && hiddenInterior(k, l) && valid([[i, j, d], [i, l, -d], [k, j, -d], [k, l, d]], target)) return true;
        }
      }
    }
    return false;
  };

  for (let i = 0; i <= R; i++) {
    for (let j = 0; j <= C; j++) {
      const s = st(i, j);
      if (s !== 'small' && s !== 'comp') continue;
      let ok = false;
      if (i < R && j < C) ok = witnessThrough(i, j, [i, j]);
      else {
        // A total changes only through a hidden interior cell in its line (any cell for the grand total).
        for (let a = 0; a < R && !ok; a++) {
          for (let b = 0; b < C && !ok; b++) {
            if (!hiddenInterior(a, b) || (i < R && a !== i) || (j < C && b !== j)) continue;
            ok = witnessThrough(a, b, [i, j]);
          }
        }
      }
      if (!ok) return [i, j];
    }
  }
  return null;
}
