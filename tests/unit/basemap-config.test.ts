import { describe, expect, it } from 'vitest';
import { basemapAllowedBy, parseBasemapConfig, type Basemap } from '../../src/map/basemap-config';
import { metaPolicy } from '../../src/security/csp';

const PAGE = 'https://atlas.mzj.local/care-atlas/index.html';
const TIANDITU = {
  type: 'wmts',
  url: 'https://t0.tianditu.gov.cn/vec_w/wmts?tk=0123abcd',
  layer: 'vec',
  tileMatrixSet: 'w',
  format: 'tiles',
  crs: 'CGCS2000',
  attribution: '© 国家地理信息公共服务平台（天地图）',
  approvalNumber: 'GS(2024)0568号',
};
const XYZ = {
  type: 'xyz',
  url: 'http://10.12.0.7:8080/tiles/{z}/{x}/{y}.png',
  crs: 'WGS84',
  attribution: '县自然资源局影像',
  approvalNumber: '苏S(2025)012号',
};

/** config.json with this basemap; an array or a string stands for the whole file. */
const file = (b: unknown) => (b !== null && typeof b === 'object' && !Array.isArray(b) && 'crs' in b ? { basemap: b } : b);
const ok = (json: unknown): Basemap => {
  const { basemap, problem } = parseBasemapConfig(file(json), PAGE);
  expect(problem).toBeNull();
  expect(basemap).not.toBeNull();
  return basemap as Basemap;
};
const refusal = (json: unknown): string => {
  const { basemap, problem } = parseBasemapConfig(file(json), PAGE);
  expect(basemap).toBeNull();
  expect(problem).not.toBeNull();
  return problem!.text;
};

