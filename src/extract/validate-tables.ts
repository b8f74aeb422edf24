import type { Connector } from '../db/connector';
import { rowsOf } from '../db/connector';
import { ident, literal } from '../measures/sql';
import { FORBIDDEN_COLUMN_EXCEPTIONS, FORBIDDEN_COLUMN_PATTERNS, type ColumnSpec, type ColumnType, type DateWindow, type TableSpec } from './schema';
import { problems as msg } from '../i18n/zh';

/** DuckDB types accepted for each logical type; they are cast on load. */
const COMPATIBLE: Record<ColumnType, (duckType: string) => boolean> = {
  VARCHAR: (t) => t === 'VARCHAR',
  'VARCHAR[]': (t) => t === 'VARCHAR[]',
  DATE: (t) => t === 'DATE' || t.startsWith('TIMESTAMP'),
  BOOLEAN: (t) => t === 'BOOLEAN',
  INTEGER: (t) => /^U?(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(t),
  DOUBLE: (t) => t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL') || /^U?(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(t),
  BLOB: (t) => t === 'BLOB',
};

export function isForbiddenColumn(table: string, column: string): boolean {
  if (FORBIDDEN_COLUMN_EXCEPTIONS.includes(`${table}.${column}`)) return false;
  return FORBIDDEN_COLUMN_PATTERNS.some((re) => re.test(column));
}

interface DescribedColumn {
  column_name: string;
  column_type: string;
}

/**
 * Checks the columns of a freshly inserted table against its spec and returns the SELECT list that normalizes it
 * to the spec (schema columns only, cast to their logical types, missing optional columns as NULL).
 */
export async function checkColumns(
  conn: Connector,
  spec: TableSpec,
  stagedTable: string,
): Promise<{ problems: string[]; select: string }> {
  const described = rowsOf<DescribedColumn>(await conn.query(`DESCRIBE ${ident(stagedTable)}`));
  const actual = new Map(described.map((c) => [c.column_name, c.column_type]));
  const problems: string[] = [];
  for (const column of actual.keys()) {
    if (isForbiddenColumn(spec.name, column)) problems.push(msg.forbiddenColumn(spec.file, column));
  }
  const select = spec.columns.map((col) => {
    const found = actual.get(col.name);
    if (found === undefined) {
      if (col.required) problems.push(msg.missingColumn(spec.file, col.name, col.zh));
      return `CAST(NULL AS ${col.type}) AS ${ident(col.name)}`;
    }
    if (!COMPATIBLE[col.type](found)) problems.push(msg.wrongType(spec.file, col.name, col.type, found));
    return found === col.type ? ident(col.name) : `CAST(${ident(col.name)} AS ${col.type}) AS ${ident(col.name)}`;
  });
  return { problems, select: select.join(', ') };
}

/** A count from a query result (DuckDB's BIGINT arrives as a bigint). */
const num = (v: unknown): number => Number(v ?? 0);

/** Characters of a value quoted in a message; a longer value is cut, in SQL, so that it never reaches the page whole. */
export const EXAMPLE_CHARS = 24;

/** SQL: `expr` as text, cut to {@link EXAMPLE_CHARS} characters with … when longer, 'NULL' when null. */
export function clipSql(expr: string): string {
  const v = `CAST(${expr} AS VARCHAR)`;
  return `coalesce(CASE WHEN length(${v}) > ${EXAMPLE_CHARS} THEN left(${v}, ${EXAMPLE_CHARS}) || '…' ELSE ${v} END, 'NULL')`;
}

/**
 * SQL naming a row in a message, e.g. `code 320682116` or `child_key 0000000000000001`: the table's key, or its
 * first column when it has none (visits: the child), each value cut by {@link clipSql}; without `except`, the
 * column whose value the message quotes anyway.
 */
export function exampleSql(spec: TableSpec, except?: string): string {
  const key = spec.key ?? [spec.columns[0]?.name ?? ''];
  const columns = key.length > 1 ? key.filter((c) => c !== except) : key;
  return columns.map((c) => `${literal(`${c} `)} || ${clipSql(ident(c))}`).join(` || '、' || `);
}

/** A longitude and latitude box, [west, south, east, north], with how it was found (for messages). */
export interface Extent {
  readonly bbox: readonly [number, number, number, number];
  /** In Chinese, for messages: the box and its basis (see problems.extentRange). */
  readonly zh: string;
}

/** What the value checks need beyond the table: the manifest's as-of date and the county's extent. */
export interface ValueContext {
  readonly asOf: string;
  /** Coordinates are checked against it; without it, only for being finite. */
  readonly extent?: Extent;
}

/** The last date of a window, as ISO text: the as-of date plus whole years (29 February rolls to 1 March). */
export function windowEnd(asOf: string, window: DateWindow): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + window.maxYearsAfterAsOf, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * Value checks on a normalized table: required values, enums, patterns, text lengths, date windows, coordinates
 * (finite, and inside `ctx.extent` when given) and the table's key. Every count is taken in one pass over the
 * table (one query); only a column found with values outside its list is queried again, for the most frequent of
 * them. Values quoted in messages are cut in SQL (see {@link clipSql}).
 */
export async function checkValues(conn: Connector, spec: TableSpec, table: string, ctx: ValueContext): Promise<string[]> {
  const t = ident(table);
  const example = exampleSql(spec);
  const lengthBad = (col: ColumnSpec) => `length(${ident(col.name)}) > ${col.maxLength ?? 0}`;
  const datesBad = (col: ColumnSpec) =>
    col.dates ? `${ident(col.name)} < DATE ${literal(col.dates.min)} OR ${ident(col.name)} > DATE ${literal(windowEnd(ctx.asOf, col.dates))}` : 'false';
  const outsideBad = (col: ColumnSpec) => {
    if (!ctx.extent) return 'false';
    const [lo, hi] = col.coordinate === 'lng' ? [ctx.extent.bbox[0], ctx.extent.bbox[2]] : [ctx.extent.bbox[1], ctx.extent.bbox[3]];
    return `isfinite(${ident(col.name)}) AND (${ident(col.name)} < ${lo} OR ${ident(col.name)} > ${hi})`;
  };
  /** The count, an example row and (`value`) an example value of the rows matching `where`; the one with most `order`. */
  const follow = async (where: string, value: string | null, exampleOf = example, order?: string) => {
    const pick = (x: string) => (order ? `arg_max(${x}, ${order})` : `any_value(${x})`);
    return rowsOf<{ n: number | bigint; example: string; value: unknown }>(
      await conn.query(`SELECT count(*) AS n, ${pick(exampleOf)} AS example, ${pick(value ?? 'NULL')} AS value FROM ${t} WHERE ${where}`),
    )[0];
  };
  const aggs: string[] = [];
  const listPatternColumns: ColumnSpec[] = [];
  spec.columns.forEach((col, i) => {
    const c = ident(col.name);
    const list = col.type === 'VARCHAR[]';
    if (col.required) {
      aggs.push(`count(*) FILTER (WHERE ${c} IS NULL) AS null_${i}`);
      if (list) aggs.push(`count(*) FILTER (WHERE len(${c}) = 0) AS empty_${i}`);
    }
    if (col.values) {
      const allowed = literal(col.values);
      aggs.push(
        list
          ? `CAST(coalesce(sum(len(list_filter(${c}, lambda x: x IS NOT NULL AND NOT list_contains(${allowed}, x)))), 0) AS BIGINT) AS enum_${i}`
          : `count(*) FILTER (WHERE ${c} IS NOT NULL AND NOT list_contains(${allowed}, ${c})) AS enum_${i}`,
      );
    }
    if (col.pattern) {
      if (list) listPatternColumns.push(col);
      else {
        const bad = `${c} IS NOT NULL AND NOT regexp_full_match(${c}, ${literal(`^(${col.pattern})$`)})`;
        aggs.push(`count(*) FILTER (WHERE ${bad}) AS pattern_${i}`, `any_value(${clipSql(c)}) FILTER (WHERE ${bad}) AS pattern_example_${i}`);
      }
    }
    // Only counts here, on the hot path; a column found at fault is queried again for an example (see `follow`).
    // A column with a pattern bounds its length already: its length is looked at only when the pattern fails.
    if (col.maxLength !== undefined && !col.pattern) aggs.push(`count(*) FILTER (WHERE ${lengthBad(col)}) AS long_${i}`);
    if (col.dates) aggs.push(`count(*) FILTER (WHERE ${datesBad(col)}) AS date_${i}`);
    if (col.coordinate) {
      aggs.push(`count(*) FILTER (WHERE ${c} IS NOT NULL AND NOT isfinite(${c})) AS nonfinite_${i}`);
      if (ctx.extent) aggs.push(`count(*) FILTER (WHERE ${outsideBad(col)}) AS outside_${i}`);
    }
  });
  if (spec.key) {
    const keys = spec.key.map(ident).join(', ');
    aggs.push(`(SELECT count(*) FROM (SELECT ${keys} FROM ${t} GROUP BY ${keys} HAVING count(*) > 1)) AS duplicate_keys`);
  }
  const row = aggs.length > 0 ? (rowsOf<Record<string, unknown>>(await conn.query(`SELECT ${aggs.join(', ')} FROM ${t}`))[0] ?? {}) : {};

  const out: string[] = [];
  for (const [i, col] of spec.columns.entries()) {
    const c = ident(col.name);
    if (col.required) {
      const n = num(row[`null_${i}`]);
      if (n > 0) out.push(msg.nullInRequired(spec.file, col.name, n));
      if (col.type === 'VARCHAR[]') {
        const empty = num(row[`empty_${i}`]);
        if (empty > 0) out.push(msg.emptyList(spec.file, col.name, empty));
      }
    }
    const scalar = col.type === 'VARCHAR[]' ? `(SELECT unnest(${c}) AS v FROM ${t})` : `(SELECT ${c} AS v FROM ${t})`;
    if (col.values) {
      const total = num(row[`enum_${i}`]);
      if (total > 0) {
        const bad = rowsOf<{ v: string; n: number | bigint }>(
          await conn.query(
            `SELECT ${clipSql('v')} AS v, count(*) AS n FROM ${scalar} WHERE v IS NOT NULL AND v NOT IN (${col.values.map((v) => literal(v)).join(', ')}) GROUP BY v ORDER BY n DESC LIMIT 5`,
          ),
        );
        out.push(msg.badEnum(spec.file, col.name, bad.map((b) => String(b.v)), col.values, total));
      }
    }
    if (col.pattern) {
      if (listPatternColumns.includes(col)) {
        const re = literal(`^(${col.pattern})$`);
        const bad = rowsOf<{ v: string; n: number | bigint }>(
          await conn.query(`SELECT any_value(${clipSql('v')}) AS v, count(*) AS n FROM ${scalar} WHERE v IS NOT NULL AND NOT regexp_full_match(v, ${re})`),
        )[0];
        if (bad && Number(bad.n) > 0) out.push(msg.badPattern(spec.file, col.name, String(bad.v), Number(bad.n)));
      } else {
        const n = num(row[`pattern_${i}`]);
        if (n > 0) out.push(msg.badPattern(spec.file, col.name, String(row[`pattern_example_${i}`]), n));
      }
    }
    if (col.maxLength !== undefined && (num(row[`long_${i}`]) > 0 || num(row[`pattern_${i}`]) > 0)) {
      const long = await follow(lengthBad(col), `length(${c})`, example, `length(${c})`);
      if (long && num(long.n) > 0) out.push(msg.tooLong(spec.file, col.name, num(long.n), col.maxLength, String(long.example), num(long.value)));
    }
    if (col.dates && num(row[`date_${i}`]) > 0) {
      const w = col.dates;
      const bad = await follow(datesBad(col), `CAST(${c} AS VARCHAR)`, exampleSql(spec, col.name));
      out.push(msg.dateOutOfWindow(spec.file, col.name, num(row[`date_${i}`]), w.min, windowEnd(ctx.asOf, w), w.maxYearsAfterAsOf, String(bad?.example), String(bad?.value)));
    }
    const nonFinite = num(row[`nonfinite_${i}`]);
    if (nonFinite > 0) {
      const bad = await follow(`${c} IS NOT NULL AND NOT isfinite(${c})`, null);
      out.push(msg.coordinateNotFinite(spec.file, col.name, nonFinite, String(bad?.example)));
    }
    const outside = num(row[`outside_${i}`]);
    if (ctx.extent && outside > 0) {
      const bad = await follow(outsideBad(col), `CAST(${c} AS VARCHAR)`);
      out.push(msg.coordinateOutside(spec.file, col.name, outside, ctx.extent.zh, String(bad?.example), String(bad?.value)));
    }
  }
  const dup = num(row.duplicate_keys);
  if (dup > 0) out.push(msg.duplicateKey(spec.file, (spec.key ?? []).join(' + '), dup));
  return out;
}

/**
 * Cross-table checks: every `references` column resolves (one query per table, one subquery per column).
 * `tableOf` maps a table name to its staged name.
 */
export async function checkReferences(
  conn: Connector,
  spec: TableSpec,
  tableOf: (name: string) => string,
): Promise<string[]> {
  const columns = spec.columns.filter((col) => col.references);
  if (columns.length === 0) return [];
  const parts = columns.map((col, i) => {
    const [targetTable, targetColumn] = (col.references as string).split('.') as [string, string];
    const c = ident(col.name);
    return (
      `(SELECT {'v': any_value(${clipSql(`s.${c}`)}), 'n': count(*)} FROM ${ident(tableOf(spec.name))} s ` +
      `WHERE s.${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ident(tableOf(targetTable))} r WHERE r.${ident(targetColumn)} = s.${c})) AS ref_${i}`
    );
  });
  const row = rowsOf<Record<string, { v: unknown; n: number | bigint } | null>>(await conn.query(`SELECT ${parts.join(', ')}`))[0] ?? {};
  const out: string[] = [];
  columns.forEach((col, i) => {
    const bad = row[`ref_${i}`];
    if (bad && Number(bad.n) > 0) out.push(msg.badReference(spec.file, col.name, col.references as string, String(bad.v), Number(bad.n)));
  });
  return out;
}
