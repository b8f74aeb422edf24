/**
 * config.json beside index.html: the bureau's own basemap, read at start-up (no rebuild). A pure check of the file's
 * JSON: it either gives one basemap the map can draw, or a Chinese problem naming the file and the field, and then
 * no basemap at all (the map works as without the file).
 *
 * Everything in the app is WGS84/CGCS2000 (the two agree to within centimetres at map scale). Tiles in GCJ-02
 * (Amap, Tencent) or BD-09 (Baidu) are offset by hundreds of metres from those, so such sources are refused,
 * whether declared so or recognised by their host. maplibre draws web-mercator tile grids only, so WMTS tile
 * matrix sets in geographic coordinates (天地图's `c`) are refused too.
 */
import { basemapText as msg } from '../i18n/zh-basemap';
import type { Problem } from '../i18n/errors';

export const CONFIG_FILE = 'config.json';

export type BasemapKind = 'xyz' | 'wmts' | 'pmtiles';

/** A basemap that passed every check, ready for the map style. */
export interface Basemap {
  kind: BasemapKind;
  /** xyz/wmts: one tile URL template with {z}, {x}, {y}; pmtiles: the archive's absolute URL (same server). */
  url: string;
  /** The one other origin the page contacts for it (scheme://host[:port]); null for a PMTiles file on the app's own server. */
  origin: string | null;
  scheme: 'xyz' | 'tms';
  tileSize: number;
  minZoom: number;
  maxZoom: number;
  /** As declared: WGS84 or CGCS2000. */
  crs: string;
  attribution: string;
  /** 审图号, e.g. GS(2024)0568号. */
  approvalNumber: string;
}

export type BasemapConfigResult = { basemap: Basemap | null; problem: Problem | null };

const BASEMAP_KEYS = ['type', 'url', 'crs', 'attribution', 'approvalNumber', 'scheme', 'tileSize', 'minZoom', 'maxZoom', 'layer', 'tileMatrixSet', 'style', 'format'] as const;

/** Datums the app's coordinates agree with, after removing case, spaces, '-', '_' and ':'. */
const ACCEPTED_CRS = new Set(['WGS84', 'CGCS2000', 'EPSG3857', 'EPSG4326', 'EPSG4490']);
/** Offset ("encrypted") Chinese datums. */
const OFFSET_CRS = /^(GCJ0?2|BD0?9(LL|MC)?|火星坐标(系)?|百度坐标(系)?)$/;

/** Hosts (and their subdomains) whose tiles are in GCJ-02 or BD-09. */
export const OFFSET_HOSTS: readonly { suffix: string; crs: string; provider: string }[] = [
  { suffix: 'amap.com', crs: 'GCJ-02', provider: '高德' },
  { suffix: 'autonavi.com', crs: 'GCJ-02', provider: '高德' },
  { suffix: 'gaode.com', crs: 'GCJ-02', provider: '高德' },
  { suffix: 'map.qq.com', crs: 'GCJ-02', provider: '腾讯' },
  { suffix: 'map.gtimg.com', crs: 'GCJ-02', provider: '腾讯' },
  { suffix: 'baidu.com', crs: 'BD-09', provider: '百度' },
  { suffix: 'bdimg.com', crs: 'BD-09', provider: '百度' },
  { suffix: 'bdstatic.com', crs: 'BD-09', provider: '百度' },
];

/** WMTS tile matrix sets on the web-mercator grid (upper-cased). */
const MERCATOR_MATRIX_SETS = new Set(['W', 'GOOGLEMAPSCOMPATIBLE', 'WEBMERCATORQUAD', 'EPSG:3857', 'EPSG:900913']);

class ConfigProblem extends Error {}

