import type { Manifest } from '../extract/schema';
import type { VisitProfile } from '../policy/profile';
import { aggregateParts } from './aggregates';
import { rollUpAggregateSql } from './aggregate-rollup';
import { literal } from './sql';

/**
 * A visit profile the extract's aggregates do not hold (a county's own, `visit-profiles.json`), computed above the
 * county in the browser from the raw rows of the counties in view (issue #11 item 4).
 *
 * Each county's rows are agg_visits rows made exactly as the extract tool makes them: {@link aggregateParts} for
 * `agg_visits` at the county level (so `visitComplianceSql`, the visit theme's own builder), kept for the counties
 * computed. A city's or province's row is the sum of its counties' rows: every column of agg_visits but `rate` counts
 * children or visits, each child and visit lies in exactly one county, so the builder run at the city level over all
 * counties gives the same sums; `rate` is compliant ÷ due as the builder divides it. tests/unit/custom-above.test.ts
 * checks this path against agg_visits itself for a built-in profile.
 */

/**
 * Raw rows a second (all tables of a county, as `counties[].rows` counts them) read, loaded, checked and run through
 * the builder for every aggregated month. Measured with duckdb-wasm under Node (the browser's engine) on the 南通市
 * city demo: 8 counties, 434,322 rows, 14 months in 39 s (11,100 rows a second) on a shared 2-core machine under
 * load; rounded down. A rough guide for the estimate shown before starting, not a promise.
 */
export const CUSTOM_ROWS_PER_SECOND = 10_000;

export interface CustomEstimate {
  counties: number;
  /** Raw rows of those counties by the manifest; null when a county's rows are not listed. */
  rows: number | null;
  /** Seconds at {@link CUSTOM_ROWS_PER_SECOND}, rounded up; null without rows. */
  seconds: number | null;
}

/** The counties of `manifest` in the area `code` (a province's 2 digits, a city's 4), in code order. */
export function countiesIn(manifest: Manifest, code: string): string[] {
  return manifest.counties
    .map((c) => c.code)
    .filter((c) => c.startsWith(code))
    .sort();
}

/** What computing a custom profile for `counties` will take: their raw rows by the manifest, and a rough time. */
export function customEstimate(manifest: Manifest, counties: readonly string[]): CustomEstimate {
  let rows: number | null = 0;
  for (const code of counties) {
    const listed = manifest.counties.find((c) => c.code === code)?.rows;
    if (!listed || rows === null) {
      rows = null;
      continue;
    }
    rows += Object.entries(listed).reduce((sum, [table, n]) => sum + (table === 'regions' ? 0 : (n ?? 0)), 0);
  }
  return { counties: counties.length, rows, seconds: rows === null ? null : Math.max(1, Math.ceil(rows / CUSTOM_ROWS_PER_SECOND)) };
}

export interface CountyVisitRowsParams {
  /** The counties whose rows are kept (their raw rows must be in the tables). */
  counties: readonly string[];
  profile: VisitProfile;
  asOf: string;
  /** The months computed (those the extract's aggregates hold). */
  months: readonly string[];
}

/**
 * SQL statements, one per month: the agg_visits rows of `counties` under `profile`, from the raw rows in the tables.
 * The builder runs over every county whose rows are present; only those of `counties` are kept.
 */
export function countyVisitRowsSql({ counties, profile, asOf, months }: CountyVisitRowsParams): string[] {
  const parts = aggregateParts('agg_visits', { asOf, profiles: [profile], levels: ['county'], months });
  if (parts.length === 0) throw new Error('no month to compute');
  if (counties.length === 0) throw new Error('no county to compute');
  return parts.map((part) => `SELECT * FROM (${part}) WHERE region_code IN (${counties.map((c) => literal(c)).join(', ')})`);
}

/**
 * SQL: the agg_visits rows of the areas at `level` (city or province) summed from the county rows in `source`
 * (a table with agg_visits' columns), for the areas all of whose counties in `regions` have a row there that month:
 * an area with a county missing (its file could not be loaded, or not computed) gets no row, rather than a part sum.
 * The roll-up combine uses for every aggregate table (src/measures/aggregate-rollup.ts).
 */
export function rollUpVisitsSql(source: string, level: 'city' | 'province'): string {
  return rollUpAggregateSql('agg_visits', source, level);
}
