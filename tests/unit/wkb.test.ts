import { describe, it, expect } from 'vitest';
import { decodeWkb, encodeWkbMultiPolygon, encodeWkbPolygon, summarizeWkb, WkbError, type PolygonCoords } from '../../src/extract/wkb';

const square: PolygonCoords = [
  [
    [120, 32],
    [121, 32],
    [121, 33],
    [120, 33],
    [120, 32],
  ],
  // a hole, clockwise
  [
    [120.25, 32.25],
    [120.25, 32.75],
    [120.75, 32.75],
    [120.75, 32.25],
    [120.25, 32.25],
  ],
];
const triangle: PolygonCoords = [
  [
    [120.5551234, 32.3883321],
    [120.6404812, 32.4015523],
    [120.5, 32.45],
    [120.5551234, 32.3883321],
  ],
];

/** Builds WKB bytes by hand, so the decoder is not only checked against the encoder. */
function handBuilt(littleEndian: boolean, type: number, rings: number[][][]): Uint8Array {
  const size = 9 + rings.reduce((s, r) => s + 4 + r.length * 16, 0);
  const view = new DataView(new ArrayBuffer(size));
  view.setUint8(0, littleEndian ? 1 : 0);
  view.setUint32(1, type, littleEndian);
  view.setUint32(5, rings.length, littleEndian);
  let o = 9;
  for (const ring of rings) {
    view.setUint32(o, ring.length, littleEndian);
    o += 4;
    for (const [x, y] of ring) {
      view.setFloat64(o, x ?? NaN, littleEndian);
      view.setFloat64(o + 8, y ?? NaN, littleEndian);
      o += 16;
    }
  }
  return new Uint8Array(view.buffer);
}

describe('WKB encoding', () => {
  it('writes a little-endian Polygon with the ISO layout', () => {
    const bytes = encodeWkbPolygon(triangle);
    expect(bytes.length).toBe(1 + 4 + 4 + 4 + 4 * 16);
    const view = new DataView(bytes.buffer);
    expect(view.getUint8(0)).toBe(1);
    expect(view.getUint32(1, true)).toBe(3);
    expect(view.getUint32(5, true)).toBe(1);
    expect(view.getUint32(9, true)).toBe(4);
    expect(view.getFloat64(13, true)).toBe(120.5551234);
    expect(view.getFloat64(21, true)).toBe(32.3883321);
  });

  it('round-trips a polygon with a hole exactly', () => {
    expect(decodeWkb(encodeWkbPolygon(square))).toEqual([square]);
  });

  it('round-trips a multipolygon', () => {
    const multi = [square, triangle];
    const bytes = encodeWkbMultiPolygon(multi);
    expect(new DataView(bytes.buffer).getUint32(1, true)).toBe(6);
    expect(decodeWkb(bytes)).toEqual(multi);
  });

  it('closes open rings when encoding', () => {
    const open: PolygonCoords = [triangle[0]!.slice(0, 3)];
    expect(decodeWkb(encodeWkbPolygon(open))).toEqual([triangle]);
  });

  it('rejects rings with too few positions and non-finite coordinates', () => {
    expect(() => encodeWkbPolygon([[[0, 0], [1, 1], [0, 0]]])).toThrow(/at least 3 distinct/);
    expect(() => encodeWkbPolygon([[[0, 0], [1, NaN], [1, 1], [0, 0]]])).toThrow(/non-finite/);
  });

  it('decodes a Polygon from a view into a larger buffer', () => {
    const inner = encodeWkbPolygon(triangle);
    const padded = new Uint8Array(inner.length + 7);
    padded.set(inner, 3);
    expect(decodeWkb(padded.subarray(3, 3 + inner.length))).toEqual([triangle]);
  });
});

