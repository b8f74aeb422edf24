import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureBasemap, policyMetaTag, SetupError, withTileOrigins } from '../../src/cli/basemap-setup';
import { metaPolicy } from '../../src/security/csp';

const BUILT = `<!doctype html>\n<html><head><meta charset="UTF-8" />\n    ${policyMetaTag([])}\n<title>关爱一张图</title></head><body></body></html>\n`;
const XYZ = {
  basemap: { type: 'xyz', url: 'http://10.12.0.7:8080/tiles/{z}/{x}/{y}.png', crs: 'CGCS2000', attribution: '县自然资源局', approvalNumber: '苏S(2025)012号' },
};

let dist: string;
beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), 'care-atlas-basemap-'));
  writeFileSync(join(dist, 'index.html'), BUILT);
});
afterEach(() => rmSync(dist, { recursive: true, force: true }));

const policyOf = (html: string) => /content="([^"]*)"/.exec(html.split('\n').find((l) => l.includes('Content-Security-Policy')) ?? '')?.[1]?.replaceAll('&quot;', '"');

describe('npm run configure-basemap', () => {
  it('writes config.json and lets the page’s policy name that one tile server in connect-src and img-src', () => {
    const result = configureBasemap(dist, XYZ);
    expect(result.tileOrigins).toEqual(['http://10.12.0.7:8080']);
    expect(JSON.parse(readFileSync(join(dist, 'config.json'), 'utf8'))).toEqual(XYZ);
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    expect(policyOf(html)).toBe(metaPolicy({ tileOrigins: ['http://10.12.0.7:8080'] }));
    expect(policyOf(html)).toContain("connect-src 'self' blob: data: http://10.12.0.7:8080;");
    expect(html.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(html).toContain('<title>关爱一张图</title>');
    expect(result.serverPolicy.endsWith("frame-ancestors 'self'")).toBe(true);
    // Taken out again: the policy allows no tile server.
    configureBasemap(dist, null);
    expect(policyOf(readFileSync(join(dist, 'index.html'), 'utf8'))).toBe(metaPolicy());
    expect(JSON.parse(readFileSync(join(dist, 'config.json'), 'utf8'))).toEqual({ basemap: null });
  });

  it('writes nothing for a refused configuration', () => {
    const gcj = { basemap: { ...XYZ.basemap, crs: 'GCJ-02' } };
    expect(() => configureBasemap(dist, gcj)).toThrow(SetupError);
    expect(() => configureBasemap(dist, gcj)).toThrow(/偏移/);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(BUILT);
    expect(() => readFileSync(join(dist, 'config.json'))).toThrow();
  });

  it('needs a PMTiles file in the built folder, and no other origin for it', () => {
    const pm = { basemap: { ...XYZ.basemap, type: 'pmtiles', url: 'basemap/county.pmtiles' } };
    expect(() => configureBasemap(dist, pm)).toThrow(/county\.pmtiles 不存在/);
    mkdirSync(join(dist, 'basemap'));
    writeFileSync(join(dist, 'basemap', 'county.pmtiles'), 'PMTiles');
    expect(configureBasemap(dist, pm).tileOrigins).toEqual([]);
    expect(policyOf(readFileSync(join(dist, 'index.html'), 'utf8'))).toBe(metaPolicy());
  });

  it('refuses an index.html without exactly one policy tag', () => {
    expect(() => withTileOrigins('<html></html>', [])).toThrow(/实际有 0 个/);
    expect(() => withTileOrigins(BUILT + BUILT, [])).toThrow(/实际有 2 个/);
  });
});
