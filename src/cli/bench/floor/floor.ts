/**
 * The benchmark's floor (`npm run bench`): a bare page that imports only maplibre-gl and draws the scale's township
 * polygons from GeoJSON as one fill and one line layer, in a map of the app's map size. Built by the benchmark into
 * bench/out/floor-dist (never shipped in dist/). The page records on its own clock (ms since navigation start):
 *
 * - `window.__floor.firstMapAt`: the first frame with every township drawn, reported as the app reports its own
 *   (the map idle, then the next animation frame and a task after it, so the frame has reached the screen);
 * - `window.__floor.repaint()`: sets new fill colours (one per township) and resolves with the ms until that frame
 *   is drawn, as the app's change times are measured.
 *
 * Query: `data` (the GeoJSON's URL, relative to the page), `w` and `h` (the map's size in CSS pixels), and
 * `renderer`: `maplibre` (default: maplibre's own fill and line layers) or `deck` (the polygons drawn as the app
 * draws them now, src/map/region-layers.ts: one deck.gl PolygonLayer, filled and stroked 1.5 px, through
 * MapboxOverlay over a maplibre map holding only the background), to compare the two renderers (src/cli/bench/renderer.ts).
 */
import * as maplibregl from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { PolygonLayer } from '@deck.gl/layers';

// As the app does (src/map/MapView.tsx): maplibre's worker as its own file.
maplibregl.setWorkerUrl(maplibreWorkerUrl);

interface Floor {
  firstMapAt: number | null;
  error: string | null;
  repaint: () => Promise<number>;
}

declare global {
  interface Window {
    __floor: Floor;
  }
}

const params = new URLSearchParams(location.search);
const el = document.getElementById('map') as HTMLDivElement;
el.style.width = `${Number(params.get('w') ?? 1000)}px`;
el.style.height = `${Number(params.get('h') ?? 800)}px`;

const drawn = (map: maplibregl.Map): Promise<number> =>
  new Promise((ok) => map.once('idle', () => requestAnimationFrame(() => setTimeout(() => ok(performance.now()), 0))));

const floor: Floor = { firstMapAt: null, error: null, repaint: () => Promise.reject(new Error('not ready')) };
window.__floor = floor;

async function main(): Promise<void> {
  const data = (await (await fetch(params.get('data') ?? 'townships.geojson')).json()) as GeoJSON.FeatureCollection;
  let [w, s, e, n] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as [number, number];
      [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
    } else for (const d of c as unknown[]) visit(d);
  };
  for (const f of data.features) visit((f.geometry as GeoJSON.MultiPolygon).coordinates);
  const codes = data.features.map((f) => String(f.properties?.code));
  let round = 0;
  const colours = (): maplibregl.ExpressionSpecification =>
    ['match', ['get', 'code'], ...codes.flatMap((c, i) => [c, `hsl(${(i * 47 + round * 97) % 360}, 60%, 60%)`]), '#cccccc'] as unknown as maplibregl.ExpressionSpecification;
  const deck = params.get('renderer') === 'deck';
  const background = { id: 'background', type: 'background', paint: { 'background-color': '#dfe6ec' } } as const;
  const map = new maplibregl.Map({
    container: el,
    style: {
      version: 8,
      sources: deck ? {} : { townships: { type: 'geojson', data } },
      layers: deck
        ? [background]
        : [
            background,
            { id: 'fill', type: 'fill', source: 'townships', paint: { 'fill-color': colours(), 'fill-opacity': 0.85 } },
            { id: 'line', type: 'line', source: 'townships', paint: { 'line-color': '#ffffff', 'line-width': 1.5 } },
          ],
    },
    bounds: [w, s, e, n],
    fitBoundsOptions: { padding: 24 },
    attributionControl: false,
    pixelRatio: Math.min(window.devicePixelRatio || 1, 2),
  });
  if (deck) {
    await deckFloor(map, data);
    return;
  }
  floor.firstMapAt = await drawn(map);
  floor.repaint = () => {
    round++;
    const t0 = performance.now();
    const done = drawn(map);
    map.setPaintProperty('fill', 'fill-color', colours());
    return done.then((t) => t - t0);
  };
}

/** The deck.gl variant: one PolygonLayer through MapboxOverlay, as the app draws its townships and villages. */
async function deckFloor(map: maplibregl.Map, data: GeoJSON.FeatureCollection): Promise<void> {
  const polygons = data.features.flatMap((f, i) => (f.geometry as GeoJSON.MultiPolygon).coordinates.map((rings) => ({ rings, i })));
  let round = 0;
  const fill = (p: { i: number }): [number, number, number, number] => {
    const h = (p.i * 47 + round * 97) % 360;
    return [Math.round(150 + 80 * Math.cos((h * Math.PI) / 180)), Math.round(150 + 80 * Math.sin((h * Math.PI) / 180)), 140, 217];
  };
  let afterRender: (() => void) | null = null;
  const layer = () =>
    new PolygonLayer<{ rings: GeoJSON.Position[][]; i: number }>({
      id: 'fill',
      data: polygons,
      getPolygon: (p) => p.rings,
      filled: true,
      stroked: true,
      getFillColor: fill,
      getLineColor: [255, 255, 255, 255],
      getLineWidth: 1.5,
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: round },
    });
  const framed = (): Promise<number> =>
    new Promise((ok) => (afterRender = () => requestAnimationFrame(() => setTimeout(() => ok(performance.now()), 0))));
  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [layer()],
    onAfterRender: () => {
      const then = afterRender;
      afterRender = null;
      then?.();
    },
  });
  await new Promise<void>((ok) => (map.loaded() ? ok() : map.once('load', () => ok())));
  const first = framed();
  map.addControl(overlay);
  floor.firstMapAt = await first;
  floor.repaint = () => {
    round++;
    const t0 = performance.now();
    const done = framed();
    overlay.setProps({ layers: [layer()] });
    return done.then((t) => t - t0);
  };
}

main().catch((e: unknown) => {
  floor.error = e instanceof Error ? e.message : String(e);
});
