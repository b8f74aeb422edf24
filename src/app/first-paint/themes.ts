/**
 * The first view of the themes other than risk (visits, stations, water, guardianship) at a county: the theme's
 * aggregate table checked in JavaScript and its rows put in the query cache under the keys the theme's map and
 * panel ask for (src/app/themes/*.tsx), as ./seed.ts does for risk. Each aggregate table holds the rows of the
 * theme's measure builder with the keys in front (src/measures/aggregates.ts): the builder's result is `code`,
 * `name`, then the table's other columns in the spec's order (src/extract/schema.ts), which is what is rebuilt here.
 */
import type { QueryClient } from '@tanstack/react-query';
import { Table, type Vector } from 'apache-arrow';
import type { Connector } from '../../db/connector';
import type { LoadedExtract } from '../../db/load-extract';
import { AGGREGATE_TABLES, type AggregateTableName, type ColumnSpec, type Manifest, type RegionLevel } from '../../extract/schema';
import { guardianshipSql } from '../../measures/guardianship';
import { evaluationDate } from '../../measures/months';
import { stationCoverageSql } from '../../measures/station-coverage';
import { visitComplianceSql } from '../../measures/visit-compliance';
import { waterSafetySql } from '../../measures/water-safety';
import type { VisitProfile } from '../../policy/profile';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../policy/settings';
import { measureQuery, regionsQuery } from '../queries';
import type { ThemeId } from '../url-state';
import { float64, int32, regionsTable, utf8 } from './seed';
import { checkAggregateRows, type RegionRow } from './validate';

export type OtherTheme = Exclude<ThemeId, 'risk'>;

/** A checked row of an aggregate table: its keys and the builder's figures, by column name. */
export type AggRow = Record<string, unknown> & { level: RegionLevel; region_code: string; month: string; evaluated_on: string; profile_id?: string };

/** A scope a theme asks for: the map's (a whole level, no parent named) or a panel's (the children of a parent). */
interface Scope {
  level: RegionLevel;
  /** Absent for the map's scopes, which name no parent; null where the parent asked for is none. */
  parentCode?: string | null;
  codes: Set<string>;
}

/** Per theme: its table, its query's name and builder, the key columns the builder does not return, its params. */
interface ThemeSeed {
  table: AggregateTableName;
  query: string;
  build: (params: never) => string;
  /** Key columns besides level, region_code, month, evaluated_on. */
  keys: readonly string[];
  /** Each share column with its numerator and denominator columns: NULL exactly when the denominator is 0. */
  ratios: readonly (readonly [string, readonly string[], readonly string[]])[];
  /** The params the theme writes for a scope at `month` (evaluated at `date`); `profile` for visits only. */
  params(scope: Omit<Scope, 'codes'>, month: string, date: string, manifest: Manifest, profile: VisitProfile | null): object;
  /** The value a key column (besides the four) must have for `date` to be the theme's. */
  keyValue?: (key: string, date: string) => unknown;
}

const where = (scope: Omit<Scope, 'codes'>) => (scope.parentCode === undefined ? { level: scope.level } : { level: scope.level, parentCode: scope.parentCode });

export const THEME_SEEDS: Record<OtherTheme, ThemeSeed> = {
  visits: {
    table: 'agg_visits',
    query: 'visit-compliance',
    build: visitComplianceSql as (params: never) => string,
    keys: ['profile_id'],
    ratios: [['rate', ['compliant'], ['due']]],
    params: (scope, month, _date, manifest, profile) => ({ ...where(scope), month, asOf: manifest.as_of, profile }),
  },
  stations: {
    table: 'agg_stations',
    query: 'station-coverage',
    build: stationCoverageSql as (params: never) => string,
    keys: [],
    ratios: [
      ['share_with_station', ['villages_with_station'], ['villages']],
      ['share_with_director', ['villages_with_director'], ['villages']],
    ],
    params: (scope, _month, date) => ({ ...where(scope), asOf: date }),
  },
  water: {
    table: 'agg_water',
    query: 'water-safety',
    build: waterSafetySql as (params: never) => string,
    keys: ['interval_days'],
    ratios: [['share_complete', ['complete'], ['points']]],
    params: (scope, _month, date) => ({ ...where(scope), asOf: date, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, date) }),
    keyValue: (_key, date) => inspectionIntervalDays(DEFAULT_SETTINGS, date),
  },
  guardianship: {
    table: 'agg_guardianship',
    query: 'guardianship',
    build: guardianshipSql as (params: never) => string,
    keys: ['stale_months'],
    ratios: [
      ['agreement_rate', ['agreement_signed'], ['agreement_signed', 'agreement_unsigned']],
      ['pairing_rate', ['pairing_done'], ['pairing_done', 'pairing_missing']],
    ],
    params: (scope, _month, date) => ({ ...where(scope), asOf: date, staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths }),
    keyValue: () => DEFAULT_SETTINGS.recordUpdate.intervalMonths,
  },
};

const FOUR_KEYS = ['level', 'region_code', 'month', 'evaluated_on'];

function specOf(table: AggregateTableName) {
  const spec = AGGREGATE_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`${table} has no spec`);
  return spec;
}

