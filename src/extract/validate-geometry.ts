import type { Vector } from 'apache-arrow';
import type { Connector } from '../db/connector';
import { rowsOf } from '../db/connector';
import { ident } from '../measures/sql';
import { EXTENT, GEOMETRY, type TableSpec } from './schema';
import { exampleSql, type Extent } from './validate-tables';
import { summarizeWkb, WkbError, type WkbFault } from './wkb';
import { problems as msg } from '../i18n/zh';

type Box = [number, number, number, number];

const CHINA: Box = [...EXTENT.china];
const KM_PER_DEGREE_LAT = 111.32;

/**
 * More bytes than this per allowed vertex cannot be a valid boundary within the budget: a valid ring has at least
 * 4 vertices of 16 bytes, so ring and polygon headers (4 and 9 bytes) add at most 3.25 bytes a vertex, plus the
 * 9-byte header of the geometry.
 */
const MAX_BYTES_PER_VERTEX = 20;
const maxBytes = (vertices: number) => vertices * MAX_BYTES_PER_VERTEX + 9;

/** `box` grown by `km` on every side. */
export function grownBox(box: readonly number[], km: number): Box {
  const [w, s, e, n] = box as Box;
  const dLat = km / KM_PER_DEGREE_LAT;
  const cos = Math.max(0.1, Math.cos((((s + n) / 2) * Math.PI) / 180));
  const dLng = km / (KM_PER_DEGREE_LAT * cos);
  return [w - dLng, s - dLat, e + dLng, n + dLat];
}

const inside = (b: readonly number[], outer: readonly number[]) =>
  (b[0] as number) >= (outer[0] as number) && (b[1] as number) >= (outer[1] as number) && (b[2] as number) <= (outer[2] as number) && (b[3] as number) <= (outer[3] as number);

const extentOf = (bbox: Box, basis: 'county' | 'china'): Extent => ({
  bbox,
  zh: msg.extentRange(bbox[0], bbox[1], bbox[2], bbox[3], basis, EXTENT.marginKm),
});

/** The extent when the extract has no usable boundary: China (see EXTENT in schema.ts). */
export const CHINA_EXTENT: Extent = extentOf(CHINA, 'china');

/** A count of offending rows and the first of them, for one message. */
class Tally {
  rows = 0;
  example = '';
  detail = 0;
  add(example: string, detail = 0): void {
    if (this.rows === 0) [this.example, this.detail] = [example, detail];
    this.rows += 1;
  }
}

/**
 * Decodes and checks every boundary of a staged table's geometry columns (regions.geometry), as the map will read
 * them: WKB 2D Polygon or MultiPolygon, closed rings of at least 4 positions, finite coordinates inside the county's
 * extent, and the vertex budget per boundary and in all (GEOMETRY in schema.ts). Returns the problems, in Chinese,
 * and the county's extent (EXTENT in schema.ts), against which the tables' coordinates are then checked. `within`:
 * the extent already known (a county's own regions file, checked in the extent of the extract's top regions file),
 * used and returned as is.
 *
 * Oversized boundaries are refused by their byte size in SQL, before any is copied out of DuckDB; the rest are
 * walked once each (src/extract/wkb.ts summarizeWkb), in time linear in their bytes.
 */
