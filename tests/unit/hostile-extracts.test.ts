import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { ExtractError, loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { DEMO_DIR, HOSTILE_CASES, writeHostileExtracts } from '../support/hostile-extracts';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

let conn: Awaited<ReturnType<typeof createNodeConnector>>;
let root: string;
let demo: LoadedExtract;

/** What the loaded tables hold, summed up: must not change when an extract is refused. */
const FINGERPRINT = `SELECT
  (SELECT count(*) FROM regions)::INTEGER AS regions,
  (SELECT max(length(name)) FROM regions)::INTEGER AS longest_name,
  (SELECT sum(octet_length(geometry)) FROM regions)::BIGINT::VARCHAR AS geometry_bytes,
  (SELECT sum(label_lng) FROM regions) AS label_lng_sum,
  (SELECT count(*) FROM children)::INTEGER AS children,
  (SELECT max(enrolled_on) FROM children)::VARCHAR AS last_enrolled,
  (SELECT count(*) FROM visits)::INTEGER AS visits,
  (SELECT min(visited_on)::VARCHAR || ' ' || max(visited_on)::VARCHAR FROM visits) AS visit_dates,
  (SELECT sum(lng) FROM stations) AS station_lng_sum,
  (SELECT sum(lat) FROM water_points) AS water_lat_sum,
  (SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'staging_%')::INTEGER AS staging_tables`;
let before: Record<string, unknown>;

beforeAll(async () => {
  root = await writeHostileExtracts(mkdtempSync(join(tmpdir(), 'care-atlas-hostile-')));
  conn = await createNodeConnector();
  demo = await loadExtract(conn, folderSource(DEMO_DIR), decodeParquetNode);
  before = rowsOf<Record<string, unknown>>(await conn.query(FINGERPRINT))[0] ?? {};
}, 180_000);

afterAll(() => {
  conn?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('hostile extracts, through the loader with the Node engine', () => {
  it('starts from the demo, loaded and valid', () => {
    expect(demo.rowCounts.regions).toBeGreaterThan(300);
    expect(before.longest_name).toBeLessThanOrEqual(100);
    expect(before.staging_tables).toBe(0);
  });

  for (const c of HOSTILE_CASES) {
    it(`refuses ${c.what}, naming ${c.file} and ${c.column}, and leaves the demo loaded`, async () => {
      const refusal = await loadExtract(conn, folderSource(join(root, c.name)), decodeParquetNode).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refusal).toBeInstanceOf(ExtractError);
      const problems = (refusal as ExtractError).problems;
      expect(problems.filter((p) => c.message.test(p)), problems.join('\n')).toHaveLength(1);
      // Only this case's problems (the 32 MB boundary is also over the table's budget): the rest of the demo is valid.
      for (const p of problems) {
        expect(p.startsWith(`${c.file}：`), p).toBe(true);
        expect(p, p).toContain(c.column);
      }
      // No message quotes a long value (the 10 MB name) whole.
      for (const p of problems) expect(p.length).toBeLessThan(300);
      expect(rowsOf<Record<string, unknown>>(await conn.query(FINGERPRINT))[0]).toEqual(before);
    }, 60_000);
  }
});
