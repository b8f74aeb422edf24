import { useCallback, useEffect, useRef, useState } from 'react';
import type * as maplibregl from 'maplibre-gl';
import { levelNames, app as t } from '../../i18n/zh';
import { compareText } from '../../i18n/zh-compare';
import { CJK_FONT_FAMILY } from '../../map/colour-scales';
import type { Basemap } from '../../map/basemap-config';
import { Legend } from '../../map/Legend';
import type { MapTheme } from '../../map/map-theme';
import { MapView, type CapturedMap, type HoverInfo } from '../../map/MapView';
import type { RegionFeature, RegionGeometry } from '../../map/region-features';
import { Tooltip } from '../../map/Tooltip';
import { MapBoundary } from '../MapBoundary';
import { useMapExport } from '../MapExport';
import type { ComparePeriods } from '../url-state';
import { syncMaps } from './map-sync';
import type { PeriodPair } from './use-change-map';
import './split.css';

type Side = 'a' | 'b';
const SIDES: readonly Side[] = ['a', 'b'];

/** CSS px between the two maps in an exported image. */
const EXPORT_GAP = 8;

/**
 * The pair's export: each map redrawn with its export theme (areas over too few children greyed out) and captured,
 * then both side by side in one image, each with its period written on it; the legend is period A's (the pair
 * shares one scale).
 */
export function useSplitExport(pair: PeriodPair, periods: ComparePeriods, threshold: number) {
  const a = useMapExport(pair.a, threshold);
  const b = useMapExport(pair.b, threshold);
  const { capture: captureA } = a;
  const { capture: captureB } = b;
  const capture = useCallback(async (): Promise<{ shot: CapturedMap; theme: MapTheme }> => {
    const [x, y] = await Promise.all([captureA(), captureB()]);
    return { shot: sideBySide(x.shot, y.shot, [compareText.paneLabel(compareText.periodA, periods.a), compareText.paneLabel(compareText.periodB, periods.b)]), theme: x.theme };
  }, [captureA, captureB, periods.a, periods.b]);
  return { sides: { a, b }, capture };
}

export type SplitExport = ReturnType<typeof useSplitExport>;

/** Two captured maps as one, `gap` CSS px apart, each with its label in a box at its top left. */
function sideBySide(left: CapturedMap, right: CapturedMap, labels: [string, string]): CapturedMap {
  const ratio = left.image.width / left.width;
  const width = left.width + EXPORT_GAP + right.width;
  const height = Math.max(left.height, right.height);
  const out = document.createElement('canvas');
  out.width = Math.round(width * ratio);
  out.height = Math.round(height * ratio);
  const g = out.getContext('2d');
  if (g) {
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, out.width, out.height);
    g.scale(ratio, ratio);
    for (const [i, shot] of [left, right].entries()) {
      const x = i === 0 ? 0 : left.width + EXPORT_GAP;
      g.fillStyle = shot.background;
      g.fillRect(x, 0, shot.width, shot.height);
      g.drawImage(shot.image, x, 0, shot.width, shot.height);
      g.font = `bold 15px ${CJK_FONT_FAMILY}`;
      const label = labels[i] as string;
      const w = g.measureText(label).width + 20;
      g.fillStyle = 'rgba(255, 255, 255, 0.95)';
      g.fillRect(x + 12, 12, w, 30);
      g.strokeStyle = '#c5cdd6';
      g.strokeRect(x + 12.5, 12.5, w - 1, 29);
      g.fillStyle = '#1b2330';
      g.fillText(label, x + 22, 33);
    }
  }
  return { ...left, image: out, width, height };
}

export interface SplitMapsProps {
  geometry: RegionGeometry;
  /** The two maps' themes (each side's export theme while an export is under way): from `useSplitExport`. */
  split: SplitExport;
  /** The periods as compared (those of the figure). */
  periods: ComparePeriods;
  township: string | null;
  focus: string | null;
  onSelect: (feature: RegionFeature) => void;
  /** Told `drawnKey` once both maps have drawn their current themes. */
  onDrawn: (key: unknown) => void;
  drawnKey: unknown;
  onFailure: (failed: boolean) => void;
  dark?: boolean;
  scale?: number;
  padding?: { top: number; right: number; bottom: number; left: number };
  basemap?: Basemap | null;
  boundaries: 'none' | 'schematic' | 'surveyed';
}

/**
 * 两期并排: period A on the left, period B on the right, each coloured by its own period's figure on one scale. Pan and
 * zoom on either move the other; hovering an area on one outlines it on the other too, with one tooltip giving both
 * periods' values and the change; a click drills both (they share the view's area).
 */
