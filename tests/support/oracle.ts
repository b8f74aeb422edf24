/**
 * An independent oracle for browser tests: native DuckDB (@duckdb/node-api) reading an extract's Parquet files
 * directly, with SQL written here rather than the app's measure builders.
 */
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../../src/measures/sql';

export interface Oracle {
  rows<T>(sql: string): Promise<T[]>;
  close(): void;
}

export async function openOracle(dir: string, tables: string[]): Promise<Oracle> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn: DuckDBConnection = await instance.connect();
  // A combined extract keeps each county's townships and villages in its own regions.<county>.parquet.
  for (const t of tables) await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${literal(join(dir, t === 'regions' ? 'regions*.parquet' : `${t}.parquet`))})`);
  return {
    rows: async <T>(sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[],
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Children on the roll at `asOf` with their current colour (NULL = 未评估), per township. */
export function colourCountsByTownshipSql(asOf: string): string {
  const d = `DATE ${literal(asOf)}`;
  return `WITH cur AS (
  SELECT c.child_key, v.parent_code AS township,
    (SELECT a.colour FROM colour_assessments a WHERE a.child_key = c.child_key AND a.assessed_on <= ${d}
     ORDER BY a.assessed_on DESC LIMIT 1) AS colour
  FROM children c JOIN regions v ON v.code = c.village_code
  WHERE coalesce(c.enrolled_on, DATE '1900-01-01') <= ${d} AND coalesce(c.exited_on, DATE '2999-12-31') > ${d}
)
SELECT township, count(*)::INTEGER AS children,
  sum((colour = 'red')::INTEGER)::INTEGER AS red, sum((colour = 'yellow')::INTEGER)::INTEGER AS yellow,
  sum((colour = 'blue')::INTEGER)::INTEGER AS blue, sum((colour = 'green')::INTEGER)::INTEGER AS green,
  sum((colour IS NULL)::INTEGER)::INTEGER AS ungraded
FROM cur GROUP BY ALL ORDER BY township`;
}