describe('WKB decoding', () => {
  it('reads big-endian Polygon bytes built by hand', () => {
    const ring = [
      [1, 2],
      [3, 2],
      [3, 5],
      [1, 2],
    ];
    const bytes = handBuilt(false, 3, [ring]);
    expect(bytes[0]).toBe(0);
    expect(Array.from(bytes.slice(1, 5))).toEqual([0, 0, 0, 3]);
    expect(decodeWkb(bytes)).toEqual([[ring]]);
  });

  it('reads a big-endian MultiPolygon whose members mix byte orders', () => {
    const a = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const b = [
      [5, 5],
      [6, 5],
      [6, 6],
      [5, 5],
    ];
    const first = handBuilt(false, 3, [a]);
    const second = handBuilt(true, 3, [b]);
    const head = new DataView(new ArrayBuffer(9));
    head.setUint8(0, 0);
    head.setUint32(1, 6, false);
    head.setUint32(5, 2, false);
    const bytes = new Uint8Array(9 + first.length + second.length);
    bytes.set(new Uint8Array(head.buffer), 0);
    bytes.set(first, 9);
    bytes.set(second, 9 + first.length);
    expect(decodeWkb(bytes)).toEqual([[a], [b]]);
  });

  it('closes an open ring it reads', () => {
    const bytes = handBuilt(true, 3, [
      [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    ]);
    expect(decodeWkb(bytes)).toEqual([
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    ]);
  });

  it('rejects a Point with a message naming it', () => {
    const point = new DataView(new ArrayBuffer(21));
    point.setUint8(0, 1);
    point.setUint32(1, 1, true);
    point.setFloat64(5, 120.5, true);
    point.setFloat64(13, 32.3, true);
    expect(() => decodeWkb(new Uint8Array(point.buffer))).toThrow('WKB decode: expected a 2D Polygon or MultiPolygon, found Point (type code 1)');
  });

  it('rejects Z polygons and EWKB', () => {
    const z = handBuilt(true, 1003, []);
    expect(() => decodeWkb(z)).toThrow(/Polygon Z \(type code 1003\)/);
    const ewkb = handBuilt(true, 0x20000003, []);
    expect(() => decodeWkb(ewkb)).toThrow(/EWKB/);
  });

  it('rejects a MultiPolygon holding something other than polygons', () => {
    const bytes = encodeWkbMultiPolygon([triangle]);
    new DataView(bytes.buffer).setUint32(10, 2, true); // member type -> LineString
    expect(() => decodeWkb(bytes)).toThrow(/member 0 of the MultiPolygon, found LineString/);
  });

  it('rejects truncated input at every cut', () => {
    const bytes = encodeWkbPolygon(square);
    for (const cut of [0, 1, 4, 8, 12, 20, bytes.length - 1]) {
      expect(() => decodeWkb(bytes.slice(0, cut))).toThrow(/WKB decode: truncated input/);
    }
  });

  it('rejects a ring count larger than the data without allocating it', () => {
    const bytes = encodeWkbPolygon(triangle);
    new DataView(bytes.buffer).setUint32(9, 0xffffffff, true);
    expect(() => decodeWkb(bytes)).toThrow(/truncated input: ring 0 with 4294967295 points/);
  });

  it('rejects a bad byte-order flag and trailing bytes', () => {
    const bytes = encodeWkbPolygon(triangle);
    const bad = bytes.slice();
    bad[0] = 7;
    expect(() => decodeWkb(bad)).toThrow(/invalid byte-order flag 7/);
    const long = new Uint8Array(bytes.length + 2);
    long.set(bytes);
    expect(() => decodeWkb(long)).toThrow(/2 unexpected trailing bytes/);
  });
});

describe('summarizeWkb', () => {
  it('counts polygons and vertices and takes the bounding box, as decodeWkb reads them', () => {
    // square: 5 + 5 positions; triangle: 4.
    expect(summarizeWkb(encodeWkbMultiPolygon([square, triangle]))).toEqual({
      polygons: 2,
      vertices: 14,
      openRings: 0,
      shortRings: 0,
      nonFinite: 0,
      bbox: [120, 32, 121, 33],
    });
  });

  it('finds open and short rings and non-finite positions, which decodeWkb would quietly close or pass on', () => {
    const open = handBuilt(true, 3, [[[120, 32], [121, 32], [121, 33], [120, 33]]]);
    expect(summarizeWkb(open)).toMatchObject({ vertices: 4, openRings: 1, shortRings: 0 });
    const short = handBuilt(true, 3, [[[120, 32], [121, 32], [120, 32]]]);
    expect(summarizeWkb(short)).toMatchObject({ vertices: 3, openRings: 0, shortRings: 1 });
    const nan = handBuilt(false, 3, [[[120, 32], [NaN, 32], [121, Infinity], [120, 32]]]);
    expect(summarizeWkb(nan)).toMatchObject({ vertices: 4, nonFinite: 2, bbox: [120, 32, 120, 32] });
  });

  it('throws a WkbError saying which fault, for the loader to put in Chinese', () => {
    const fault = (bytes: Uint8Array) => {
      try {
        summarizeWkb(bytes);
      } catch (e) {
        return e instanceof WkbError ? [e.fault, e.typeCode] : ['other'];
      }
      return ['none'];
    };
    const bytes = encodeWkbPolygon(triangle);
    expect(fault(bytes)).toEqual(['none']);
    expect(fault(Uint8Array.of(222, 1, 2, 3))).toEqual(['byte-order', undefined]);
    expect(fault(bytes.slice(0, 20))).toEqual(['truncated', undefined]);
    expect(fault(handBuilt(true, 2, []))).toEqual(['type', 2]);
    const long = new Uint8Array(bytes.length + 1);
    long.set(bytes);
    expect(fault(long)).toEqual(['trailing', undefined]);
  });
});