export function SplitMaps(props: SplitMapsProps) {
  const { geometry, split, periods, township, focus, onSelect, onDrawn, drawnKey, onFailure, dark = false, scale = 1, padding, basemap = null, boundaries } = props;
  const themes = { a: split.sides.a.theme, b: split.sides.b.theme };
  const [maps, setMaps] = useState<{ a: maplibregl.Map | null; b: maplibregl.Map | null }>({ a: null, b: null });
  const onMapA = useCallback((map: maplibregl.Map | null) => setMaps((m) => ({ ...m, a: map })), []);
  const onMapB = useCallback((map: maplibregl.Map | null) => setMaps((m) => ({ ...m, b: map })), []);
  useEffect(() => (maps.a && maps.b ? syncMaps(maps.a, maps.b) : undefined), [maps.a, maps.b]);

  const paneB = useRef<HTMLDivElement>(null);
  // `left`: where the hovered pane starts in the pair (CSS px), for the pair's one tooltip.
  const [hover, setHover] = useState<{ side: Side; info: HoverInfo; left: number } | null>(null);
  const hoverOn = useCallback(
    (side: Side) => (info: HoverInfo | null) => {
      const left = side === 'b' ? (paneB.current?.offsetLeft ?? 0) : 0;
      setHover((h) => (info ? { side, info, left } : h?.side === side ? null : h));
    },
    [],
  );
  const onHoverA = useCallback((info: HoverInfo | null) => hoverOn('a')(info), [hoverOn]);
  const onHoverB = useCallback((info: HoverInfo | null) => hoverOn('b')(info), [hoverOn]);
  const hovered = hover?.info.picked.kind === 'region' ? hover.info.picked.feature : null;

  // Drawn once each map has reported a frame of its current theme; the themes are read through a ref, as a map's
  // report may come after a newer theme was set.
  const drawn = useRef<{ a: unknown; b: unknown }>({ a: undefined, b: undefined });
  const current = useRef({ themes, drawnKey, onDrawn, split });
  useEffect(() => {
    current.current = { themes, drawnKey, onDrawn, split };
  });
  const drawnOn = useCallback(
    (side: Side) => (key: unknown) => {
      drawn.current[side] = key;
      const c = current.current;
      c.split.sides[side].onDrawn();
      if (drawn.current.a === c.themes.a.fillKey && drawn.current.b === c.themes.b.fillKey) c.onDrawn(c.drawnKey);
    },
    [],
  );
  const onDrawnA = useCallback((key: unknown) => drawnOn('a')(key), [drawnOn]);
  const onDrawnB = useCallback((key: unknown) => drawnOn('b')(key), [drawnOn]);

  const pane = (side: Side) => {
    const other: Side = side === 'a' ? 'b' : 'a';
    return (
      <div className="split-pane" data-testid={`split-${side}`} key={side} ref={side === 'b' ? paneB : undefined}>
        <MapBoundary onFailure={onFailure}>
          <MapView
            geometry={geometry}
            theme={themes[side]}
            township={township}
            focus={focus}
            captureRef={split.sides[side].captureRef}
            basemap={basemap}
            onSelect={onSelect}
            onHover={side === 'a' ? onHoverA : onHoverB}
            onDrawn={side === 'a' ? onDrawnA : onDrawnB}
            onMap={side === 'a' ? onMapA : onMapB}
            highlightCode={hover?.side === other && hovered ? hovered.code : null}
            dark={dark}
            scale={scale}
            padding={padding}
          />
        </MapBoundary>
        <div className="split-label" data-testid={`split-label-${side}`}>
          {compareText.paneLabel(side === 'a' ? compareText.periodA : compareText.periodB, periods[side])}
        </div>
      </div>
    );
  };
  // The tooltip is the pair's, over both panes (not clipped by the hovered one), at the pointer.
  const x = hover ? hover.info.x + hover.left : 0;
  return (
    <div className="split-maps" data-testid="split-maps">
      {SIDES.map(pane)}
      <Legend spec={themes.a.legend} boundaries={boundaries} />
      {hover && hovered && (
        <Tooltip
          x={x}
          y={hover.info.y}
          content={{ title: hovered.name, subtitle: levelNames[hovered.level], lines: themes[hover.side].describe(hovered), note: hovered.polygons ? undefined : t.noBoundary }}
        />
      )}
      {hover?.info.picked.kind === 'point' && <Tooltip x={x} y={hover.info.y} content={{ title: hover.info.picked.point.title, lines: hover.info.picked.point.lines }} />}
    </div>
  );
}
