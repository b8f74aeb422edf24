import type { RasterSourceSpecification, StyleSpecification } from 'maplibre-gl';
import { useQuery } from '@tanstack/react-query';
import { PMTiles, TileType } from 'pmtiles';
import { basemapAllowedBy, CONFIG_FILE, parseBasemapConfig, type Basemap } from './basemap-config';
import { basemapText as msg } from '../i18n/zh-basemap';
import { technicalText, type Problem } from '../i18n/errors';

/**
 * The default basemap is none at all: a plain background, with every boundary drawn from the extract, because
 * a government intranet usually has no internet (no tiles, no glyphs, no sprites are requested). A bureau may
 * configure its own raster tiles in config.json (./basemap-config.ts), drawn over this background.
 */
export const BACKGROUND = '#dfe6ec';
export const BACKGROUND_DARK = '#081426';

export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
};

/** Village cells and labels appear from this zoom on (or when a township is drilled into). */
export const VILLAGE_ZOOM = 11.5;

/** Big screens: allow a canvas up to 8K wide rather than maplibre's 4096 default, and cap the pixel ratio. */
export const MAX_CANVAS_SIZE: [number, number] = [8192, 8192];
export const MAX_PIXEL_RATIO = 2;

/** Region fills and lines over a configured basemap are drawn at this opacity, so that the basemap shows through. */
export const FILL_OPACITY_OVER_BASEMAP = 0.8;

/** The configured basemap (none when config.json is absent), or why it was refused. */
export interface BasemapState {
  basemap: Basemap | null;
  problem: Problem | null;
}

/** The page's own Content-Security-Policy (its meta tag), or null when it has none (the development server). */
export function pagePolicy(): string | null {
  return document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null;
}

/**
 * Reads config.json beside the page and checks it; nothing is requested from the configured host here. A basemap
 * whose origin the page's policy does not allow, or a PMTiles archive of vector tiles, is refused like a bad file.
 */
export async function loadBasemapConfig(pageUrl: string, policy: string | null): Promise<BasemapState> {
  let res: Response;
  try {
    res = await fetch(new URL(CONFIG_FILE, pageUrl), { cache: 'no-cache' });
  } catch (e) {
    return { basemap: null, problem: { text: msg.unreadable, detail: technicalText(e) } };
  }
  // Absent; or a server answering every path with the app's page.
  if (!res.ok || /text\/html/i.test(res.headers.get('content-type') ?? '')) return { basemap: null, problem: null };
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    return { basemap: null, problem: { text: msg.notJson, detail: technicalText(e) } };
  }
  const result = parseBasemapConfig(json, pageUrl);
  const basemap = result.basemap;
  if (!basemap) return result;
  if (!basemapAllowedBy(policy, basemap)) return { basemap: null, problem: { text: msg.notAllowedByPolicy(basemap.origin ?? '') } };
  if (basemap.kind === 'pmtiles') {
    const file = decodeURIComponent(new URL(basemap.url).pathname.split('/').pop() ?? basemap.url);
    try {
      const header = await new PMTiles(basemap.url).getHeader();
      if (header.tileType === TileType.Mvt || header.tileType === TileType.Mlt) return { basemap: null, problem: { text: msg.vectorPmtiles(file) } };
    } catch (e) {
      return { basemap: null, problem: { text: msg.tilesFailed(file), detail: technicalText(e) } };
    }
  }
  return result;
}

/** config.json, read once per page. */
export function useBasemap(): BasemapState {
  const query = useQuery({
    queryKey: ['basemap-config'],
    queryFn: () => loadBasemapConfig(window.location.href, pagePolicy()),
    staleTime: Infinity,
    gcTime: Infinity,
  });
  return query.data ?? { basemap: null, problem: null };
}

/** The basemap as a maplibre raster source (a PMTiles archive through the pmtiles:// protocol). */
export function basemapSource(basemap: Basemap): RasterSourceSpecification {
  const common = { type: 'raster' as const, tileSize: basemap.tileSize, minzoom: basemap.minZoom, maxzoom: basemap.maxZoom };
  if (basemap.kind === 'pmtiles') return { ...common, url: `pmtiles://${basemap.url}` };
  return { ...common, tiles: [basemap.url], scheme: basemap.scheme };
}
