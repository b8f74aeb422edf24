/**
 * The first view of a city's or province's extract (several counties) at its top, before DuckDB is ready: the
 * regions of its top-level `regions` file and the rows above the county of the theme's aggregate table, checked in
 * JavaScript (./validate.ts), put in the query cache under the keys the views above the county ask for
 * (src/app/themes/levels.ts, above.tsx), in the shapes src/measures/aggregate-read.ts gives: the map of the area's
 * cities or counties, its tiles, the table of them and the trend of the theme's headline. Nothing is computed
 * here: every figure is a row the extract tool wrote with the measure's own builder, selected as the SQL selects it.
 * The ranking (赛马比拼) is left to DuckDB.
 */
import type { QueryClient } from '@tanstack/react-query';
import { Table, type Vector } from 'apache-arrow';
import type { Connector } from '../../db/connector';
import type { LoadedExtract } from '../../db/load-extract';
import { AGGREGATE_TABLES, type AggregateTableName, type RegionLevel } from '../../extract/schema';
import { aggregateAreasSql, aggregateMeasureColumns, aggregateTrendSql } from '../../measures/aggregate-read';
import { measureQuery, regionsQuery } from '../queries';
import { HEADLINES } from '../themes/headline';
import { THEME_AGGREGATES } from '../themes/levels';
import type { ThemeId } from '../url-state';
import { float64, int32, regionsTable, utf8 } from './seed';
import type { RegionRow } from './validate';

/** The levels whose aggregate rows the views above the county read. */
export const ABOVE_LEVELS: ReadonlySet<RegionLevel> = new Set(['province', 'city', 'county']);

/** A checked aggregate row above the county: its keys and the measure's figures, by column name. */
export type AboveRow = Record<string, unknown> & { level: RegionLevel; region_code: string; month: string; profile_id?: string };

const CHILD_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = { province: 'city', city: 'county' };

function typeOf(table: AggregateTableName, column: string) {
  const type = AGGREGATE_TABLES.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.type;
  if (type !== 'INTEGER' && type !== 'DOUBLE') throw new Error(`${table}.${column}: ${String(type)} is not a figure`);
  return type;
}

/**
 * What {@link aggregateAreasSql} gives: `areas` (code, name, ordered by code), then the table's measure columns for
 * each from `byCode` (NULL for an area without a row), typed as DuckDB types them.
 */
export function aggregateAreasTable(table: AggregateTableName, areas: readonly RegionRow[], byCode: ReadonlyMap<string, AboveRow>): Table {
  const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const columns: Record<string, Vector> = { code: utf8(sorted.map((r) => r.code)), name: utf8(sorted.map((r) => r.name)) };
  for (const c of aggregateMeasureColumns(table)) {
    const values = sorted.map((r) => (byCode.get(r.code)?.[c] ?? null) as number | null);
    columns[c] = typeOf(table, c) === 'INTEGER' ? int32(values) : float64(values);
  }
  return new Table(columns);
}

/** What {@link aggregateTrendSql} gives: the months that have a row, oldest first; `column` as DOUBLE, `denominator` as INTEGER. */
export function aggregateTrendTable(rows: readonly AboveRow[], column: string, denominator: string | undefined): Table {
  const sorted = [...rows].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return new Table({
    month: utf8(sorted.map((r) => r.month)),
    value: float64(sorted.map((r) => number(r[column]))),
    denominator: int32(sorted.map((r) => (denominator ? number(r[denominator]) : null))),
  });
}

/** The areas above the county of `regions` whose views are seeded: the province and city rows. */
function aboveAreas(regions: readonly RegionRow[]): RegionRow[] {
  return regions.filter((r) => r.level === 'province' || r.level === 'city');
}

/**
 * Puts in `client`'s cache, keyed as the views above the county key them for `conn` and `extract`: the regions; for
 * every province and city of the extract, each month of `months` and (visits) each visit profile the rows hold, the
 * area's own row and its children's (the map and the table), and the 12-month trend of the theme's headline; and the
 * empty result that stands in for the points above the county. `rows` are `theme`'s aggregate rows above the county
 * for every month the aggregates hold (the trend reaches back before `months`). Returns how many keys were seeded.
 */
export function seedAboveView(
  client: QueryClient,
  conn: Connector,
  extract: LoadedExtract,
  regions: readonly RegionRow[],
  theme: ThemeId,
  rows: readonly AboveRow[],
  months: readonly string[],
): number {
  // A key may come twice (a province's cities are each city's own scope): counted once.
  const keys = new Set<string>();
  const put = (queryKey: readonly unknown[], data: Table) => {
    client.setQueryData(queryKey, data);
    keys.add(JSON.stringify(queryKey));
  };
  put(regionsQuery(conn, extract).queryKey, regionsTable(regions));
  put(measureQuery(conn, extract, 'no-rows', () => '', {}).queryKey, new Table({ code: utf8([]) }));
  const table = THEME_AGGREGATES[theme];
  const headline = HEADLINES[theme];
  const listed = extract.manifest.aggregates?.months ?? [];
  const profiles: (string | undefined)[] = theme === 'visits' ? [...new Set(rows.map((r) => r.profile_id as string))] : [undefined];
  const index = new Map<string, Map<string, AboveRow>>();
  for (const r of rows) {
    const key = `${r.profile_id ?? ''} ${r.month}`;
    let byCode = index.get(key);
    if (!byCode) index.set(key, (byCode = new Map()));
    byCode.set(r.region_code, r);
  }
  const scope = (level: RegionLevel, parentCode: string | null) => regions.filter((r) => r.level === level && (parentCode === null || r.parent_code === parentCode));
  for (const profileId of profiles) {
    for (const month of months) {
      const byCode = index.get(`${profileId ?? ''} ${month}`) ?? new Map<string, AboveRow>();
      for (const area of aboveAreas(regions)) {
        const child = CHILD_LEVEL[area.level] as RegionLevel;
        // The area's own row (its tiles), then its children (the map, and the panel's table).
        for (const [level, parentCode] of [
          [area.level, area.parent_code],
          [child, area.code],
        ] as const) {
          const params = { table, level, parentCode, month, profileId };
          put(measureQuery(conn, extract, 'aggregate-areas', aggregateAreasSql, params).queryKey, aggregateAreasTable(table, scope(level, parentCode), byCode));
        }
        const trendMonths = listed.filter((m) => m <= month).slice(-12);
        if (trendMonths.length === 0) continue;
        const ofArea = rows.filter((r) => r.region_code === area.code && r.profile_id === profileId && trendMonths.includes(r.month));
        const params = { table, area: { level: area.level, code: area.code }, months: trendMonths, column: headline.column, denominator: headline.denominator, profileId };
        put(measureQuery(conn, extract, 'aggregate-trend', aggregateTrendSql, params).queryKey, aggregateTrendTable(ofArea, headline.column, headline.denominator));
      }
    }
  }
  return keys.size;
}