describe('config.json: the basemap', () => {
  it('is none when the file is absent or says null', () => {
    expect(parseBasemapConfig(undefined, PAGE)).toEqual({ basemap: null, problem: null });
    expect(parseBasemapConfig({ basemap: null }, PAGE)).toEqual({ basemap: null, problem: null });
    expect(parseBasemapConfig({}, PAGE)).toEqual({ basemap: null, problem: null });
  });

  it('reads an intranet XYZ server: its origin is the one host contacted', () => {
    const b = ok(XYZ);
    expect(b).toEqual({
      kind: 'xyz',
      url: 'http://10.12.0.7:8080/tiles/{z}/{x}/{y}.png',
      origin: 'http://10.12.0.7:8080',
      scheme: 'xyz',
      tileSize: 256,
      minZoom: 0,
      maxZoom: 18,
      crs: 'WGS84',
      attribution: '县自然资源局影像',
      approvalNumber: '苏S(2025)012号',
    });
  });

  it('builds 天地图’s WMTS GetTile template, keeping its key', () => {
    const b = ok(TIANDITU);
    expect(b.origin).toBe('https://t0.tianditu.gov.cn');
    expect(b.url).toBe(
      'https://t0.tianditu.gov.cn/vec_w/wmts?tk=0123abcd&SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    );
    expect(ok({ ...TIANDITU, url: 'https://wmts.js.gov.cn/wmts', format: undefined }).url).toContain('/wmts?SERVICE=WMTS&');
  });

  it('reads a PMTiles file on the app’s own server, resolved from the page, with no other origin', () => {
    const b = ok({ ...XYZ, type: 'pmtiles', url: 'basemap/rugao.pmtiles' });
    expect(b.url).toBe('https://atlas.mzj.local/care-atlas/basemap/rugao.pmtiles');
    expect(b.origin).toBeNull();
    expect(refusal({ ...XYZ, type: 'pmtiles', url: 'https://cdn.example.org/x.pmtiles' })).toContain('须放在本系统所在的服务器上');
  });

  it('refuses GCJ-02 and BD-09 sources, declared or known by their host, saying why', () => {
    for (const crs of ['GCJ-02', 'gcj02', 'BD-09', 'bd09ll']) {
      const text = refusal({ ...XYZ, crs });
      expect(text).toContain('basemap.crs');
      expect(text).toContain('偏移');
      expect(text).toContain('WGS84/CGCS2000');
    }
    const amap = refusal({ ...XYZ, url: 'https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8' });
    expect(amap).toContain('webrd01.is.autonavi.com 是高德地图的瓦片服务器');
    expect(amap).toContain('GCJ-02');
    expect(refusal({ ...XYZ, url: 'https://rt0.map.gtimg.com/tile?z={z}&x={x}&y={y}' })).toContain('腾讯');
    expect(refusal({ ...XYZ, url: 'https://maponline0.bdimg.com/tile/?x={x}&y={y}&z={z}' })).toContain('BD-09');
    expect(refusal({ ...XYZ, crs: 'Beijing54' })).toContain('不认识坐标系');
  });

  it('refuses what it cannot draw or would not know how to credit, naming the field', () => {
    expect(refusal([])).toContain('应为一个 JSON 对象');
    expect(refusal({ basemap: 'tianditu' })).toContain('basemap 应为一个 JSON 对象');
    expect(refusal({ basemaps: {} })).toContain('不认识的设置项“basemaps”');
    expect(refusal({ ...XYZ, type: 'wms' })).toContain('basemap.type');
    expect(refusal({ ...XYZ, url: 'ftp://10.12.0.7/{z}/{x}/{y}.png' })).toContain('只能使用 http 或 https');
    expect(refusal({ ...XYZ, url: 'file:///srv/{z}/{x}/{y}.png' })).toContain('只能使用 http 或 https');
    expect(refusal({ ...XYZ, url: 'http://u:p@10.12.0.7/{z}/{x}/{y}.png' })).toContain('用户名或密码');
    expect(refusal({ ...XYZ, url: 'http://10.12.0.7/tiles/{z}/{x}.png' })).toContain('缺少 {y}');
    expect(refusal({ ...XYZ, url: 'tiles/{z}/{x}/{y}.png' })).toContain('完整网址');
    expect(refusal({ ...XYZ, approvalNumber: undefined })).toContain('basemap.approvalNumber：缺少此项');
    expect(refusal({ ...XYZ, attribution: 3 })).toContain('basemap.attribution：应为非空文字');
    expect(refusal({ ...XYZ, maxZoom: '18' })).toContain('basemap.maxZoom');
    expect(refusal({ ...XYZ, minZoom: 12, maxZoom: 8 })).toContain('大于');
    expect(refusal({ ...XYZ, tileSize: 300 })).toContain('256 或 512');
    expect(refusal({ ...XYZ, layer: 'vec' })).toContain('只用于 wmts');
    expect(refusal({ ...XYZ, approvalNo: 'x' })).toContain('basemap.approvalNo：不认识的设置项');
    expect(refusal({ ...TIANDITU, tileMatrixSet: 'c' })).toContain('不是 Web 墨卡托网格');
    expect(refusal({ ...TIANDITU, url: 'https://t0.tianditu.gov.cn/vec_w/wmts?x={x}' })).toContain('不含 {z}、{x}、{y}');
    for (const t of [refusal({ ...XYZ, crs: 'GCJ-02' }), refusal([])]) expect(t).toMatch(/^config\.json：.*底图未启用，地图照常显示/);
  });

  it('is drawn only when the page’s policy allows its origin in connect-src and img-src', () => {
    const b = ok(XYZ);
    expect(basemapAllowedBy(metaPolicy(), b)).toBe(false);
    expect(basemapAllowedBy(metaPolicy({ tileOrigins: ['http://10.12.0.7:8080'] }), b)).toBe(true);
    expect(basemapAllowedBy(metaPolicy({ tileOrigins: ['http://10.12.0.7'] }), b)).toBe(false);
    expect(basemapAllowedBy("default-src 'self'; connect-src 'self' http://10.12.0.7:8080", b)).toBe(false);
    expect(basemapAllowedBy(null, b)).toBe(true);
    expect(basemapAllowedBy(metaPolicy(), ok({ ...XYZ, type: 'pmtiles', url: 'a.pmtiles' }))).toBe(true);
  });
});
