import type { Connector } from './connector';
import { adjacentPairs, type AreaShape } from '../extract/adjacency';
import { decodeWkb } from '../extract/wkb';
import { ident, literal } from '../measures/sql';

/** The derived table of neighbouring villages: one row per direction, (code, neighbour_code). */
export const VILLAGE_ADJACENCY = 'village_adjacency';

const INSERT_BATCH = 500;

/**
 * Creates `target` (code VARCHAR, neighbour_code VARCHAR) from the village boundaries of the regions table
 * `regions`: both directions of every pair of villages sharing a border (src/extract/adjacency.ts). Villages
 * without a boundary, or whose boundary does not decode, have no neighbours. Returns the number of pairs.
 */
export async function createVillageAdjacency(conn: Connector, regions: string, target: string): Promise<number> {
  const pairs = adjacentPairs(await villageShapes(conn, `SELECT code, geometry FROM ${ident(regions)} WHERE level = 'village' AND geometry IS NOT NULL ORDER BY code`));
  await conn.query(`CREATE TABLE ${ident(target)} (code VARCHAR NOT NULL, neighbour_code VARCHAR NOT NULL)`);
  await insertPairs(conn, target, pairs);
  return pairs.length;
}

/**
 * Adds to `target` the pairs of neighbouring villages that involve a village of `county`'s regions staged in
 * `countyRegions` (not yet in `regions`): with each other, and with the villages of the counties already in
 * `regions`. Returns the number of pairs.
 */
export async function addCountyAdjacency(conn: Connector, countyRegions: string, county: string, target: string): Promise<number> {
  const shapes = await villageShapes(
    conn,
    `SELECT code, geometry FROM ${ident(countyRegions)} WHERE level = 'village' AND geometry IS NOT NULL
     UNION ALL SELECT code, geometry FROM regions WHERE level = 'village' AND geometry IS NOT NULL AND NOT starts_with(code, ${literal(county)}) ORDER BY code`,
  );
  const pairs = adjacentPairs(shapes).filter(([a, b]) => a.startsWith(county) || b.startsWith(county));
  await insertPairs(conn, target, pairs);
  return pairs.length;
}

async function villageShapes(conn: Connector, sql: string): Promise<AreaShape[]> {
  const table = await conn.query(sql);
  const codes = table.getChild('code');
  const geometries = table.getChild('geometry');
  const shapes: AreaShape[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const wkb = geometries?.get(i) as Uint8Array | null;
    if (!wkb) continue;
    try {
      shapes.push({ code: String(codes?.get(i)), polygons: decodeWkb(wkb) });
    } catch {
      // A boundary that does not decode is the validator's to report; here the village just has no neighbours.
    }
  }
  return shapes;
}

async function insertPairs(conn: Connector, target: string, pairs: readonly (readonly [string, string])[]): Promise<void> {
  const rows = pairs.flatMap(([a, b]) => [`(${literal(a)}, ${literal(b)})`, `(${literal(b)}, ${literal(a)})`]);
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await conn.query(`INSERT INTO ${ident(target)} VALUES ${rows.slice(i, i + INSERT_BATCH).join(', ')}`);
  }
}
