/** Calendar helpers for months (`YYYY-MM`) and dates (`YYYY-MM-DD`), in UTC, with no time zones involved. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

function parts(month: string): [number, number] {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  return [Number(m[1]), Number(m[2])];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Adds `n` months (negative to go back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = parts(month);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthEnd(month: string): string {
  const [y, m] = parts(month);
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** The date a month is evaluated at: its last day, or the extract's as-of date when that comes first. */
export function evaluationDate(month: string, asOf: string): string {
  const end = monthEnd(month);
  return end < asOf ? end : asOf;
}

/** The last month of the quarter before the one containing `month` (2026-10 → 2026-09, 2026-09 → 2026-06). */
export function previousQuarterEnd(month: string): string {
  const [, m] = parts(month);
  return addMonths(month, -(((m - 1) % 3) + 1));
}

/** First day of the quarter containing `month`. */
export function quarterStart(month: string): string {
  const [y, m] = parts(month);
  return `${y}-${pad(m - ((m - 1) % 3))}-01`;
}

/** `count` months ending with `last`, oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** How many months the app offers, ending with the extract's as-of month. */
export const WINDOW_MONTHS = 12;

/** The months the app offers for an extract as of `asOf` (ISO date), oldest first. */
export function windowMonths(asOf: string): string[] {
  return monthsEnding(monthOf(asOf), WINDOW_MONTHS);
}

export { formatMonthZh, formatQuarterZh } from '../i18n/zh';
