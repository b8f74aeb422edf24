import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import * as maplibregl from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { PolygonLayer } from '@deck.gl/layers';
import { Protocol as PmtilesProtocol } from 'pmtiles';
import './map-furniture.css';
import { buildRegionLayers, picked, type DrawnLabel, type Picked } from './region-layers';
import { boundsOf, type RegionFeature, type RegionGeometry } from './region-features';
import type { MapTheme } from './map-theme';
import { exportText } from '../i18n/zh-export';
import { BACKGROUND, BACKGROUND_DARK, OFFLINE_STYLE, MAX_CANVAS_SIZE, MAX_PIXEL_RATIO, VILLAGE_ZOOM, FILL_OPACITY_OVER_BASEMAP, basemapSource } from './basemap';
import type { Basemap } from './basemap-config';
import { basemapText, mapControlsLocale } from '../i18n/zh-basemap';

maplibregl.setWorkerUrl(maplibreWorkerUrl);
// A PMTiles archive on the app's own server, read by HTTP range requests.
maplibregl.addProtocol('pmtiles', new PmtilesProtocol().tile);

const BASEMAP_ID = 'basemap';
/** Longest wait for the basemap's tiles before an export copies what is there. */
const BASEMAP_EXPORT_TIMEOUT_MS = 8000;
/** The scale bar's longest length at 1920×1080 (maplibre's default), CSS px. */
const SCALE_BAR_WIDTH = 100;

/** Layers filled over the basemap: drawn translucent, and the county's plain fill left out, so that it shows through. */
function overBasemap(layers: Layer[]): Layer[] {
  return layers.map((layer) => {
    if (layer.id === 'county-outline') return (layer as PolygonLayer).clone({ filled: false });
    if (layer.id === 'township-fill' || layer.id === 'village-fill') return layer.clone({ opacity: FILL_OPACITY_OVER_BASEMAP });
    return layer;
  });
}

/**
 * A copy of maplibre's canvas (the background and the basemap) once its tiles have loaded, taken in the frame that
 * drew it (its drawing buffer is not kept after the frame is shown).
 */
function copyMapCanvas(map: maplibregl.Map): Promise<HTMLCanvasElement> {
  return new Promise((resolve) => {
    const copy = () => {
      const source = map.getCanvas();
      const out = document.createElement('canvas');
      out.width = source.width;
      out.height = source.height;
      out.getContext('2d')?.drawImage(source, 0, 0);
      resolve(out);
    };
    const onIdle = () => {
      clearTimeout(timer);
      copy();
    };
    const timer = setTimeout(() => {
      map.off('idle', onIdle);
      map.once('render', copy);
      map.triggerRepaint();
    }, BASEMAP_EXPORT_TIMEOUT_MS);
    map.once('idle', onIdle);
    map.triggerRepaint();
  });
}

export interface HoverInfo {
  picked: Picked;
  x: number;
  y: number;
}

/** The map as drawn, for an image export. */
export interface CapturedMap {
  /** A copy of the drawn map (deck.gl's canvas). */
  image: HTMLCanvasElement;
  /** CSS px. */
  width: number;
  height: number;
  background: string;
  latitude: number;
  zoom: number;
}