export async function checkGeometry(conn: Connector, spec: TableSpec, table: string, within?: Extent): Promise<{ problems: string[]; extent: Extent }> {
  const t = ident(table);
  const example = exampleSql(spec);
  const problems: string[] = [];
  let extent = within ?? CHINA_EXTENT;
  const surveyedCounty = spec.name === 'regions' ? `level = 'county' AND boundary_schematic IS NOT TRUE` : 'false';
  for (const col of spec.columns.filter((c) => c.geometry)) {
    const g = ident(col.name);
    const perGeometry = maxBytes(GEOMETRY.maxVerticesPerGeometry);
    const size = rowsOf<{ big: number | bigint; big_example: string | null; big_bytes: number | bigint | null; total: number | bigint | null; n: number | bigint }>(
      await conn.query(
        `SELECT count(*) FILTER (WHERE octet_length(${g}) > ${perGeometry}) AS big, ` +
          `arg_max(${example}, octet_length(${g})) FILTER (WHERE octet_length(${g}) > ${perGeometry}) AS big_example, ` +
          `max(octet_length(${g})) AS big_bytes, sum(octet_length(${g})) AS total, count(${g}) AS n FROM ${t}`,
      ),
    )[0];
    const big = Number(size?.big ?? 0);
    if (big > 0) {
      problems.push(
        msg.geometryTooLarge(spec.file, col.name, big, GEOMETRY.maxVerticesPerGeometry, String(size?.big_example), (Number(size?.big_bytes) / 1048576).toFixed(1)),
      );
    }
    if (Number(size?.total ?? 0) > maxBytes(GEOMETRY.maxVerticesTotal) + 9 * Number(size?.n ?? 0)) {
      problems.push(msg.geometryTotal(spec.file, col.name, null, GEOMETRY.maxVerticesTotal));
    }
    if (problems.length > 0) continue;

    const countyRows = spec.name === 'regions' ? Number(rowsOf<{ n: number | bigint }>(await conn.query(`SELECT count(*) AS n FROM ${t} WHERE level = 'county'`))[0]?.n ?? 0) : 0;
    const result = await conn.query(`SELECT ${example} AS example, ${surveyedCounty} AS is_county, ${g} AS g FROM ${t} WHERE ${g} IS NOT NULL`);
    const examples = result.getChild('example') as Vector | null;
    const counties = result.getChild('is_county') as Vector | null;
    const blobs = result.getChild('g') as Vector | null;
    const unreadable = new Map<WkbFault, Tally>();
    const wrongType = new Tally();
    const [open, short, nonFinite, tooMany, outside] = [new Tally(), new Tally(), new Tally(), new Tally(), new Tally()];
    const boxes: { example: string; box: Box }[] = [];
    const countyBoxes: Box[] = [];
    let vertices = 0;
    for (let i = 0; i < result.numRows; i++) {
      const name = String(examples?.get(i));
      let summary;
      try {
        summary = summarizeWkb(blobs?.get(i) as Uint8Array);
      } catch (e) {
        if (!(e instanceof WkbError)) throw e;
        if (e.fault === 'type') wrongType.add(name, e.typeCode ?? 0);
        else {
          const tally = unreadable.get(e.fault) ?? new Tally();
          tally.add(name);
          unreadable.set(e.fault, tally);
        }
        continue;
      }
      vertices += summary.vertices;
      if (summary.openRings > 0) open.add(name);
      if (summary.shortRings > 0) short.add(name);
      if (summary.nonFinite > 0) nonFinite.add(name);
      if (summary.vertices > GEOMETRY.maxVerticesPerGeometry) tooMany.add(name, summary.vertices);
      if (summary.bbox && summary.nonFinite === 0) {
        boxes.push({ example: name, box: summary.bbox });
        if (counties?.get(i) === true && inside(summary.bbox, CHINA)) countyBoxes.push(summary.bbox);
      }
    }
    for (const [fault, tally] of unreadable) problems.push(msg.geometryUnreadable(spec.file, col.name, tally.rows, fault as Exclude<WkbFault, 'type'>, tally.example));
    if (wrongType.rows > 0) problems.push(msg.geometryWrongType(spec.file, col.name, wrongType.rows, wrongType.detail, wrongType.example));
    if (open.rows > 0) problems.push(msg.geometryOpenRing(spec.file, col.name, open.rows, open.example));
    if (short.rows > 0) problems.push(msg.geometryShortRing(spec.file, col.name, short.rows, short.example));
    if (nonFinite.rows > 0) problems.push(msg.geometryNotFinite(spec.file, col.name, nonFinite.rows, nonFinite.example));
    if (tooMany.rows > 0) problems.push(msg.geometryTooManyVertices(spec.file, col.name, tooMany.rows, GEOMETRY.maxVerticesPerGeometry, tooMany.example, tooMany.detail));
    if (vertices > GEOMETRY.maxVerticesTotal) problems.push(msg.geometryTotal(spec.file, col.name, vertices, GEOMETRY.maxVerticesTotal));

    // Several counties: their union, when every one has a surveyed boundary (a schematic one gives no ground to refuse).
    const countyBox: Box | null =
      countyBoxes.length > 0 && countyBoxes.length >= countyRows
        ? [Math.min(...countyBoxes.map((b) => b[0])), Math.min(...countyBoxes.map((b) => b[1])), Math.max(...countyBoxes.map((b) => b[2])), Math.max(...countyBoxes.map((b) => b[3]))]
        : null;
    if (countyBox && !within) {
      const grown = grownBox(countyBox, EXTENT.marginKm);
      extent = extentOf([Math.max(grown[0], CHINA[0]), Math.max(grown[1], CHINA[1]), Math.min(grown[2], CHINA[2]), Math.min(grown[3], CHINA[3])], 'county');
    }
    for (const b of boxes) if (!inside(b.box, extent.bbox)) outside.add(b.example);
    if (outside.rows > 0) problems.push(msg.geometryOutside(spec.file, col.name, outside.rows, extent.zh, outside.example));
  }
  return { problems, extent };
}
