/**
 * Small-cell suppression for the briefing (简报), kept minimal and in one place until the shared module
 * (src/export/suppression.ts) lands; the briefing calls nothing else for suppression.
 *
 * - A count of children from 1 to threshold − 1 is a small cell: never printed exactly ("不足5名", "<5").
 * - Complementary cells: in a grid whose row and column totals are printed elsewhere, a row or column with
 *   exactly one suppressed cell would give it away by subtraction, so the smallest other non-zero cell of that
 *   row or column is suppressed too (shown "*"), repeated until no row or column has exactly one.
 * - A rate is withheld when its denominator is below the threshold, and when it is printed beside its
 *   denominator, that denominator is under 1,000 (where a rate to 0.1% pins the count down exactly), and its
 *   numerator or complement is a small cell.
 */

/** True for a count that must not be shown exactly. */
export function isSmall(n: number, threshold: number): boolean {
  return n > 0 && n < threshold;
}

/** Below this denominator a rate printed to 0.1% with its denominator gives back the exact numerator. */
const EXACT_BELOW = 1000;

/**
 * True when `numerator / denominator` must not be shown: too few in the denominator, or (when the denominator
 * is printed next to it) a small numerator or complement that the rate would reveal.
 */
export function rateWithheld(numerator: number, denominator: number, threshold: number, denominatorShown: boolean): boolean {
  if (denominator < threshold) return true;
  if (!denominatorShown || denominator >= EXACT_BELOW) return false;
  return isSmall(numerator, threshold) || isSmall(denominator - numerator, threshold);
}

/** How a cell of a suppressed grid is shown. */
export type CellState = 'shown' | 'small' | 'complementary';

/**
 * Suppression states for a grid of counts (rows × columns) whose row and column totals are published:
 * primary small cells, then complementary ones until no row or column holds exactly one suppressed cell
 * while another non-zero cell could still be suppressed.
 */
export function suppressGrid(cells: readonly (readonly number[])[], threshold: number): CellState[][] {
  const state: CellState[][] = cells.map((row) => row.map((v) => (isSmall(v, threshold) ? 'small' : 'shown')));
  const lines: [number, number][][] = [
    ...cells.map((row, r) => row.map((_, c): [number, number] => [r, c])),
    ...(cells[0] ?? []).map((_, c) => cells.map((_, r): [number, number] => [r, c])),
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([r, c]) => state[r]![c] !== 'shown');
      if (hidden.length !== 1) continue;
      const candidates = line.filter(([r, c]) => state[r]![c] === 'shown' && cells[r]![c]! > 0);
      if (candidates.length === 0) continue;
      const [r, c] = candidates.reduce((a, b) => (cells[b[0]]![b[1]]! < cells[a[0]]![a[1]]! ? b : a));
      state[r]![c] = 'complementary';
      changed = true;
    }
  }
  return state;
}

/** A table cell: the count, "<5" when small, "*" when suppressed to protect another. */
export function formatCell(n: number, state: CellState, threshold: number, format: (n: number) => string): string {
  if (state === 'small') return `<${threshold}`;
  if (state === 'complementary') return '*';
  return format(n);
}