export interface MapCapture {
  /** Copies the map as drawn, drawn again at `ratio` device pixels per CSS pixel. */
  capture: (ratio: number) => Promise<CapturedMap>;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export interface MapViewProps {
  geometry: RegionGeometry;
  theme: MapTheme;
  /** The township drilled into, or null at county level. */
  township: string | null;
  /** The area the map flies to: the selected village or township; null = the whole county. */
  focus: string | null;
  /** A click on an area, with where it was (CSS px within the map's box). */
  onSelect: (feature: RegionFeature, at?: { x: number; y: number }) => void;
  onHover: (hover: HoverInfo | null) => void;
  /** Called once a frame with `theme` has been drawn, with that theme's `fillKey`. */
  onDrawn?: (fillKey: unknown) => void;
  /** The big screen's dark style. */
  dark?: boolean;
  /** Big screens: sizes of labels, points and lines (1 at 1920×1080). */
  scale?: number;
  /** Room kept clear when fitting an area (e.g. for the legend), in pixels. */
  padding?: { top: number; right: number; bottom: number; left: number };
  /** Filled with a handle that copies the map as drawn (for exports). */
  captureRef?: RefObject<MapCapture | null>;
  /** The bureau's configured basemap (config.json), drawn under the regions; none by default. */
  basemap?: Basemap | null;
  /** Called with the maplibre map once it exists, and with null when it is removed (e.g. to sync two maps). */
  onMap?: (map: maplibregl.Map | null) => void;
  /** An area drawn as hovered although the pointer is not over it (the same area hovered on a paired map). */
  highlightCode?: string | null;
}

/**
 * maplibre-gl with an offline style (or the configured raster basemap), deck.gl layers on top through MapboxOverlay.
 * Its furniture (zoom buttons, scale bar) is sized by `scale`, as the labels are.
 */
export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const pendingDraw = useRef<{ key: unknown } | null>(null);
  const layersRef = useRef<Layer[]>([]);
  const [zoom, setZoom] = useState(0);
  const [hoveredCode, setHoveredCode] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [basemapState, setBasemapState] = useState<'none' | 'loading' | 'drawn' | 'failed'>('none');
  // A failure outside React's rendering (deck.gl's frame loop, a lost WebGL context), thrown from the next render
  // so that the error boundary around the map shows it.
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  if (failure) throw failure.error;
  const { geometry, theme, township, focus, onSelect, onHover, onDrawn, dark = false, scale = 1, padding, captureRef, basemap = null, onMap, highlightCode = null } = props;
  const fitPadding = useRef(padding ?? 48);
  useEffect(() => {
    fitPadding.current = padding ?? 48;
  }, [padding]);
  const handlers = useRef({ onSelect, onHover, onDrawn, onMap });
  useEffect(() => {
    handlers.current = { onSelect, onHover, onDrawn, onMap };
  }, [onSelect, onHover, onDrawn, onMap]);

