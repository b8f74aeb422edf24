import type { Connector } from '../db/connector';
import { rowsOf } from '../db/connector';
import { ident, literal } from '../measures/sql';
import { FORBIDDEN_COLUMN_EXCEPTIONS, FORBIDDEN_COLUMN_PATTERNS, type ColumnSpec, type ColumnType, type TableSpec } from './schema';
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

async function count(conn: Connector, sql: string): Promise<number> {
  const row = rowsOf<{ n: number | bigint }>(await conn.query(sql))[0];
  return Number(row?.n ?? 0);
}

async function checkColumnValues(conn: Connector, spec: TableSpec, table: string, col: ColumnSpec): Promise<string[]> {
  const t = ident(table);
  const c = ident(col.name);
  const out: string[] = [];
  if (col.required) {
    const n = await count(conn, `SELECT count(*) AS n FROM ${t} WHERE ${c} IS NULL`);
    if (n > 0) out.push(msg.nullInRequired(spec.file, col.name, n));
    if (col.type === 'VARCHAR[]') {
      const empty = await count(conn, `SELECT count(*) AS n FROM ${t} WHERE len(${c}) = 0`);
      if (empty > 0) out.push(msg.emptyList(spec.file, col.name, empty));
    }
  }
  const scalar = col.type === 'VARCHAR[]' ? `(SELECT unnest(${c}) AS v FROM ${t})` : `(SELECT ${c} AS v FROM ${t})`;
  if (col.values) {
    const bad = rowsOf<{ v: string; n: number | bigint }>(
      await conn.query(
        `SELECT v, count(*) AS n FROM ${scalar} WHERE v IS NOT NULL AND v NOT IN (${col.values.map((v) => literal(v)).join(', ')}) GROUP BY v ORDER BY n DESC LIMIT 5`,
      ),
    );
    if (bad.length > 0) {
      const total = await count(conn, `SELECT count(*) AS n FROM ${scalar} WHERE v IS NOT NULL AND v NOT IN (${col.values.map((v) => literal(v)).join(', ')})`);
      out.push(msg.badEnum(spec.file, col.name, bad.map((b) => String(b.v)), col.values, total));
    }
  }
  if (col.pattern) {
    const re = literal(`^(${col.pattern})$`);
    const bad = rowsOf<{ v: string; n: number | bigint }>(
      await conn.query(`SELECT any_value(v) AS v, count(*) AS n FROM ${scalar} WHERE v IS NOT NULL AND NOT regexp_full_match(v, ${re})`),
    )[0];
    if (bad && Number(bad.n) > 0) out.push(msg.badPattern(spec.file, col.name, String(bad.v), Number(bad.n)));
  }
  return out;
}

/** Value checks on a normalized table: required values, enums, patterns and the table's key. */
export async function checkValues(conn: Connector, spec: TableSpec, table: string): Promise<string[]> {
  const out: string[] = [];
  for (const col of spec.columns) out.push(...(await checkColumnValues(conn, spec, table, col)));
  if (spec.key) {
    const keys = spec.key.map(ident).join(', ');
    const dup = await count(conn, `SELECT count(*) AS n FROM (SELECT ${keys} FROM ${ident(table)} GROUP BY ${keys} HAVING count(*) > 1)`);
    if (dup > 0) out.push(msg.duplicateKey(spec.file, spec.key.join(' + '), dup));
  }
  return out;
}

/** Cross-table checks: every `references` column resolves. `tableOf` maps a table name to its staged name. */
export async function checkReferences(
  conn: Connector,
  spec: TableSpec,
  tableOf: (name: string) => string,
): Promise<string[]> {
  const out: string[] = [];
  for (const col of spec.columns) {
    if (!col.references) continue;
    const [targetTable, targetColumn] = col.references.split('.') as [string, string];
    const c = ident(col.name);
    const bad = rowsOf<{ v: string; n: number | bigint }>(
      await conn.query(
        `SELECT any_value(s.${c}) AS v, count(*) AS n FROM ${ident(tableOf(spec.name))} s ` +
          `WHERE s.${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ident(tableOf(targetTable))} r WHERE r.${ident(targetColumn)} = s.${c})`,
      ),
    )[0];
    if (bad && Number(bad.n) > 0) out.push(msg.badReference(spec.file, col.name, `${targetTable}.${targetColumn}`, String(bad.v), Number(bad.n)));
  }
  return out;
}
