/**
 * Coordinate datums met in county ledgers, converted to WGS84 (the extract's datum).
 *
 * - WGS84 / CGCS2000: GPS and 天地图; the same at map scale, left as they are.
 * - GCJ-02: Amap (高德), Tencent and most phone pickers; offset from WGS84 by up to ~700 m inside China.
 * - BD-09: Baidu; GCJ-02 with a further offset.
 *
 * The forward GCJ-02 formula is the widely published one; its inverse has no closed form, so WGS84 is found by
 * fixed-point iteration until the forward transform lands within 1e-10° (about 0.01 mm) of the input; BD-09 likewise.
 * Outside China's rough bounds GCJ-02 equals WGS84, as in the forward formula.
 */

export const SOURCE_DATUMS = ['WGS84', 'CGCS2000', 'GCJ-02', 'BD-09'] as const;
export type SourceDatum = (typeof SOURCE_DATUMS)[number];

export type LngLat = [number, number];

const A = 6378245.0;
const EE = 0.006693421622965943;
const X_PI = (Math.PI * 3000.0) / 180.0;

export function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLng(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/** WGS84 → GCJ-02 (the forward, published formula). */
export function wgs84ToGcj02([lng, lat]: LngLat): LngLat {
  if (outOfChina(lng, lat)) return [lng, lat];
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** GCJ-02 → WGS84, by iterating the forward formula (converges in a few steps to ~1e-9°). */
export function gcj02ToWgs84(gcj: LngLat): LngLat {
  if (outOfChina(gcj[0], gcj[1])) return [gcj[0], gcj[1]];
  let w: LngLat = [gcj[0], gcj[1]];
  for (let i = 0; i < 30; i++) {
    const g = wgs84ToGcj02(w);
    const dx = g[0] - gcj[0];
    const dy = g[1] - gcj[1];
    w = [w[0] - dx, w[1] - dy];
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
  }
  return w;
}

/**
 * BD-09 → GCJ-02: Baidu's published approximate inverse (off by up to ~10 cm), refined by iterating the forward
 * formula until it lands within 1e-10° of the input.
 */
export function bd09ToGcj02(bd: LngLat): LngLat {
  const x = bd[0] - 0.0065;
  const y = bd[1] - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  let g: LngLat = [z * Math.cos(theta), z * Math.sin(theta)];
  for (let i = 0; i < 30; i++) {
    const b = gcj02ToBd09(g);
    const dx = b[0] - bd[0];
    const dy = b[1] - bd[1];
    g = [g[0] - dx, g[1] - dy];
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
  }
  return g;
}

/** GCJ-02 → BD-09. */
export function gcj02ToBd09([lng, lat]: LngLat): LngLat {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** Any supported datum → WGS84. */
export function toWgs84(p: LngLat, datum: SourceDatum): LngLat {
  switch (datum) {
    case 'WGS84':
    case 'CGCS2000':
      return [p[0], p[1]];
    case 'GCJ-02':
      return gcj02ToWgs84(p);
    case 'BD-09':
      return gcj02ToWgs84(bd09ToGcj02(p));
  }
}

/** WGS84 → any supported datum (used by tests and fixtures to make points as a phone picker would). */
export function fromWgs84(p: LngLat, datum: SourceDatum): LngLat {
  switch (datum) {
    case 'WGS84':
    case 'CGCS2000':
      return [p[0], p[1]];
    case 'GCJ-02':
      return wgs84ToGcj02(p);
    case 'BD-09':
      return gcj02ToBd09(wgs84ToGcj02(p));
  }
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMetres(a: LngLat, b: LngLat): number {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}
