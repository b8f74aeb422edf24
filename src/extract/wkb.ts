/**
 * Well-Known Binary for the two geometry types the extract's `regions.geometry` column may hold:
 * ISO WKB Polygon and MultiPolygon, two-dimensional (x = longitude, y = latitude).
 *
 * Pure and portable: Uint8Array and DataView only, so the same code runs in the browser and in Node.
 * Every ring this module returns or writes is closed (its first position equals its last).
 */

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;
const HEADER_BYTES = 5; // byte-order flag + uint32 geometry type
const POSITION_BYTES = 16;

const isClosed = (ring: readonly Position[]): boolean => {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
};

/** The ring with its first position repeated at the end if it was not already. */
function closeRing(ring: readonly Position[]): Ring {
  const copy = ring.map((p): Position => [p[0], p[1]]);
  const first = copy[0];
  if (first !== undefined && !isClosed(copy)) copy.push([first[0], first[1]]);
  return copy;
}

function checkedRings(polygon: PolygonCoords): Ring[] {
  return polygon.map((ring, r) => {
    const closed = closeRing(ring);
    if (closed.length < 4) throw new Error(`WKB encode: ring ${r} has ${ring.length} positions; a ring needs at least 3 distinct ones`);
    for (const [x, y] of closed) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`WKB encode: ring ${r} has a non-finite coordinate (${x}, ${y})`);
    }
    return closed;
  });
}

const polygonBytes = (rings: readonly Ring[]): number =>
  HEADER_BYTES + 4 + rings.reduce((sum, ring) => sum + 4 + ring.length * POSITION_BYTES, 0);

/** Writes one little-endian Polygon at `offset`; returns the offset after it. */
function writePolygon(view: DataView, offset: number, rings: readonly Ring[]): number {
  let o = offset;
  view.setUint8(o, 1);
  view.setUint32(o + 1, WKB_POLYGON, true);
  view.setUint32(o + 5, rings.length, true);
  o += 9;
  for (const ring of rings) {
    view.setUint32(o, ring.length, true);
    o += 4;
    for (const [x, y] of ring) {
      view.setFloat64(o, x, true);
      view.setFloat64(o + 8, y, true);
      o += POSITION_BYTES;
    }
  }
  return o;
}

/**
 * Encodes a polygon (exterior ring first, then holes) as little-endian ISO WKB Polygon.
 * Open rings are closed; a ring with fewer than 3 distinct positions or a non-finite coordinate throws.
 */
export function encodeWkbPolygon(polygon: PolygonCoords): Uint8Array {
  const rings = checkedRings(polygon);
  const bytes = new Uint8Array(polygonBytes(rings));
  writePolygon(new DataView(bytes.buffer), 0, rings);
  return bytes;
}

/** Encodes polygons as little-endian ISO WKB MultiPolygon, with the same ring rules as {@link encodeWkbPolygon}. */
export function encodeWkbMultiPolygon(multi: MultiPolygonCoords): Uint8Array {
  const polygons = multi.map(checkedRings);
  const size = HEADER_BYTES + 4 + polygons.reduce((sum, rings) => sum + polygonBytes(rings), 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 1);
  view.setUint32(1, WKB_MULTIPOLYGON, true);
  view.setUint32(5, polygons.length, true);
  let o = 9;
  for (const rings of polygons) o = writePolygon(view, o, rings);
  return bytes;
}

/** What is wrong with WKB bytes that cannot be decoded (the message says it in English, for developers). */
export type WkbFault = 'byte-order' | 'type' | 'truncated' | 'trailing';

export class WkbError extends Error {
  constructor(
    readonly fault: WkbFault,
    message: string,
    /** For `type`: the WKB type code found, e.g. 2 for LineString. */
    readonly typeCode?: number,
  ) {
    super(message);
    this.name = 'WkbError';
  }
}

/** A bounds-checked cursor over WKB bytes. */
class Reader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  need(count: number, what: string): void {
    if (count > this.remaining) {
      throw new WkbError('truncated', `WKB decode: truncated input: ${what} needs ${count} bytes at offset ${this.offset}, only ${this.remaining} left`);
    }
  }

  byteOrder(): boolean {
    this.need(1, 'byte-order flag');
    const flag = this.view.getUint8(this.offset++);
    if (flag !== 0 && flag !== 1) throw new WkbError('byte-order', `WKB decode: invalid byte-order flag ${flag} at offset ${this.offset - 1}`);
    return flag === 1;
  }

  uint32(littleEndian: boolean, what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.offset, littleEndian);
    this.offset += 4;
    return value;
  }

  float64(littleEndian: boolean): number {
    const value = this.view.getFloat64(this.offset, littleEndian);
    this.offset += 8;
    return value;
  }
}

function describeType(type: number): string {
  if (type & 0xe0000000) return `EWKB type 0x${type.toString(16)} (PostGIS extended WKB with Z/M/SRID flags is not supported)`;
  const base = type % 1000;
  const names: Record<number, string> = {
    1: 'Point', 2: 'LineString', 3: 'Polygon', 4: 'MultiPoint', 5: 'MultiLineString', 6: 'MultiPolygon', 7: 'GeometryCollection',
  };
  const dims = ['', ' Z', ' M', ' ZM'][Math.floor(type / 1000)] ?? '';
  return `${names[base] ?? 'unknown geometry'}${dims} (type code ${type})`;
}

