/**
 * Reading a bureau's boundary file: a shapefile (.shp with its .dbf, .prj and optional .cpg beside it), a .zip
 * holding one or more shapefiles, or GeoJSON. Each shapefile (or the GeoJSON) is a layer with its own coordinate
 * system: the .prj's, the GeoJSON's `crs` member, or the EPSG code the bureau gives (which wins). Coordinates are
 * converted to WGS84 with proj4 (crs.ts) and checked to be in China, with a Chinese diagnosis of the usual
 * mistakes (projected metres read as degrees, an easting with or without its zone number, swapped axes).
 * Every refusal is a BoundaryFileError in Chinese naming the file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { read as readShapefile } from 'shapefile';
import { crsOfPrj, CrsError, guessFromCoordinates, inChina, parseEpsg, SUPPORTED_EPSG, toWgs84Converter, type Crs, type LngLat } from './crs';

/** A polygon as rings of [x, y] in the layer's coordinates (outer ring first). */
export type RawPolygon = [number, number][][];

export interface RawFeature {
  /** 1-based position in its layer, for messages. */
  index: number;
  properties: Record<string, unknown>;
  /** Polygons in WGS84 [lng, lat]; null when the geometry is missing or not a polygon. */
  polygons: LngLat[][][] | null;
  /** The geometry type as read (for a refusal of points or lines). */
  geometryType: string | null;
}

export interface BoundaryLayer {
  /** The file (and, inside a zip, the shapefile) as the report names it. */
  label: string;
  crs: Crs;
  /** Where the CRS came from, in Chinese. */
  crsFrom: string;
  features: RawFeature[];
  /** The DBF's text encoding (shapefiles only). */
  encoding?: string;
}

export class BoundaryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoundaryFileError';
  }
}

interface GeoJsonGeometry {
  type?: string;
  coordinates?: unknown;
  geometries?: GeoJsonGeometry[];
}
interface GeoJsonFeature {
  type?: string;
  properties?: Record<string, unknown> | null;
  geometry?: GeoJsonGeometry | null;
}

/** Rings of numbers, or null when the nesting or a number is wrong. */
function rings(value: unknown): [number, number][][] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const out: [number, number][][] = [];
  for (const ring of value) {
    if (!Array.isArray(ring)) return null;
    const pts: [number, number][] = [];
    for (const p of ring) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
      pts.push([p[0], p[1]]);
    }
    out.push(pts);
  }
  return out;
}

/** A Polygon, MultiPolygon or a GeometryCollection of them → polygons; null for anything else. */
function polygonsOf(g: GeoJsonGeometry | null | undefined): RawPolygon[] | null {
  if (!g) return null;
  if (g.type === 'Polygon') {
    const r = rings(g.coordinates);
    return r ? [r] : null;
  }
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
    const ps = g.coordinates.map(rings);
    return ps.length > 0 && ps.every((p) => p !== null) ? (ps as RawPolygon[]) : null;
  }
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries)) {
    const parts = g.geometries.map(polygonsOf);
    return parts.length > 0 && parts.every((p) => p !== null) ? (parts as RawPolygon[][]).flat() : null;
  }
  return null;
}

interface RawLayer {
  label: string;
  crs: Crs;
  crsFrom: string;
  features: { properties: Record<string, unknown>; polygons: RawPolygon[] | null; geometryType: string | null }[];
  encoding?: string;
}

/** The `crs` member of an old (2008) GeoJSON: "EPSG:4528", "urn:ogc:def:crs:EPSG::4528", or OGC CRS84. */
function geoJsonCrs(json: { crs?: { properties?: { name?: unknown } } }, label: string): Crs | null {
  const name = json.crs?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return parseEpsg('4326');
  const code = /EPSG:*(\d+)\s*$/i.exec(name)?.[1];
  const crs = code ? parseEpsg(code) : null;
  if (!crs) throw new BoundaryFileError(`${label}：GeoJSON 的 crs「${name}」不是本工具支持的坐标系。请用 --epsg 指定，支持 ${SUPPORTED_EPSG}`);
  return crs;
}

function readGeoJson(text: string, label: string, epsg: Crs | null): RawLayer {
  let json: { type?: string; features?: GeoJsonFeature[]; geometry?: GeoJsonGeometry; crs?: { properties?: { name?: unknown } } };
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof json;
  } catch (e) {
    throw new BoundaryFileError(`${label}：不是有效的 GeoJSON（${e instanceof Error ? e.message : String(e)}）`);
  }
  const features = json.type === 'FeatureCollection' && Array.isArray(json.features) ? json.features : json.type === 'Feature' ? [json as GeoJsonFeature] : null;
  if (!features) throw new BoundaryFileError(`${label}：GeoJSON 应为 FeatureCollection（要素集合）`);
  const declared = geoJsonCrs(json, label);
  const crs = epsg ?? declared ?? (parseEpsg('4326') as Crs);
  return {
    label,
    crs,
    crsFrom: epsg ? '命令行或映射中给出的 EPSG 代码' : declared ? 'GeoJSON 的 crs 声明' : 'GeoJSON 默认（RFC 7946：WGS84 经纬度）',
    features: features.map((f) => ({
      properties: f.properties ?? {},
      polygons: polygonsOf(f.geometry),
      geometryType: f.geometry?.type ?? null,
    })),
  };
}

