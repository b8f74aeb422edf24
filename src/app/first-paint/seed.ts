/**
 * The first view's query results, made from the regions table and the aggregate table without an SQL engine, in
 * the shape the theme hooks read from DuckDB, and put in the query cache under the very keys those hooks ask for
 * (src/app/queries.ts): the map, its tiles and its legend draw from them unchanged, and DuckDB never computes them
 * again. Nothing is computed here: each result holds the rows the extract tool wrote with the measure's own SQL
 * builder (src/measures/aggregates.ts), selected and ordered as that builder returns them.
 */
import type { QueryClient } from '@tanstack/react-query';
import { Binary, Bool, Float64, Int32, makeData, makeVector, Table, Utf8, type Vector } from 'apache-arrow';
import type { Connector } from '../../db/connector';
import type { LoadedExtract } from '../../db/load-extract';
import { evaluationDate } from '../../measures/months';
import { riskMixSql, type RiskMixParams } from '../../measures/risk-mix';
import { measureQuery, regionsQuery } from '../queries';
import type { RegionRow, RiskAggRow } from './validate';

/*
 * Columns are assembled from their buffers: apache-arrow's builders (vectorFromArray) compile code with `new
 * Function`, which the page's Content-Security-Policy forbids.
 */

/** Arrow's validity bitmap (bit set: a value) and the number of NULLs. */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount += 1;
    else nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
  });
  return { nullBitmap, nullCount };
}

/** Offsets and bytes of a variable-width column (Utf8, Binary). */
function variableWidth(values: readonly (Uint8Array | null)[]) {
  const valueOffsets = new Int32Array(values.length + 1);
  values.forEach((v, i) => (valueOffsets[i + 1] = (valueOffsets[i] as number) + (v?.byteLength ?? 0)));
  const data = new Uint8Array(valueOffsets[values.length] as number);
  values.forEach((v, i) => v && data.set(v, valueOffsets[i]));
  return { length: values.length, ...validity(values), valueOffsets, data };
}

const encoder = new TextEncoder();
export const utf8 = (values: readonly (string | null)[]): Vector<Utf8> =>
  makeVector(makeData({ type: new Utf8(), ...variableWidth(values.map((v) => (v === null ? null : encoder.encode(v)))) }));
export const binary = (values: readonly (Uint8Array | null)[]): Vector<Binary> => makeVector(makeData({ type: new Binary(), ...variableWidth(values) }));
/** An INTEGER column; NULL where a value is null. */
export const int32 = (values: readonly (number | null)[]): Vector<Int32> =>
  makeVector(makeData({ type: new Int32(), length: values.length, ...validity(values), data: Int32Array.from(values, (v) => v ?? 0) }));
export const float64 = (values: readonly (number | null)[]) =>
  makeVector(makeData({ type: new Float64(), length: values.length, ...validity(values), data: Float64Array.from(values, (v) => v ?? 0) }));
export function bool(values: readonly (boolean | null)[]): Vector<Bool> {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => v && (data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7))));
  return makeVector(makeData({ type: new Bool(), length: values.length, ...validity(values), data }));
}

/** The regions as regionsSql returns them (same columns, types and order). */
export function regionsTable(rows: readonly RegionRow[]): Table {
  return new Table({
    code: utf8(rows.map((r) => r.code)),
    name: utf8(rows.map((r) => r.name)),
    level: utf8(rows.map((r) => r.level)),
    unit_type: utf8(rows.map((r) => r.unit_type)),
    parent_code: utf8(rows.map((r) => r.parent_code)),
    label_lng: float64(rows.map((r) => r.label_lng)),
    label_lat: float64(rows.map((r) => r.label_lat)),
    geometry: binary(rows.map((r) => r.geometry)),
    boundary_schematic: bool(rows.map((r) => r.boundary_schematic)),
  });
}

/** Rows of agg_risk as riskMixSql returns them: code, name, the counts (INTEGER), the shares (DOUBLE), by code. */
export function riskMixTable(rows: readonly RiskAggRow[], names: ReadonlyMap<string, string>): Table {
  const sorted = [...rows].sort((a, b) => (a.region_code < b.region_code ? -1 : a.region_code > b.region_code ? 1 : 0));
  const ints = (key: 'children' | 'red' | 'yellow' | 'blue' | 'green' | 'ungraded') => int32(sorted.map((r) => r[key]));
  return new Table({
    code: utf8(sorted.map((r) => r.region_code)),
    name: utf8(sorted.map((r) => names.get(r.region_code) ?? null)),
    children: ints('children'),
    red: ints('red'),
    yellow: ints('yellow'),
    blue: ints('blue'),
    green: ints('green'),
    ungraded: ints('ungraded'),
    share_red_yellow: float64(sorted.map((r) => r.share_red_yellow)),
    share_graded: float64(sorted.map((r) => r.share_graded)),
  });
}

/**
 * The risk-mix scopes the risk theme asks for at one date, each with the regions it returns: the map's (every
 * township, every village), the county panel's (the county; its townships) and each township's (its villages,
 * which are also each village's scope). The params are written as the theme writes them (src/app/themes/risk.tsx),
 * a `parentCode` of null included where the scope's own parent is asked for.
 */
export function riskScopes(regions: readonly RegionRow[], date: string): { params: RiskMixParams; codes: Set<string> }[] {
  const of = (pred: (r: RegionRow) => boolean) => new Set(regions.filter(pred).map((r) => r.code));
  const county = regions.find((r) => r.level === 'county');
  const out: { params: RiskMixParams; codes: Set<string> }[] = [
    { params: { level: 'township', asOf: date }, codes: of((r) => r.level === 'township') },
    { params: { level: 'village', asOf: date }, codes: of((r) => r.level === 'village') },
  ];
  if (county) {
    out.push({ params: { level: 'county', parentCode: county.parent_code, asOf: date }, codes: of((r) => r.code === county.code) });
    out.push({ params: { level: 'township', parentCode: county.code, asOf: date }, codes: of((r) => r.level === 'township' && r.parent_code === county.code) });
  }
  for (const t of regions.filter((r) => r.level === 'township')) {
    out.push({ params: { level: 'village', parentCode: t.code, asOf: date }, codes: of((r) => r.level === 'village' && r.parent_code === t.code) });
  }
  return out;
}

/**
 * Puts the regions and, for each of `months`, every risk-mix scope of the risk theme in `client`'s cache, keyed as
 * the app's hooks key them for `conn` and `extract`. Returns how many results were seeded.
 */
export function seedFirstView(
  client: QueryClient,
  conn: Connector,
  extract: LoadedExtract,
  regions: readonly RegionRow[],
  risk: readonly RiskAggRow[],
  months: readonly string[],
): number {
  client.setQueryData(regionsQuery(conn, extract).queryKey, regionsTable(regions));
  const names = new Map(regions.map((r) => [r.code, r.name]));
  let seeded = 1;
  for (const month of months) {
    const date = evaluationDate(month, extract.manifest.as_of);
    const ofMonth = risk.filter((r) => r.month === month);
    for (const { params, codes } of riskScopes(regions, date)) {
      const rows = ofMonth.filter((r) => codes.has(r.region_code));
      client.setQueryData(measureQuery(conn, extract, 'risk-mix', riskMixSql, params).queryKey, riskMixTable(rows, names));
      seeded += 1;
    }
  }
  return seeded;
}