function readGeometryHeader(reader: Reader, expected: readonly number[], wanted: string): { littleEndian: boolean; type: number } {
  const littleEndian = reader.byteOrder();
  const type = reader.uint32(littleEndian, 'geometry type');
  if (!expected.includes(type)) throw new WkbError('type', `WKB decode: expected ${wanted}, found ${describeType(type)}`, type);
  return { littleEndian, type };
}

function readPolygonBody(reader: Reader, littleEndian: boolean): PolygonCoords {
  const ringCount = reader.uint32(littleEndian, 'ring count');
  reader.need(ringCount * 4, `${ringCount} rings`);
  const rings: PolygonCoords = [];
  for (let r = 0; r < ringCount; r++) {
    const count = reader.uint32(littleEndian, `point count of ring ${r}`);
    reader.need(count * POSITION_BYTES, `ring ${r} with ${count} points`);
    const ring: Ring = [];
    for (let i = 0; i < count; i++) {
      const x = reader.float64(littleEndian);
      const y = reader.float64(littleEndian);
      ring.push([x, y]);
    }
    rings.push(closeRing(ring));
  }
  return rings;
}

/**
 * Decodes ISO WKB (2D Polygon or MultiPolygon, either byte order) into multipolygon coordinates:
 * a Polygon becomes a one-element list. Rings come back closed.
 * Throws an Error naming the problem for any other geometry type (including Z/M and EWKB variants),
 * a bad byte-order flag, truncated input, or trailing bytes.
 */
export function decodeWkb(bytes: Uint8Array): MultiPolygonCoords {
  const reader = new Reader(bytes);
  const { littleEndian, type } = readGeometryHeader(reader, [WKB_POLYGON, WKB_MULTIPOLYGON], 'a 2D Polygon or MultiPolygon');
  let result: MultiPolygonCoords;
  if (type === WKB_POLYGON) {
    result = [readPolygonBody(reader, littleEndian)];
  } else {
    const count = reader.uint32(littleEndian, 'polygon count');
    reader.need(count * (HEADER_BYTES + 4), `${count} polygons`);
    result = [];
    for (let p = 0; p < count; p++) {
      const header = readGeometryHeader(reader, [WKB_POLYGON], `a 2D Polygon as member ${p} of the MultiPolygon`);
      result.push(readPolygonBody(reader, header.littleEndian));
    }
  }
  if (reader.remaining !== 0) throw new WkbError('trailing', `WKB decode: ${reader.remaining} unexpected trailing bytes after the geometry`);
  return result;
}

/** What {@link summarizeWkb} finds in one geometry. */
export interface WkbSummary {
  polygons: number;
  vertices: number;
  /** Rings whose last position differs from their first. */
  openRings: number;
  /** Rings of fewer than 4 positions (a closed ring needs 3 distinct ones and the first repeated). */
  shortRings: number;
  /** Positions with a NaN or infinite coordinate. */
  nonFinite: number;
  /** [west, south, east, north] of the finite positions; null when there is none. */
  bbox: [number, number, number, number] | null;
}

/**
 * Walks WKB as {@link decodeWkb} reads it, without building the coordinate arrays: counts polygons, vertices, open
 * and short rings and non-finite positions, and takes the bounding box. Linear in the bytes. Throws a
 * {@link WkbError} where decodeWkb would throw.
 */
export function summarizeWkb(bytes: Uint8Array): WkbSummary {
  const reader = new Reader(bytes);
  const s: WkbSummary = { polygons: 0, vertices: 0, openRings: 0, shortRings: 0, nonFinite: 0, bbox: null };
  const b = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  const polygon = (littleEndian: boolean) => {
    s.polygons += 1;
    const ringCount = reader.uint32(littleEndian, 'ring count');
    reader.need(ringCount * 4, `${ringCount} rings`);
    for (let r = 0; r < ringCount; r++) {
      const count = reader.uint32(littleEndian, `point count of ring ${r}`);
      reader.need(count * POSITION_BYTES, `ring ${r} with ${count} points`);
      s.vertices += count;
      if (count < 4) s.shortRings += 1;
      let x0 = NaN;
      let y0 = NaN;
      let x = NaN;
      let y = NaN;
      for (let i = 0; i < count; i++) {
        x = reader.float64(littleEndian);
        y = reader.float64(littleEndian);
        if (i === 0) [x0, y0] = [x, y];
        if (!Number.isFinite(x) || !Number.isFinite(y)) s.nonFinite += 1;
        else {
          if (x < b[0]) b[0] = x;
          if (y < b[1]) b[1] = y;
          if (x > b[2]) b[2] = x;
          if (y > b[3]) b[3] = y;
        }
      }
      if (count > 0 && (x !== x0 || y !== y0)) s.openRings += 1;
    }
  };
  const { littleEndian, type } = readGeometryHeader(reader, [WKB_POLYGON, WKB_MULTIPOLYGON], 'a 2D Polygon or MultiPolygon');
  if (type === WKB_POLYGON) polygon(littleEndian);
  else {
    const count = reader.uint32(littleEndian, 'polygon count');
    reader.need(count * (HEADER_BYTES + 4), `${count} polygons`);
    for (let p = 0; p < count; p++) polygon(readGeometryHeader(reader, [WKB_POLYGON], `a 2D Polygon as member ${p} of the MultiPolygon`).littleEndian);
  }
  if (reader.remaining !== 0) throw new WkbError('trailing', `WKB decode: ${reader.remaining} unexpected trailing bytes after the geometry`);
  if (b[0] <= b[2]) s.bbox = b;
  return s;
}