const fail = (text: string): never => {
  throw new ConfigProblem(text);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(b: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = b[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') return fail(v === undefined ? msg.missing(key) : msg.notText(key));
  if (v.length > 500) return fail(msg.tooLong(key));
  return v.trim();
}

function integer(b: Record<string, unknown>, key: string, min: number, max: number, fallback: number): number {
  const v = b[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return fail(msg.notInteger(key, min, max));
  return v;
}

/** The host a URL template names, checked: http(s) only, no user name or password. */
function parseTemplate(key: string, template: string, base: string): URL {
  let url: URL;
  try {
    url = new URL(template.replace(/\{(z|x|y|-y)\}/g, '0'), base);
  } catch {
    return fail(msg.badUrl(key, template));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(msg.notHttp(key, url.protocol));
  if (url.username || url.password) fail(msg.credentials(key));
  const host = url.hostname.toLowerCase();
  const offset = OFFSET_HOSTS.find((h) => host === h.suffix || host.endsWith(`.${h.suffix}`));
  if (offset) fail(msg.offsetHost(key, host, offset.provider, offset.crs));
  return url;
}

/** The KVP GetTile template of a WMTS endpoint, keeping the endpoint's own query (天地图's tk). */
function wmtsTemplate(endpoint: string, layer: string, matrixSet: string, style: string, format: string): string {
  const params = [
    ['SERVICE', 'WMTS'],
    ['REQUEST', 'GetTile'],
    ['VERSION', '1.0.0'],
    ['LAYER', layer],
    ['STYLE', style],
    ['TILEMATRIXSET', matrixSet],
    ['FORMAT', format],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  const joiner = endpoint.includes('?') ? (/[?&]$/.test(endpoint) ? '' : '&') : '?';
  return `${endpoint}${joiner}${params}&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`;
}

function checkBasemap(b: Record<string, unknown>, pageUrl: string): Basemap {
  for (const key of Object.keys(b)) {
    if (!(BASEMAP_KEYS as readonly string[]).includes(key)) fail(msg.unknownKey(key, BASEMAP_KEYS.join('、')));
  }
  const type = text(b, 'type', true) as string;
  if (type !== 'xyz' && type !== 'wmts' && type !== 'pmtiles') return fail(msg.badType(type));
  const crs = text(b, 'crs', true) as string;
  const crsKey = crs.toUpperCase().replace(/[\s\-_:]/g, '');
  if (OFFSET_CRS.test(crsKey)) fail(msg.offsetCrs(crs));
  if (!ACCEPTED_CRS.has(crsKey)) fail(msg.unknownCrs(crs));
  const attribution = text(b, 'attribution', true) as string;
  const approvalNumber = text(b, 'approvalNumber', true) as string;
  const rawUrl = text(b, 'url', true) as string;
  const schemeValue = b.scheme ?? 'xyz';
  if (schemeValue !== 'xyz' && schemeValue !== 'tms') fail(msg.badScheme(String(schemeValue)));
  const tileSize = integer(b, 'tileSize', 64, 1024, 256);
  if (tileSize !== 256 && tileSize !== 512) fail(msg.badTileSize(tileSize));
  const minZoom = integer(b, 'minZoom', 0, 22, 0);
  const maxZoom = integer(b, 'maxZoom', 0, 22, 18);
  if (minZoom > maxZoom) fail(msg.zoomOrder(minZoom, maxZoom));
  const wmtsOnly = ['layer', 'tileMatrixSet', 'style', 'format'].filter((k) => b[k] !== undefined);
  if (type !== 'wmts' && wmtsOnly.length > 0) fail(msg.wmtsOnly(wmtsOnly[0] as string, type));
  const common = { scheme: schemeValue as 'xyz' | 'tms', tileSize, minZoom, maxZoom, crs, attribution, approvalNumber };

  if (type === 'pmtiles') {
    const url = parseTemplate('url', rawUrl, pageUrl);
    if (url.origin !== new URL(pageUrl).origin) fail(msg.pmtilesElsewhere(url.origin));
    if (!/\.pmtiles$/i.test(url.pathname)) fail(msg.notPmtiles(rawUrl));
    return { kind: 'pmtiles', url: url.href, origin: null, ...common };
  }
  const parsed = parseTemplate('url', rawUrl, pageUrl);
  if (!/^https?:\/\//i.test(rawUrl)) fail(msg.notAbsolute(rawUrl));
  if (type === 'xyz') {
    for (const p of ['{z}', '{x}', '{y}']) if (!rawUrl.includes(p)) fail(msg.placeholder(p));
    return { kind: 'xyz', url: rawUrl, origin: parsed.origin, ...common };
  }
  if (/\{(z|x|y)\}/.test(rawUrl)) fail(msg.wmtsPlaceholders);
  const layer = text(b, 'layer', true) as string;
  const matrixSet = text(b, 'tileMatrixSet', true) as string;
  if (!MERCATOR_MATRIX_SETS.has(matrixSet.toUpperCase())) fail(msg.notMercator(matrixSet));
  const style = text(b, 'style', false) ?? 'default';
  const format = text(b, 'format', false) ?? 'image/png';
  return { kind: 'wmts', url: wmtsTemplate(rawUrl, layer, matrixSet, style, format), origin: parsed.origin, ...common };
}

/**
 * Checks config.json's parsed JSON (`undefined` when the file is absent). `pageUrl` is the page's address: a
 * PMTiles path is relative to it and must stay on its server.
 */
export function parseBasemapConfig(json: unknown, pageUrl: string): BasemapConfigResult {
  if (json === undefined) return { basemap: null, problem: null };
  try {
    if (!isObject(json)) return fail(msg.notObject);
    for (const key of Object.keys(json)) if (key !== 'basemap') fail(msg.unknownTopKey(key));
    if (json.basemap === undefined || json.basemap === null) return { basemap: null, problem: null };
    if (!isObject(json.basemap)) return fail(msg.basemapNotObject);
    return { basemap: checkBasemap(json.basemap, pageUrl), problem: null };
  } catch (e) {
    if (e instanceof ConfigProblem) return { basemap: null, problem: { text: msg.refused(e.message) } };
    throw e;
  }
}

/**
 * True when a Content-Security-Policy (a meta tag's content) lists `origin` in `directive`; always true for no
 * policy (null: the development server sends none).
 */
export function policyAllows(policy: string | null, directive: string, origin: string): boolean {
  if (policy === null) return true;
  const values = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === directive)
    ?.slice(1);
  return values?.includes(origin) ?? false;
}

/** True when the policy lets the page fetch and draw the basemap's tiles (connect-src for fetch, img-src for images). */
export function basemapAllowedBy(policy: string | null, basemap: Basemap): boolean {
  if (basemap.origin === null) return true;
  return policyAllows(policy, 'connect-src', basemap.origin) && policyAllows(policy, 'img-src', basemap.origin);
}