  // The map and its WebGL contexts are made once: a new geometry (a drill into another county or city) is new
  // layers and a jump. Making them again compiled every program anew, seconds per drill on a software renderer.
  const initialBounds = useRef(geometry.bounds);
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: OFFLINE_STYLE,
      bounds: initialBounds.current,
      fitBoundsOptions: { padding: fitPadding.current },
      attributionControl: false,
      locale: mapControlsLocale,
      maxCanvasSize: MAX_CANVAS_SIZE,
      pixelRatio: Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO),
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const overlay = new MapboxOverlay({
      interleaved: false,
      // deck.gl has drawn the layers last set (see the layers effect below). Reported once that frame is on the
      // page: the next animation frame's callbacks run before it composites, a task queued from them runs after.
      onAfterRender: () => {
        const pending = pendingDraw.current;
        if (!pending) return;
        pendingDraw.current = null;
        requestAnimationFrame(() => setTimeout(() => handlers.current.onDrawn?.(pending.key), 0));
      },
      layers: [],
      onError: (error: Error) => setFailure({ error }),
      onHover: (info: PickingInfo) => {
        const p = picked(info);
        setHoveredCode(p?.kind === 'region' ? p.feature.code : null);
        handlers.current.onHover(p ? { picked: p, x: info.x, y: info.y } : null);
      },
      onClick: (info: PickingInfo) => {
        const p = picked(info);
        if (p?.kind === 'region') handlers.current.onSelect(p.feature, { x: info.x, y: info.y });
      },
    });
    map.addControl(overlay);
    map.on('zoomend', () => setZoom(map.getZoom()));
    map.on('moveend', () => writeDrawnLabels(map, layersRef.current));
    map.on('webglcontextlost', () => setFailure({ error: new Error('WebGL context lost') }));
    map.once('load', () => {
      setZoom(map.getZoom());
      setLoaded(true);
    });
    mapRef.current = map;
    overlayRef.current = overlay;
    handlers.current.onMap?.(map);
    return () => {
      handlers.current.onMap?.(null);
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
    };
  }, []);

  // The scale bar's longest length grows with the big screen's scale (maplibre takes it only when created).
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const control = new maplibregl.ScaleControl({ unit: 'metric', maxWidth: SCALE_BAR_WIDTH * scale });
    map.addControl(control, 'bottom-right');
    return () => {
      if (mapRef.current === map) map.removeControl(control);
    };
  }, [scale]);

  // The configured basemap, under everything deck.gl draws.
  const hasBasemap = basemap !== null;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !basemap) return;
    setBasemapState('loading');
    const onIdle = () => {
      if (map.getSource(BASEMAP_ID) && map.isSourceLoaded(BASEMAP_ID)) setBasemapState((s) => (s === 'failed' ? s : 'drawn'));
    };
    const onError = (e: maplibregl.ErrorEvent & { sourceId?: string }) => {
      if (e.sourceId === BASEMAP_ID) setBasemapState('failed');
    };
    map.addSource(BASEMAP_ID, basemapSource(basemap));
    map.addLayer({ id: BASEMAP_ID, type: 'raster', source: BASEMAP_ID });
    map.on('idle', onIdle);
    map.on('error', onError);
    return () => {
      map.off('idle', onIdle);
      map.off('error', onError);
      if (mapRef.current !== map) return;
      map.removeLayer(BASEMAP_ID);
      map.removeSource(BASEMAP_ID);
      setBasemapState('none');
    };
  }, [basemap, loaded]);

  // A new view (a drill, another area, another extract) moves the map under a pointer that has not moved: what was
  // hovered is no longer there, and deck.gl picks again only when the pointer moves. The outline goes at once, the
  // owner's tooltip with it.
  const [hoverView, setHoverView] = useState({ geometry, township, focus });
  if (hoverView.geometry !== geometry || hoverView.township !== township || hoverView.focus !== focus) {
    setHoverView({ geometry, township, focus });
    setHoveredCode(null);
  }
  useEffect(() => {
    handlers.current.onHover(null);
  }, [geometry, township, focus]);

  const showVillages = township !== null || zoom >= VILLAGE_ZOOM;
  const layers = useMemo(() => {
    const built = buildRegionLayers({ geometry, fill: theme.fill, fillKey: theme.fillKey, points: theme.points, township, showVillages, hoveredCode: hoveredCode ?? highlightCode, selectedCode: focus, dark, scale, zoom });
    return hasBasemap ? overBasemap(built) : built;
  }, [geometry, theme.fill, theme.fillKey, theme.points, township, showVillages, hoveredCode, focus, dark, scale, zoom, hasBasemap, highlightCode]);

  // New layers are drawn by deck.gl on its own canvas, at once; maplibre's canvas (the background only) is left
  // alone, as redrawing it would cost a second full-canvas frame on a software renderer. onDrawn reports the key
  // of the data these layers show, once deck.gl has drawn them.
  const fillKey = theme.fillKey;
  useEffect(() => {
    const overlay = overlayRef.current;
    if (!overlay) return;
    overlay.setProps({ layers });
    layersRef.current = layers;
    writeDrawnLabels(mapRef.current, layers);
    if (loaded) {
      pendingDraw.current = { key: fillKey };
      // MapboxOverlay keeps its Deck private. Its next frame draws even when deck.gl sees no change in the layers
      // (else no frame would follow and the map would never report itself drawn), together with any camera change.
      overlay['_deck']?.layerManager?.setNeedsRedraw('layers set');
    }
  }, [layers, loaded, fillKey]);

  useEffect(() => {
    if (loaded) mapRef.current?.setPaintProperty('background', 'background-color', dark ? BACKGROUND_DARK : BACKGROUND);
  }, [dark, loaded]);

  // The map opens fitted to the whole county: the first fit is then not needed. Moving to a selected area is
  // always a jump, not a flight: on a software renderer (no GPU, common on intranet PCs and VMs) each frame of a
  // flight is a full redraw read back by the CPU, so a 600 ms flight took 0.5–2 s and held up the new view.
  const fittedOnce = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const target = focus ? geometry.byCode.get(focus) : null;
    const first = !fittedOnce.current;
    fittedOnce.current = true;
    if (first && !target) return;
    map.fitBounds(target ? boundsOf(target) : geometry.bounds, { padding: fitPadding.current, duration: 0, maxZoom: 14 });
  }, [focus, geometry, loaded]);

  useEffect(() => {
    if (!captureRef) return;
    captureRef.current = {
      capture: async (ratio: number) => {
        const map = mapRef.current;
        const overlay = overlayRef.current;
        const drawn = overlay?.getCanvas();
        if (!map || !overlay || !drawn || !loaded) throw new Error(exportText.noMapYet);
        const el = map.getContainer();
        const [width, height] = [el.clientWidth, el.clientHeight];
        // With a basemap, maplibre's canvas holds it: drawn again at the export's resolution and copied under deck.gl's.
        let base: HTMLCanvasElement | null = null;
        if (hasBasemap) {
          const screenRatio = map.getPixelRatio();
          map.setPixelRatio(ratio);
          try {
            base = await copyMapCanvas(map);
          } finally {
            map.setPixelRatio(screenRatio);
          }
        }
        // Draw deck.gl at the export's resolution for a moment, then copy its last frame (luma.gl keeps the
        // drawing buffer by default) and go back to the screen's.
        overlay.setProps({ useDevicePixels: ratio });
        try {
          const deadline = performance.now() + 3000;
          while (drawn.width < Math.floor(width * ratio) && performance.now() < deadline) await nextFrame();
          await nextFrame();
          await nextFrame();
          const image = document.createElement('canvas');
          image.width = drawn.width;
          image.height = drawn.height;
          const g = image.getContext('2d');
          if (base) g?.drawImage(base, 0, 0, image.width, image.height);
          g?.drawImage(drawn, 0, 0);
          return { image, width, height, background: dark ? BACKGROUND_DARK : BACKGROUND, latitude: map.getCenter().lat, zoom: map.getZoom() };
        } finally {
          overlay.setProps({ useDevicePixels: true });
        }
      },
    };
    return () => {
      captureRef.current = null;
    };
  }, [captureRef, loaded, dark, hasBasemap]);

  return (
    <>
      <div
        ref={container}
        className="map"
        data-testid="map"
        data-villages={showVillages ? 'shown' : 'hidden'}
        data-basemap={basemapState}
        style={{ ['--map-scale' as string]: String(scale) }}
      />
      {basemapState === 'failed' && basemap && (
        <div className="notice basemap-failed" role="status" data-testid="basemap-failed">
          {basemapText.tilesFailed(basemap.origin ?? basemap.url)}
        </div>
      )}
    </>
  );
}

/**
 * The labels drawn, as `data-labels` on the map's element: [text, x, y, size, name] in screen pixels (the centre of
 * each label; the text drawn, then the region's full name), for tests that check what is on screen.
 */
function writeDrawnLabels(map: maplibregl.Map | null, layers: readonly Layer[] | undefined): void {
  const layer = layers?.find((l) => l.id === 'region-labels');
  if (!map || !layer) return;
  const drawn = (layer.props.data ?? []) as readonly DrawnLabel[];
  map.getContainer().dataset.labels = JSON.stringify(
    drawn.map((l) => {
      const p = map.project(l.feature.label);
      return [l.text, Math.round(p.x + l.dx), Math.round(p.y + l.dy), l.size, l.feature.name];
    }),
  );
}
