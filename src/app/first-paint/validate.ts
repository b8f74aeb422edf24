/**
 * The checks the first view makes, in JavaScript, on what it draws before DuckDB has started: the regions table
 * and the aggregate table of the default view, as decoded from Parquet (Arrow). They follow the loader's rules
 * (src/extract/schema.ts, src/extract/validate-geometry.ts); anything they refuse is simply not drawn early: the
 * loader then checks the whole extract and says in Chinese what is wrong. The reasons returned here are for tests
 * and the console, never shown to the user.
 */
import type { Table } from 'apache-arrow';
import { evaluationDate } from '../../measures/months';
import { AGGREGATE_TABLES, EXTENT, GEOMETRY, LEVEL_CODE_LENGTH, REGION_LEVELS, tableSpec, type ColumnSpec, type Manifest, type RegionLevel } from '../../extract/schema';
import type { RiskMixRow } from '../../measures/risk-mix';
import { grownBox } from '../../extract/validate-geometry';
import { summarizeWkb, WkbError } from '../../extract/wkb';

/** A refusal: which table and column, and why (English, for tests and the console). */
export class NotDrawable extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    why: string,
  ) {
    super(`${table}.${column}: ${why}`);
    this.name = 'NotDrawable';
  }
}

type Box = [number, number, number, number];

/** A row of `regions` as the map reads it (the columns of regionsSql). */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  unit_type: string | null;
  parent_code: string | null;
  label_lng: number;
  label_lat: number;
  geometry: Uint8Array | null;
  boundary_schematic: boolean | null;
}

/** As validate-geometry.ts: more bytes than this per allowed vertex cannot be a valid boundary. */
const MAX_BYTES_PER_VERTEX = 20;
const maxBytes = (vertices: number) => vertices * MAX_BYTES_PER_VERTEX + 9;

const inside = (b: readonly number[], outer: readonly number[]) =>
  (b[0] as number) >= (outer[0] as number) && (b[1] as number) >= (outer[1] as number) && (b[2] as number) <= (outer[2] as number) && (b[3] as number) <= (outer[3] as number);

/** A value of `spec`'s type, as apache-arrow gives it, or a refusal. NULL is allowed in optional columns only. */
function checked(table: string, spec: ColumnSpec, value: unknown): unknown {
  const fail = (why: string): never => {
    throw new NotDrawable(table, spec.name, why);
  };
  if (value === null || value === undefined) {
    if (spec.required) fail('NULL in a required column');
    return null;
  }
  switch (spec.type) {
    case 'VARCHAR': {
      if (typeof value !== 'string') return fail(`not text: ${typeof value}`);
      if (spec.maxLength !== undefined && value.length > spec.maxLength) fail(`longer than ${spec.maxLength} characters`);
      if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) fail(`does not match ${spec.pattern}`);
      if (spec.values && !spec.values.includes(value)) fail(`unknown value ${value.slice(0, 24)}`);
      return value;
    }
    case 'DOUBLE':
      if (typeof value !== 'number') return fail(`not a number: ${typeof value}`);
      if (spec.coordinate && !Number.isFinite(value)) fail('coordinate not finite');
      return value;
    case 'INTEGER': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) return fail('not an integer');
      return n;
    }
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : fail('not a boolean');
    case 'BLOB':
      return value instanceof Uint8Array ? value : fail('not binary');
    case 'DATE':
      // apache-arrow gives DATE as milliseconds since the epoch.
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('not a date');
      return new Date(value).toISOString().slice(0, 10);
    case 'VARCHAR[]':
      return fail('list columns are not read by the first view');
  }
}

/**
 * Every column of `spec` present in `table` (required ones must be), read row by row and checked. With `levels`,
 * only the rows whose `level` is one of them are read (an aggregate table's rows above the county, for a city's or
 * province's first view); the others are left to the loader.
 */
function readRows(table: Table, name: string, columns: readonly ColumnSpec[], maxRows: number, levels?: ReadonlySet<string>): Record<string, unknown>[] {
  if (table.numRows > maxRows) throw new NotDrawable(name, '*', `${table.numRows} rows, over ${maxRows}`);
  const vectors = columns.map((spec) => {
    const vector = table.getChild(spec.name);
    if (!vector && spec.required) throw new NotDrawable(name, spec.name, 'column missing');
    return { spec, vector };
  });
  const level = levels ? table.getChild('level') : null;
  if (levels && !level) throw new NotDrawable(name, 'level', 'column missing');
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    if (levels && !levels.has(level?.get(i) as string)) continue;
    const row: Record<string, unknown> = {};
    for (const { spec, vector } of vectors) row[spec.name] = checked(name, spec, vector ? (vector.get(i) as unknown) : null);
    rows.push(row);
  }
  return rows;
}

