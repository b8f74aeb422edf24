/**
 * Compiles the map's shaders while DuckDB starts and the extract loads.
 *
 * On a software WebGL renderer (SwiftShader: a meeting-room PC or a VM without a GPU) the map's first frame costs
 * seconds: every program is translated and linked, and every pipeline compiled to machine code on first draw.
 * Chromium keeps linked programs in its GPU process's shader cache, shared by the page's WebGL contexts. So,
 * while the data is still loading, this draws the map's own layers (the same `buildRegionLayers`) once, over a
 * tiny made-up square, on a small canvas that is never shown, waits for the GPU to finish, and frees it. It reads
 * no data and shows nothing; the real map then finds its programs compiled.
 */
import { Deck, MapView } from '@deck.gl/core';
import { buildRegionLayers } from './region-layers';
import type { RegionFeature, RegionGeometry } from './region-features';
import type { MapTheme } from './map-theme';

const SIZE = 64;

/** A made-up county of one township and one village, a unit square near 0°, 0°; one label glyph. */
function tinyGeometry(): RegionGeometry {
  const square = (d: number): RegionFeature['polygons'] => [
    [
      [
        [-d, -d],
        [d, -d],
        [d, d],
        [-d, d],
        [-d, -d],
      ],
    ],
  ];
  const feature = (code: string, level: RegionFeature['level'], d: number, parentCode: string | null): RegionFeature => ({
    code,
    name: '村',
    level,
    parentCode,
    label: [0, 0],
    polygons: square(d),
  });
  const county = feature('c', 'county', 1, null);
  const township = feature('t', 'township', 0.8, 'c');
  const village = feature('v', 'village', 0.5, 't');
  const pointOnly = { ...feature('p', 'village', 0, 't'), polygons: null };
  const features = [county, township, village, pointOnly];
  return { byCode: new Map(features.map((f) => [f.code, f])), county, townships: [township], villages: [village, pointOnly], bounds: [-1, -1, 1, 1] };
}

const points: MapTheme['points'] = [
  { id: 'warm-up', points: [{ id: 'p', position: [0.2, 0.2], colour: [10, 120, 200, 255], radius: 6, title: '', lines: [] }] },
];

let started: Promise<void> | null = null;

/**
 * Starts the warm-up once per page; resolves when it is done (or failed: a warm-up that fails changes nothing,
 * the map then compiles as it draws).
 */
export function warmUpMap(): Promise<void> {
  started ??= run().catch(() => undefined);
  return started;
}

async function run(): Promise<void> {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const geometry = tinyGeometry();
  const layers = buildRegionLayers({
    geometry,
    fill: () => [200, 100, 50, 230],
    fillKey: 0,
    points,
    township: null,
    showVillages: true,
    hoveredCode: 'v',
    selectedCode: null,
  });
  let deck: Deck<MapView> | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('warm-up timed out')), 30_000);
      let frames = 0;
      deck = new Deck({
        canvas,
        width: SIZE,
        height: SIZE,
        useDevicePixels: false,
        views: new MapView({ repeat: false }),
        initialViewState: { longitude: 0, latitude: 0, zoom: 6 },
        controller: false,
        layers,
        // The text layer draws once its glyph atlas is ready, a frame or two after the others.
        onAfterRender: () => {
          frames += 1;
          const gl = canvas.getContext('webgl2');
          // Reading one pixel back waits for the GPU to have compiled and drawn everything queued.
          gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
          if (frames >= 2) {
            clearTimeout(timer);
            resolve();
          } else {
            deck?.redraw('warm-up');
          }
        },
        onError: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  } finally {
    (deck as Deck<MapView> | null)?.finalize();
    canvas.getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