/** The DBF's encoding: the .cpg's, else the DBF's language driver byte, else UTF-8 when every byte is valid UTF-8, else GBK. */
function dbfEncoding(dbf: Uint8Array, cpg: string | null): string {
  if (cpg !== null) {
    const c = cpg.trim().toLowerCase();
    if (/^(utf-?8|65001)$/.test(c)) return 'utf-8';
    if (/^(gbk|gb2312|gb18030|936|cp936|ansi 936)$/.test(c)) return 'gbk';
  }
  if (dbf[29] === 0x4d || dbf[29] === 0x7a) return 'gbk';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);

async function readShp(files: { shp: Uint8Array; dbf: Uint8Array | null; prj: string | null; cpg: string | null }, label: string, epsg: Crs | null): Promise<RawLayer> {
  let crs: Crs;
  let crsFrom: string;
  if (epsg) [crs, crsFrom] = [epsg, '命令行或映射中给出的 EPSG 代码'];
  else if (files.prj !== null) {
    try {
      crs = crsOfPrj(files.prj, `${label.replace(/\.shp$/i, '')}.prj`);
    } catch (e) {
      throw new BoundaryFileError(e instanceof CrsError ? e.message : String(e));
    }
    crsFrom = '.prj 文件';
  } else throw new BoundaryFileError(`${label}：缺少 .prj 文件（坐标系说明），无法确定坐标系。请用 --epsg 指定坐标系的 EPSG 代码（或在映射的 boundaries 中写 "epsg"），支持 ${SUPPORTED_EPSG}`);
  if (!files.dbf) throw new BoundaryFileError(`${label}：缺少同名的 .dbf 文件（属性表），无法读取区划代码和名称`);
  const encoding = dbfEncoding(files.dbf, files.cpg);
  let collection: { features: { properties: Record<string, unknown> | null; geometry: GeoJsonGeometry | null }[] };
  try {
    collection = (await readShapefile(copy(files.shp), copy(files.dbf), { encoding })) as unknown as typeof collection;
  } catch (e) {
    throw new BoundaryFileError(`${label}：无法读取 shapefile，文件可能已损坏或不完整（${e instanceof Error ? e.message : String(e)}）`);
  }
  return {
    label,
    crs,
    crsFrom,
    encoding,
    features: collection.features.map((f) => ({ properties: f.properties ?? {}, polygons: polygonsOf(f.geometry), geometryType: f.geometry?.type ?? null })),
  };
}

/** Files beside `shp` with the same stem, by extension (case-insensitive, as Windows writes them). */
function siblings(shp: string): Map<string, string> {
  const stem = basename(shp, extname(shp)).toLowerCase();
  const found = new Map<string, string>();
  for (const name of readdirSync(dirname(shp))) {
    const ext = extname(name).toLowerCase();
    if (basename(name, extname(name)).toLowerCase() === stem) found.set(ext, join(dirname(shp), name));
  }
  return found;
}

const decodeText = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);

/**
 * The layers of a boundary file, converted to WGS84 and checked to lie in China. `label` is the file as the
 * mapping or command line wrote it; `epsg`, when given, overrides the file's own CRS.
 */
export async function readBoundaryFile(path: string, label: string, epsg: Crs | null = null): Promise<BoundaryLayer[]> {
  if (!existsSync(path)) throw new BoundaryFileError(`${label}：找不到边界文件`);
  const ext = extname(path).toLowerCase();
  let raw: RawLayer[];
  if (ext === '.geojson' || ext === '.json') raw = [readGeoJson(readFileSync(path, 'utf8'), label, epsg)];
  else if (ext === '.shp') {
    const side = siblings(path);
    const read = (e: string) => (side.has(e) ? readFileSync(side.get(e) as string) : null);
    const prj = read('.prj');
    const cpg = read('.cpg');
    raw = [await readShp({ shp: readFileSync(path), dbf: read('.dbf'), prj: prj ? decodeText(prj) : null, cpg: cpg ? decodeText(cpg) : null }, label, epsg)];
  } else if (ext === '.zip') {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(readFileSync(path));
    } catch (e) {
      throw new BoundaryFileError(`${label}：压缩包已损坏或不完整，无法解压（${e instanceof Error ? e.message : String(e)}）`);
    }
    const names = Object.keys(entries).filter((n) => !n.startsWith('__MACOSX/'));
    const byStem = (shpName: string, e: string): Uint8Array | null => {
      const stem = shpName.slice(0, -4).toLowerCase();
      const hit = names.find((n) => n.toLowerCase() === `${stem}${e}`);
      return hit ? (entries[hit] as Uint8Array) : null;
    };
    const shps = names.filter((n) => n.toLowerCase().endsWith('.shp')).sort();
    const geojsons = names.filter((n) => /\.(geo)?json$/i.test(n)).sort();
    if (shps.length === 0 && geojsons.length === 0) throw new BoundaryFileError(`${label}：压缩包中没有 .shp 或 .geojson 文件`);
    raw = [];
    for (const n of shps) {
      const prj = byStem(n, '.prj');
      const cpg = byStem(n, '.cpg');
      raw.push(await readShp({ shp: entries[n] as Uint8Array, dbf: byStem(n, '.dbf'), prj: prj ? decodeText(prj) : null, cpg: cpg ? decodeText(cpg) : null }, `${label}/${n}`, epsg));
    }
    for (const n of geojsons) raw.push(readGeoJson(decodeText(entries[n] as Uint8Array), `${label}/${n}`, epsg));
  } else throw new BoundaryFileError(`${label}：边界文件应为 shapefile（.shp，同目录下有 .dbf、.prj）、含 shapefile 的 .zip 压缩包或 GeoJSON（.geojson/.json）`);
  return raw.map(convertLayer);
}

