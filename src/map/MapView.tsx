import { useEffect, useMemo, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { PickingInfo } from '@deck.gl/core';
import { buildRegionLayers, pickedFeature, type RegionLayerInput } from './region-layers';
import { boundsOf, type RegionFeature } from './region-features';
import { OFFLINE_STYLE, MAX_CANVAS_SIZE, MAX_PIXEL_RATIO, VILLAGE_ZOOM } from './basemap';

maplibregl.setWorkerUrl(maplibreWorkerUrl);

export interface HoverInfo {
  feature: RegionFeature;
  x: number;
  y: number;
}

export interface MapViewProps extends Omit<RegionLayerInput, 'showVillages' | 'hoveredCode'> {
  onSelect: (feature: RegionFeature | null) => void;
  onHover: (hover: HoverInfo | null) => void;
  /** Called once the first frame with data has been drawn. */
  onDrawn?: () => void;
}

/** maplibre-gl with an offline style, deck.gl layers on top through MapboxOverlay. */
export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const [zoom, setZoom] = useState(0);
  const [hoveredCode, setHoveredCode] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const { geometry, township, onSelect, onHover, onDrawn } = props;
  const handlers = useRef({ onSelect, onHover });
  useEffect(() => {
    handlers.current = { onSelect, onHover };
  }, [onSelect, onHover]);

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: OFFLINE_STYLE,
      bounds: geometry.bounds,
      fitBoundsOptions: { padding: 40 },
      attributionControl: false,
      maxCanvasSize: MAX_CANVAS_SIZE,
      pixelRatio: Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO),
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onHover: (info: PickingInfo) => {
        const feature = pickedFeature(info);
        setHoveredCode(feature?.code ?? null);
        handlers.current.onHover(feature ? { feature, x: info.x, y: info.y } : null);
      },
      onClick: (info: PickingInfo) => handlers.current.onSelect(pickedFeature(info)),
    });
    map.addControl(overlay);
    map.on('zoomend', () => setZoom(map.getZoom()));
    map.once('load', () => {
      setZoom(map.getZoom());
      setLoaded(true);
    });
    mapRef.current = map;
    overlayRef.current = overlay;
    return () => {
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
    };
  }, [geometry]);

  const showVillages = township !== null || zoom >= VILLAGE_ZOOM;
  const layers = useMemo(
    () => buildRegionLayers({ ...props, showVillages, hoveredCode }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the layer inputs, listed one by one
    [props.geometry, props.townshipValues, props.villageValues, props.column, props.classes, props.township, showVillages, hoveredCode],
  );

  useEffect(() => {
    overlayRef.current?.setProps({ layers });
    if (loaded && props.townshipValues) {
      mapRef.current?.once('idle', () => onDrawn?.());
      mapRef.current?.triggerRepaint();
    }
  }, [layers, loaded, props.townshipValues, onDrawn]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const target = township ? geometry.byCode.get(township) : null;
    map.fitBounds(target ? boundsOf(target) : geometry.bounds, { padding: 48, duration: 600 });
  }, [township, geometry, loaded]);

  return <div ref={container} className="map" data-testid="map" data-villages={showVillages ? 'shown' : 'hidden'} />;
}
