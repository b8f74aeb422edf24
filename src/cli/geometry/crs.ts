/**
 * The coordinate reference systems a bureau's boundary file may be in, and their conversion to WGS84 [lng, lat]:
 * WGS84 (EPSG:4326), CGCS2000 geographic (EPSG:4490), and the CGCS2000 Gauss–Krüger projections (EPSG:4491–4554:
 * 6-degree zones 13–23 with the zone number in the easting, 4491–4501, and without, 4502–4512; 3-degree zones
 * 25–45 with, 4513–4533, and without, 4534–4554). All projection maths is proj4's; the Gauss–Krüger CRSs are
 * defined here from their published parameters (transverse Mercator, scale 1, false northing 0, GRS80/CGCS2000
 * ellipsoid, whose flattening differs by 1e-13: under 0.1 mm), since proj4 ships only a few EPSG codes.
 *
 * CGCS2000 and WGS84 agree to centimetres at map scale and are taken as the same datum, as elsewhere in the tool.
 */
import proj4 from 'proj4';

export type LngLat = [number, number];

export interface Crs {
  epsg: number;
  /** Chinese name for the report. */
  name: string;
  geographic: boolean;
  /** proj4 definition string. */
  proj4: string;
  /** Gauss–Krüger only: central meridian (degrees) and whether the easting carries the zone number. */
  centralMeridian?: number;
  zone?: number;
  zonePrefixed?: boolean;
}

const GEOGRAPHIC: Record<number, Crs> = {
  4326: { epsg: 4326, name: 'WGS84 经纬度（EPSG:4326）', geographic: true, proj4: '+proj=longlat +datum=WGS84 +no_defs' },
  4490: { epsg: 4490, name: 'CGCS2000 经纬度（EPSG:4490）', geographic: true, proj4: '+proj=longlat +ellps=GRS80 +no_defs' },
};

