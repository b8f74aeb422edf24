import type { StyleSpecification } from 'maplibre-gl';

/**
 * The default basemap is none at all: a plain background, with every boundary drawn from the extract, because
 * a government intranet usually has no internet (no tiles, no glyphs, no sprites are requested).
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
