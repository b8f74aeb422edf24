/**
 * Small-cell suppression of a change between two periods (两期对比), on the model of ./suppression.ts.
 *
 * The rule
 * 1. Each side is suppressed on its own, as in any export: a rate of children by `suppressRate` (hidden when its
 *    denominator is below T, or its numerator or complement is 1..T−1); a count of children as a count (1..T−1
 *    hidden). Rates of villages or water points are not counts of children and are never hidden.
 * 2. The change is shown exactly when both sides are. Shown beside one shown side, a change would give back the
 *    other (B − Δ = A), so it is hidden whenever either side is — also when the export leaves the sides out, since
 *    the screen or another export may show one of them.
 * 3. A change between two shown sides is shown even when it is small (12 → 9 children: −3). It is the difference
 *    of two published figures, so it tells a reader nothing the sides do not; and it is a net figure (joiners
 *    less leavers, or children graded up less children graded down), not the count of any group of children.
 *    Under the disclosure model of ./suppression.ts only an exact small count is a disclosure, and no count is
 *    pinned by it: a drop of 3 is consistent with 3 children leaving and with 10 leaving and 7 joining.
 */
import { isSmall, suppressRate, type SuppressedCell } from './suppression';

export interface ChangeCells {
  a: SuppressedCell;
  b: SuppressedCell;
  change: SuppressedCell;
}

/** The two sides of a rate: numerator and denominator in A and B (null: the area has no figure in that period). */
export interface RateSides {
  numerator_a: number | null;
  denominator_a: number | null;
  numerator_b: number | null;
  denominator_b: number | null;
}

const hiddenSide = (reason: 'small' | 'complementary'): SuppressedCell => ({ shown: false, reason });

function rateSide(numerator: number | null, denominator: number | null, threshold: number, ofChildren: boolean): SuppressedCell | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return ofChildren ? suppressRate(numerator, denominator, threshold) : { shown: true, value: numerator / denominator };
}

function changeOf(a: SuppressedCell | null, b: SuppressedCell | null): SuppressedCell | null {
  if (a === null || b === null) return null;
  if (a.shown && b.shown) return { shown: true, value: b.value - a.value };
  // Hidden to protect a side: not itself a count, so never written "<T" (exports write it as a hidden rate).
  return hiddenSide('complementary');
}

/**
 * A rate in A and B and its change (B − A, a share: ×100 gives percentage points), by the rule above. `null` for
 * a side (and the change) that has no value: its denominator is 0 or the area has no row.
 */
export function suppressRateChange(row: RateSides, threshold: number, ofChildren: boolean): { a: SuppressedCell | null; b: SuppressedCell | null; change: SuppressedCell | null } {
  const a = rateSide(row.numerator_a, row.denominator_a, threshold, ofChildren);
  const b = rateSide(row.numerator_b, row.denominator_b, threshold, ofChildren);
  return { a, b, change: changeOf(a, b) };
}

/** A count of children in A and B and its change (B − A), by the rule above. */
export function suppressCountChange(a: number, b: number, threshold: number): ChangeCells {
  const side = (n: number): SuppressedCell => (isSmall(n, threshold) ? hiddenSide('small') : { shown: true, value: n });
  const ca = side(a);
  const cb = side(b);
  return { a: ca, b: cb, change: changeOf(ca, cb) as SuppressedCell };
}
