/**
 * The benchmark's floor: what a bare maplibre-gl page needs to draw the same townships the app draws, in the same
 * Chromium and the same run (issue #15). `buildFloorPage` builds ./floor/ with Vite into its own folder (no app
 * code, no DuckDB); `writeTownshipsGeoJson` writes the scale's township boundaries from the extract as GeoJSON;
 * `measureFloor` opens the page in a fresh browser profile and times its first map and its repaints.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BrowserContext } from 'playwright-core';
import { decodeWkb } from '../../extract/wkb';

const FLOOR_SRC = resolve(import.meta.dirname, 'floor');

/** Builds the floor page into `outDir` (index.html and its assets). */
export async function buildFloorPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root: FLOOR_SRC, base: './', configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2500 } });
}

/** The extract's township (or village) boundaries as a GeoJSON FeatureCollection of MultiPolygons (`code`, `name`); returns the count. */
export async function writeTownshipsGeoJson(extractDir: string, file: string, level: 'township' | 'village' = 'township'): Promise<number> {
  const manifest = JSON.parse(readFileSync(join(extractDir, 'manifest.json'), 'utf8')) as { tables: Record<string, string>; county_regions?: string; counties?: { code: string }[] };
  // The top regions file and, with county_regions, each county's townships and villages.
  const files = [manifest.tables.regions ?? 'regions.parquet', ...(manifest.county_regions ? (manifest.counties ?? []).map((c) => (manifest.county_regions as string).replace('{county}', c.code)) : [])];
  const regions = files.map((f) => `'${join(extractDir, f).replaceAll("'", "''")}'`).join(', ');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT code, name, geometry FROM read_parquet([${regions}]) WHERE level = '${level}' AND geometry IS NOT NULL ORDER BY code`,
    );
    const features = reader.getRowObjectsJS().map((r) => {
      const g = r.geometry as { bytes?: Uint8Array } | Uint8Array;
      const bytes = g instanceof Uint8Array ? g : (g.bytes as Uint8Array);
      return { type: 'Feature', properties: { code: String(r.code), name: String(r.name) }, geometry: { type: 'MultiPolygon', coordinates: decodeWkb(bytes) } };
    });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
    return features.length;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export interface FloorVisit {
  /** ms since navigation start to the first frame with every township drawn. */
  firstMapAt: number;
  /** ms from setting new fill colours to the frame drawn, one per repaint. */
  repaints: number[];
}

/** Opens the floor page in `context` (a fresh profile), waits for its first map, then times `repaints` repaints. */
export async function measureFloor(context: BrowserContext, url: string, repaints: number, timeout: number): Promise<FloorVisit> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForFunction(() => window.__floor?.firstMapAt !== null || window.__floor?.error !== null, undefined, { timeout, polling: 25 });
  const error = await page.evaluate(() => window.__floor.error);
  if (error) throw new Error(`floor page: ${error}`);
  const firstMapAt = (await page.evaluate(() => window.__floor.firstMapAt)) as number;
  const times: number[] = [];
  for (let i = 0; i < repaints; i++) {
    times.push(await page.evaluate(() => window.__floor.repaint()));
    // A pause like the app's between changes (it waits for its worker to fall idle).
    await page.waitForTimeout(100);
  }
  return { firstMapAt, repaints: times };
}