/**
 * The regions table checked as the loader checks it — every column's type and values, unique codes, parents that
 * exist, every boundary decoded (Polygon or MultiPolygon, closed rings of at least 4 positions, finite, within the
 * vertex budget), boundaries and label points inside the extent of the counties' surveyed boundaries — and
 * returned as the map reads it, ordered by level then code (as regionsSql). One county (`several` false): no row
 * above the county, and one county row with the manifest's code. Several counties (a city's or province's extract,
 * `several` true): each row's parent one level up and a prefix of its code, one row of the manifest's top area
 * (`area_level`, `area_code`), and a county row for each county the manifest lists, no other. Throws
 * {@link NotDrawable}.
 */
export function checkRegions(table: Table, manifest: Manifest, maxRows: number, several = false): RegionRow[] {
  const spec = tableSpec('regions');
  const rows = readRows(table, spec.file, spec.columns, maxRows) as unknown as RegionRow[];
  const levelOf = new Map<string, RegionLevel>();
  for (const r of rows) {
    if (levelOf.has(r.code)) throw new NotDrawable(spec.file, 'code', `duplicate code ${r.code}`);
    levelOf.set(r.code, r.level);
  }
  for (const r of rows) if (r.parent_code !== null && !levelOf.has(r.parent_code)) throw new NotDrawable(spec.file, 'parent_code', `unknown parent ${r.parent_code}`);
  for (const r of rows) {
    if (r.code.length !== LEVEL_CODE_LENGTH[r.level]) throw new NotDrawable(spec.file, 'level', `${r.level} row with a ${r.code.length}-digit code ${r.code}`);
    // The first view of one county draws one county; an extract with rows above it is drawn as several.
    if (!several && (r.level === 'province' || r.level === 'city')) throw new NotDrawable(spec.file, 'level', `${r.level} row ${r.code} in a one-county extract`);
    if (several && r.parent_code !== null) {
      const up = REGION_LEVELS[REGION_LEVELS.indexOf(r.level) - 1];
      if (levelOf.get(r.parent_code) !== up || !r.code.startsWith(r.parent_code)) throw new NotDrawable(spec.file, 'parent_code', `${r.code}'s parent ${r.parent_code} is not the ${String(up)} it lies in`);
    }
  }
  const counties = rows.filter((r) => r.level === 'county');
  if (!several) {
    if (counties.length !== 1 || counties[0]?.code !== manifest.county_code) throw new NotDrawable(spec.file, 'level', `not one county row with code ${manifest.county_code}`);
  } else {
    if (levelOf.get(manifest.area_code) !== manifest.area_level) throw new NotDrawable(spec.file, 'code', `no ${manifest.area_level} row ${manifest.area_code}`);
    const listed = manifest.counties.map((c) => c.code).sort();
    const rowsOfCounties = counties.map((r) => r.code).sort();
    if (listed.join() !== rowsOfCounties.join()) throw new NotDrawable(spec.file, 'level', `county rows ${rowsOfCounties.join(',')} are not the manifest's counties ${listed.join(',')}`);
  }

  let vertices = 0;
  let bytes = 0;
  const countyBoxes: Box[] = [];
  const boxes: Box[] = [];
  for (const r of rows) {
    if (!r.geometry) continue;
    bytes += r.geometry.byteLength;
    if (r.geometry.byteLength > maxBytes(GEOMETRY.maxVerticesPerGeometry)) throw new NotDrawable(spec.file, 'geometry', `boundary of ${r.code} too large`);
    if (bytes > maxBytes(GEOMETRY.maxVerticesTotal) + 9 * rows.length) throw new NotDrawable(spec.file, 'geometry', 'boundaries too large in all');
    let s;
    try {
      s = summarizeWkb(r.geometry);
    } catch (e) {
      if (e instanceof WkbError) throw new NotDrawable(spec.file, 'geometry', `boundary of ${r.code} unreadable (${e.fault})`);
      throw e;
    }
    if (s.openRings > 0 || s.shortRings > 0 || s.nonFinite > 0 || !s.bbox) throw new NotDrawable(spec.file, 'geometry', `boundary of ${r.code}: open, short, empty or not finite`);
    if (s.vertices > GEOMETRY.maxVerticesPerGeometry) throw new NotDrawable(spec.file, 'geometry', `boundary of ${r.code}: ${s.vertices} vertices`);
    vertices += s.vertices;
    boxes.push(s.bbox);
    if (r.level === 'county' && r.boundary_schematic !== true && inside(s.bbox, EXTENT.china)) countyBoxes.push(s.bbox);
  }
  if (vertices > GEOMETRY.maxVerticesTotal) throw new NotDrawable(spec.file, 'geometry', `${vertices} vertices in all`);
  const china = EXTENT.china;
  let extent: readonly number[] = china;
  // As the loader: the union of the counties' boxes when every county has a surveyed boundary.
  if (countyBoxes.length > 0 && countyBoxes.length >= counties.length) {
    const union: Box = [Math.min(...countyBoxes.map((b) => b[0])), Math.min(...countyBoxes.map((b) => b[1])), Math.max(...countyBoxes.map((b) => b[2])), Math.max(...countyBoxes.map((b) => b[3]))];
    const g = grownBox(union, EXTENT.marginKm);
    extent = [Math.max(g[0], china[0]), Math.max(g[1], china[1]), Math.min(g[2], china[2]), Math.min(g[3], china[3])];
  }
  for (const b of boxes) if (!inside(b, extent)) throw new NotDrawable(spec.file, 'geometry', 'boundary outside the extent');
  for (const r of rows) if (!inside([r.label_lng, r.label_lat, r.label_lng, r.label_lat], extent)) throw new NotDrawable(spec.file, 'label_lng', `label of ${r.code} outside the extent`);

  const rank = (level: RegionLevel) => REGION_LEVELS.indexOf(level);
  return rows.sort((a, b) => rank(a.level) - rank(b.level) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** A row of agg_risk: the keys and riskMixSql's figures. */
export interface RiskAggRow extends Omit<RiskMixRow, 'code' | 'name'> {
  level: RegionLevel;
  region_code: string;
  month: string;
  evaluated_on: string;
}

const COUNTS = ['children', 'red', 'yellow', 'blue', 'green', 'ungraded'] as const;
/** Shares are written by DuckDB as count ÷ count in DOUBLE: recomputed here, they agree to rounding. */
const SHARE_TOLERANCE = 1e-9;

/**
 * agg_risk checked against its spec and the regions: keys known (a month the manifest lists, evaluated at the
 * date the app evaluates it, a region of that level), every region of every level present once a month, counts
 * whole and not negative, the colours adding up to the children, and the shares equal to the counts' ratios (NULL
 * without children). Returns the rows of `months` only. Throws {@link NotDrawable}.
 */
export function checkRiskAggregate(table: Table, file: string, manifest: Manifest, regions: readonly RegionRow[], months: readonly string[], maxRows: number, levels?: ReadonlySet<string>): RiskAggRow[] {
  const spec = AGGREGATE_TABLES.find((t) => t.name === 'agg_risk');
  if (!spec) throw new Error('agg_risk has no spec');
  const rows = readRows(table, file, spec.columns, maxRows, levels) as unknown as RiskAggRow[];
  const levelOf = new Map(regions.map((r) => [r.code, r.level]));
  const listed = new Set(manifest.aggregates?.months ?? []);
  const seen = new Set<string>();
  const fail = (column: string, why: string): never => {
    throw new NotDrawable(file, column, why);
  };
  for (const r of rows) {
    if (levelOf.get(r.region_code) !== r.level) fail('region_code', `${r.region_code} is not a region of level ${r.level}`);
    if (!listed.has(r.month)) fail('month', `${r.month} not in the manifest's aggregates.months`);
    if (r.evaluated_on !== evaluationDate(r.month, manifest.as_of)) fail('evaluated_on', `${r.evaluated_on} for ${r.month}`);
    const key = `${r.month} ${r.region_code}`;
    if (seen.has(key)) fail('region_code', `${key} twice`);
    seen.add(key);
    for (const c of COUNTS) if (r[c] < 0) fail(c, 'negative');
    if (r.red + r.yellow + r.blue + r.green + r.ungraded !== r.children) fail('children', `colours do not add up for ${key}`);
    const shareOk = (share: number | null, numerator: number) =>
      r.children === 0 ? share === null : share !== null && Math.abs(share - numerator / r.children) <= SHARE_TOLERANCE;
    if (!shareOk(r.share_red_yellow, r.red + r.yellow)) fail('share_red_yellow', `not (red + yellow) ÷ children for ${key}`);
    if (!shareOk(r.share_graded, r.children - r.ungraded)) fail('share_graded', `not graded ÷ children for ${key}`);
  }
  for (const m of months) for (const region of regions) if (!seen.has(`${m} ${region.code}`)) fail('region_code', `${region.code} missing in ${m}`);
  const wanted = new Set(months);
  return rows.filter((r) => wanted.has(r.month));
}

/** What {@link checkAggregateRows} checks beyond the keys and counts. */
export interface AggregateChecks {
  /** A key column that splits the table into groups, each complete on its own (agg_visits: profile_id); the values kept. */
  group: { column: string; values: readonly string[] } | null;
  /** Each share column with the columns summed for its numerator and its denominator: NULL exactly without a denominator. */
  ratios: readonly (readonly [string, readonly string[], readonly string[]])[];
  /** Key columns whose value is fixed by the month's date (a setting the theme applies then). */
  keys: readonly { column: string; expected: (date: string) => unknown }[];
  /** Only the rows of these levels are read and checked (`regions` then holds the regions of these levels). */
  levels?: ReadonlySet<string>;
}

/**
 * An aggregate table checked against its spec (`columns`) and the regions as {@link checkRiskAggregate} checks
 * agg_risk — keys known, each region of each level once a month (and group), counts whole and not negative — and
 * `checks`' shares and setting keys. Returns the rows of `months` (and the group's kept values). Throws {@link NotDrawable}.
 */
export function checkAggregateRows(
  table: Table,
  file: string,
  columns: readonly ColumnSpec[],
  manifest: Manifest,
  regions: readonly RegionRow[],
  months: readonly string[],
  maxRows: number,
  checks: AggregateChecks,
): Record<string, unknown>[] {
  type Row = Record<string, unknown> & { level: RegionLevel; region_code: string; month: string; evaluated_on: string };
  const rows = readRows(table, file, columns, maxRows, checks.levels) as Row[];
  const levelOf = new Map(regions.map((r) => [r.code, r.level]));
  const listed = new Set(manifest.aggregates?.months ?? []);
  const counts = columns.filter((c) => c.type === 'INTEGER').map((c) => c.name);
  const groupOf = (r: Row) => (checks.group ? String(r[checks.group.column]) : '');
  const seen = new Set<string>();
  const fail = (column: string, why: string): never => {
    throw new NotDrawable(file, column, why);
  };
  const num = (r: Row, names: readonly string[]) => names.reduce((s, n) => s + (r[n] as number), 0);
  for (const r of rows) {
    if (levelOf.get(r.region_code) !== r.level) fail('region_code', `${r.region_code} is not a region of level ${r.level}`);
    if (!listed.has(r.month)) fail('month', `${r.month} not in the manifest's aggregates.months`);
    if (r.evaluated_on !== evaluationDate(r.month, manifest.as_of)) fail('evaluated_on', `${r.evaluated_on} for ${r.month}`);
    const key = `${groupOf(r)} ${r.month} ${r.region_code}`;
    if (seen.has(key)) fail('region_code', `${key} twice`);
    seen.add(key);
    for (const c of counts) if (r[c] !== null && (r[c] as number) < 0) fail(c, `negative for ${key}`);
    for (const k of checks.keys) if (r[k.column] !== k.expected(r.evaluated_on)) fail(k.column, `${String(r[k.column])} for ${key}, the app applies ${String(k.expected(r.evaluated_on))}`);
    for (const [share, numerator, denominator] of checks.ratios) {
      const d = num(r, denominator);
      const s = r[share] as number | null;
      const ok = d === 0 ? s === null : s !== null && Math.abs(s - num(r, numerator) / d) <= SHARE_TOLERANCE;
      if (!ok) fail(share, `not ${numerator.join(' + ')} ÷ ${denominator.join(' + ')} for ${key}`);
    }
  }
  const groups = checks.group ? checks.group.values.filter((g) => rows.some((r) => groupOf(r) === g)) : [''];
  for (const g of groups) for (const m of months) for (const region of regions) if (!seen.has(`${g} ${m} ${region.code}`)) fail('region_code', `${region.code} missing in ${g} ${m}`);
  const wanted = new Set(months);
  const kept = new Set(groups);
  return rows.filter((r) => wanted.has(r.month) && kept.has(groupOf(r)));
}