/** The builder's figure columns (after `code` and `name`): the table's columns that are not keys. */
export function figureColumns(theme: OtherTheme): ColumnSpec[] {
  const seed = THEME_SEEDS[theme];
  return specOf(seed.table).columns.filter((c) => !FOUR_KEYS.includes(c.name) && !seed.keys.includes(c.name));
}

/**
 * The theme's aggregate table checked (./validate.ts, checkAggregateRows): keys, completeness, counts, and the
 * theme's shares against their counts; for water and guardianship, the setting key (patrol interval, stale
 * months) equal to the one the theme applies at that month's date. Returns the rows of `months` (and, for visits,
 * of `profileIds`). Throws NotDrawable.
 */
export function checkThemeAggregate(
  theme: OtherTheme,
  table: Table,
  file: string,
  manifest: Manifest,
  regions: readonly RegionRow[],
  months: readonly string[],
  profileIds: readonly string[],
  maxRows: number,
  levels?: ReadonlySet<string>,
): AggRow[] {
  const seed = THEME_SEEDS[theme];
  const spec = specOf(seed.table);
  const settingKeys = seed.keyValue ? seed.keys : [];
  return checkAggregateRows(table, file, spec.columns, manifest, regions, months, maxRows, {
    group: theme === 'visits' ? { column: 'profile_id', values: profileIds } : null,
    ratios: seed.ratios,
    keys: settingKeys.map((k) => ({ column: k, expected: (date: string) => seed.keyValue?.(k, date) })),
    levels,
  }) as AggRow[];
}

/** Rows of the theme's table as its builder returns them: code, name, the figures, ordered by code. */
export function themeTable(theme: OtherTheme, rows: readonly AggRow[], names: ReadonlyMap<string, string>): Table {
  const sorted = [...rows].sort((a, b) => (a.region_code < b.region_code ? -1 : a.region_code > b.region_code ? 1 : 0));
  const columns: Record<string, Vector> = { code: utf8(sorted.map((r) => r.region_code)), name: utf8(sorted.map((r) => names.get(r.region_code) ?? null)) };
  for (const c of figureColumns(theme)) {
    const values = sorted.map((r) => r[c.name] as never);
    columns[c.name] = c.type === 'INTEGER' ? int32(values) : c.type === 'DOUBLE' ? float64(values) : utf8(values);
  }
  return new Table(columns);
}

/** The scopes a theme asks for at a county: the map's two levels, the county's, its townships', each township's villages. */
export function themeScopes(regions: readonly RegionRow[]): Scope[] {
  const of = (pred: (r: RegionRow) => boolean) => new Set(regions.filter(pred).map((r) => r.code));
  const county = regions.find((r) => r.level === 'county');
  const out: Scope[] = [
    { level: 'township', codes: of((r) => r.level === 'township') },
    { level: 'village', codes: of((r) => r.level === 'village') },
  ];
  if (county) {
    out.push({ level: 'county', parentCode: county.parent_code, codes: of((r) => r.code === county.code) });
    out.push({ level: 'township', parentCode: county.code, codes: of((r) => r.level === 'township' && r.parent_code === county.code) });
  }
  for (const t of regions.filter((r) => r.level === 'township')) {
    out.push({ level: 'village', parentCode: t.code, codes: of((r) => r.level === 'village' && r.parent_code === t.code) });
  }
  return out;
}

/** The query params of every scope of `theme` at `month`, each with the regions it returns. */
export function themeParams(theme: OtherTheme, regions: readonly RegionRow[], month: string, manifest: Manifest, profile: VisitProfile | null) {
  const date = evaluationDate(month, manifest.as_of);
  return themeScopes(regions).map(({ codes, ...scope }) => ({ params: THEME_SEEDS[theme].params(scope, month, date, manifest, profile), codes }));
}

/**
 * Puts the regions and, for each of `months` (and, for visits, each of `profiles` the rows hold), every scope of
 * `theme` in `client`'s cache, keyed as the theme's hooks key them. Returns how many results were seeded.
 */
export function seedThemeView(
  client: QueryClient,
  conn: Connector,
  extract: LoadedExtract,
  regions: readonly RegionRow[],
  theme: OtherTheme,
  rows: readonly AggRow[],
  months: readonly string[],
  profiles: readonly VisitProfile[],
): number {
  client.setQueryData(regionsQuery(conn, extract).queryKey, regionsTable(regions));
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const seed = THEME_SEEDS[theme];
  let seeded = 1;
  const held = new Set(rows.map((r) => r.profile_id));
  const groups: (VisitProfile | null)[] = theme === 'visits' ? profiles.filter((p) => held.has(p.id)) : [null];
  for (const profile of groups) {
    for (const month of months) {
      const ofMonth = rows.filter((r) => r.month === month && (profile === null || r.profile_id === profile.id));
      for (const { params, codes } of themeParams(theme, regions, month, extract.manifest, profile)) {
        const table = themeTable(theme, ofMonth.filter((r) => codes.has(r.region_code)), names);
        client.setQueryData(measureQuery(conn, extract, seed.query, seed.build, params as never).queryKey, table);
        seeded += 1;
      }
    }
  }
  return seeded;
}