const tmerc = (lon0: number, x0: number): string => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`;

/** The CGCS2000 Gauss–Krüger CRS of an EPSG code in 4491–4554, from its parameters; null for any other code. */
function gaussKruger(epsg: number): Crs | null {
  const band = (first: number, degrees: 3 | 6, prefixed: boolean, firstZone: number, count: number): Crs | null => {
    const i = epsg - first;
    if (i < 0 || i >= count) return null;
    const zone = firstZone + i;
    const centralMeridian = degrees === 6 ? zone * 6 - 3 : zone * 3;
    const x0 = prefixed ? zone * 1_000_000 + 500_000 : 500_000;
    const name = `CGCS2000 ${degrees} 度带高斯-克吕格投影${prefixed ? `第 ${zone} 带（东坐标带带号）` : `中央经线 ${centralMeridian}°E（东坐标不带带号）`}（EPSG:${epsg}）`;
    return { epsg, name, geographic: false, proj4: tmerc(centralMeridian, x0), centralMeridian, zone, zonePrefixed: prefixed };
  };
  return band(4491, 6, true, 13, 11) ?? band(4502, 6, false, 13, 11) ?? band(4513, 3, true, 25, 21) ?? band(4534, 3, false, 25, 21);
}

/** The CRS of an EPSG code this tool knows, or null. */
export function crsOfEpsg(epsg: number): Crs | null {
  return GEOGRAPHIC[epsg] ?? gaussKruger(epsg);
}

export const SUPPORTED_EPSG = 'EPSG:4326（WGS84 经纬度）、4490（CGCS2000 经纬度）、4491–4554（CGCS2000 高斯-克吕格投影：4513–4533 为 3 度带、东坐标带带号，4534–4554 为 3 度带、不带带号，4491–4501 为 6 度带、带带号，4502–4512 为 6 度带、不带带号）';

/** A CRS given as text: "4528", "EPSG:4528", "epsg 4528". Null when it is none of the codes this tool knows. */
export function parseEpsg(text: string): Crs | null {
  const m = /^\s*(?:epsg\s*[: ]?\s*)?(\d{4,5})\s*$/i.exec(text);
  return m ? crsOfEpsg(Number(m[1])) : null;
}

export class CrsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrsError';
  }
}

const near = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol;

/** What proj4's WKT parser gives (the fields read here). */
interface ParsedWkt {
  projName?: string;
  a?: number;
  rf?: number;
  b?: number;
  k0?: number;
  x0?: number;
  y0?: number;
  long0?: number;
  lat0?: number;
  to_meter?: number;
  units?: string;
}

/**
 * The CRS a .prj's WKT describes, matched to one of the codes this tool knows: by its EPSG authority, else by its
 * parameters (read with proj4's WKT parser): a geographic CRS on the WGS84/GRS80/CGCS2000 ellipsoid, or a
 * transverse Mercator (Gauss–Krüger) on it with scale 1, false northing 0, a central meridian on a 3° (or 6°)
 * zone, and a false easting of 500 km, with or without the zone number. Throws CrsError (Chinese, naming `file`)
 * otherwise: Beijing 1954 and Xian 1980 need a seven-parameter datum shift only the bureau's surveyors know.
 */
export function crsOfPrj(wkt: string, file: string): Crs {
  const hint = `请用 --epsg 指定坐标系的 EPSG 代码（或在映射的 boundaries 中写 "epsg"），本工具支持 ${SUPPORTED_EPSG}`;
  const text = wkt.replace(/^\uFEFF/, '').trim();
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text) ?? /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)[\s\S]*ID\s*\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(text);
  if (authority) {
    const known = crsOfEpsg(Number(authority[1]));
    if (known) return known;
  }
  if (/beijing|xian|xi'an|krasovsky|krassowsky|IAG[_ ]?1975|北京|西安/i.test(text)) {
    throw new CrsError(`${file}：坐标系为北京54或西安80，与 CGCS2000 之间需要当地的七参数转换，本工具不做：请在 GIS 软件中先转换为 CGCS2000（经纬度或高斯-克吕格投影）再运行`);
  }
  let parsed: ParsedWkt;
  try {
    parsed = proj4.Proj(text) as unknown as ParsedWkt;
  } catch {
    throw new CrsError(`${file}：无法识别其中的坐标系说明（WKT）。${hint}`);
  }
  const onGrs80 = parsed.a !== undefined && near(parsed.a, 6378137, 0.5) && (parsed.rf === undefined ? parsed.b !== undefined && near(parsed.b, 6356752.314, 0.01) : near(parsed.rf, 298.257, 0.001));
  if (!onGrs80) throw new CrsError(`${file}：坐标系的椭球不是 CGCS2000/WGS84（长半轴 ${parsed.a ?? '未知'} 米），无法直接转换。${hint}`);
  const projName = (parsed.projName ?? '').toLowerCase();
  if (projName === 'longlat' || projName === 'lonlat') return GEOGRAPHIC[4490] as Crs;
  const isTmerc = /tmerc|transverse|gauss/.test(projName.replace(/[_ ]/g, ''));
  const lon0 = ((parsed.long0 ?? NaN) * 180) / Math.PI;
  const x0 = parsed.x0 ?? NaN;
  const metres = parsed.to_meter === undefined || near(parsed.to_meter, 1, 1e-9);
  if (isTmerc && metres && near(parsed.k0 ?? 1, 1, 1e-9) && near(parsed.y0 ?? 0, 0, 1e-6) && near(parsed.lat0 ?? 0, 0, 1e-9) && Number.isFinite(lon0)) {
    const cm = Math.round(lon0);
    if (near(lon0, cm, 1e-6)) {
      const prefixed = !near(x0, 500_000, 1e-3);
      const zone3 = cm / 3;
      const zone6 = (cm + 3) / 6;
      const candidates = [
        ...(Number.isInteger(zone3) ? [prefixed ? 4513 + zone3 - 25 : 4534 + zone3 - 25] : []),
        ...(Number.isInteger(zone6) ? [prefixed ? 4491 + zone6 - 13 : 4502 + zone6 - 13] : []),
      ]
        .map((c) => gaussKruger(c))
        .filter((c): c is Crs => c !== null && c.centralMeridian === cm && (!prefixed || near(x0, (c.zone as number) * 1_000_000 + 500_000, 1e-3)));
      if (candidates[0]) return candidates[0];
    }
  }
  throw new CrsError(`${file}：无法识别其中的坐标系（${parsed.projName ?? '未知投影'}${Number.isFinite(lon0) ? `，中央经线 ${lon0}°` : ''}${Number.isFinite(x0) ? `，东偏移 ${x0} 米` : ''}），不是本工具支持的坐标系。${hint}`);
}

/** A converter from `crs` to WGS84 [lng, lat]. */
export function toWgs84Converter(crs: Crs): (p: readonly [number, number]) => LngLat {
  if (crs.geographic) return (p) => [p[0], p[1]];
  const converter = proj4(crs.proj4, GEOGRAPHIC[4326]?.proj4 as string);
  return (p) => converter.forward([p[0], p[1]]) as LngLat;
}

/** China's rough bounds, for telling a wrong coordinate system from a right one. */
export const CHINA_BOUNDS = { west: 73, east: 136, south: 3, north: 54 } as const;

export const inChina = ([lng, lat]: readonly [number, number]): boolean =>
  Number.isFinite(lng) && Number.isFinite(lat) && lng >= CHINA_BOUNDS.west && lng <= CHINA_BOUNDS.east && lat >= CHINA_BOUNDS.south && lat <= CHINA_BOUNDS.north;

/**
 * A guess, from raw coordinates, of the Gauss–Krüger CRS they look like (for messages only: nothing is converted
 * on a guess). An easting of 25–45 million is a 3-degree zone number, 13–23 million a 6-degree one.
 */
export function guessFromCoordinates([x, y]: readonly [number, number]): Crs | null {
  if (!(y > 0 && y < 6_500_000)) return null;
  const zone = Math.floor(x / 1_000_000);
  if (zone >= 25 && zone <= 45) return gaussKruger(4513 + zone - 25);
  if (zone >= 13 && zone <= 23) return gaussKruger(4491 + zone - 13);
  return null;
}

/** The 3-degree Gauss–Krüger CRS (no zone number) whose central meridian is nearest `lng`: for planar work in metres. */
export function localGaussKruger(lng: number): Crs {
  const zone = Math.min(45, Math.max(25, Math.round(lng / 3)));
  return gaussKruger(4534 + zone - 25) as Crs;
}