/** The layer in WGS84, or a refusal saying what the coordinates look like when they do not land in China. */
function convertLayer(layer: RawLayer): BoundaryLayer {
  const forward = toWgs84Converter(layer.crs);
  const withGeometry = layer.features.filter((f) => f.polygons && f.polygons.length > 0);
  const first = withGeometry[0]?.polygons?.[0]?.[0]?.[0];
  const features: RawFeature[] = [];
  const outside: number[] = [];
  layer.features.forEach((f, i) => {
    if (!f.polygons) {
      features.push({ index: i + 1, properties: f.properties, polygons: null, geometryType: f.geometryType });
      return;
    }
    let ok = true;
    const polygons = f.polygons.map((p) =>
      p.map((ring) =>
        ring.map((pt) => {
          const q = forward(pt);
          if (!inChina(q)) ok = false;
          return q;
        }),
      ),
    );
    if (!ok) outside.push(i + 1);
    features.push({ index: i + 1, properties: f.properties, polygons: ok ? polygons : null, geometryType: f.geometryType });
  });
  if (first && outside.length > 0 && outside.length >= withGeometry.length / 2) {
    throw new BoundaryFileError(`${layer.label}：按${layer.crs.name}（${layer.crsFrom}）转换后，${outside.length} 个要素不在中国境内，坐标系不对。${diagnose(first, layer.crs)}`);
  }
  if (outside.length > 0)
    throw new BoundaryFileError(
      `${layer.label}：第 ${outside.slice(0, 10).join('、')}${outside.length > 10 ? ' 等' : ''} 个要素按${layer.crs.name}转换后有坐标不在中国境内（其余要素正常），请在 GIS 软件中检查这些要素的坐标`,
    );
  return { label: layer.label, crs: layer.crs, crsFrom: layer.crsFrom, features, ...(layer.encoding ? { encoding: layer.encoding } : {}) };
}

/** What raw coordinates that did not land in China look like, in Chinese. */
function diagnose([x, y]: [number, number], crs: Crs): string {
  const sample = `（第一个坐标为 ${x}, ${y}）`;
  const guess = guessFromCoordinates([x, y]);
  const swapped = guessFromCoordinates([y, x]);
  if (crs.geographic && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
    return `坐标是以米为单位的投影坐标，不是经纬度${sample}${guess ? `：看起来是${guess.name}，请用 --epsg ${guess.epsg} 指定` : '：请用 --epsg 指定其投影的 EPSG 代码'}`;
  }
  if (crs.geographic && inChina([y, x])) return `经度和纬度似乎对调了${sample}：请在 GIS 软件中检查`;
  if (!crs.geographic && !guess && swapped) return `X、Y（东坐标、北坐标）似乎对调了${sample}：请在 GIS 软件中交换两者后再运行`;
  if (!crs.geographic && crs.zonePrefixed && x < 1_000_000) {
    const cm = crs.centralMeridian as number;
    const nonPrefixed = crs.epsg + (crs.epsg >= 4513 ? 4534 - 4513 : 4502 - 4491);
    return `东坐标没有带号${sample}，而${crs.name}的东坐标应以带号开头：若中央经线为 ${cm}°E，应为 EPSG:${nonPrefixed}，请用 --epsg ${nonPrefixed} 指定`;
  }
  if (!crs.geographic && !crs.zonePrefixed && guess) return `东坐标带有带号${sample}：看起来是${guess.name}，请用 --epsg ${guess.epsg} 指定`;
  if (!crs.geographic && Math.abs(x) <= 180 && Math.abs(y) <= 90) return `坐标看起来是经纬度，不是投影坐标${sample}：请用 --epsg 4490（CGCS2000 经纬度）指定`;
  return `请核对坐标系${sample}，用 --epsg 指定正确的 EPSG 代码（支持 ${SUPPORTED_EPSG}）`;
}
