/**
 * deck.gl layers for regions coloured by a theme, and the theme's points. A pure function of its inputs: it reads
 * colours the theme decided, never computes a statistic. Layer ids are stable so deck.gl updates rather than
 * re-creates them.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { CJK_FONT_FAMILY, type Rgba } from './colour-scales';
import type { Position } from '../extract/wkb';
import { boxInside, placeLabels, textBox, worldPixels } from './label-placement';
import { labelTexts } from './label-text';
import type { MapPoint, PointSet } from './map-theme';
import type { RegionFeature, RegionGeometry, RegionPolygon } from './region-features';
import { just, regionPolygons, villagesOf } from './region-polygons';

export interface RegionLayerInput {
  geometry: RegionGeometry;
  fill: (feature: RegionFeature) => Rgba;
  fillKey: unknown;
  points: PointSet[];
  /** The township drilled into, or null at county level. */
  township: string | null;
  /** Village cells and labels shown (zoomed in or drilled). */
  showVillages: boolean;
  hoveredCode: string | null;
  /** The selected area, outlined like a hovered one. */
  selectedCode: string | null;
  /** The big screen's dark style. */
  dark?: boolean;
  /** Big screens: label sizes, point radii and line widths are multiplied by this (1 at 1920×1080). */
  scale?: number;
  /** The map's zoom: labels are placed for it (see placedLabels). */
  zoom?: number;
}

/**
 * A region label as drawn: `text` (its name, or a shorter form that fits) at its point, `size` pixels high, shifted
 * by `dx`, `dy` pixels (down, under a point; or within its area, to where the text fits).
 */
export interface DrawnLabel {
  feature: RegionFeature;
  text: string;
  size: number;
  dx: number;
  dy: number;
}

const areaCache = new WeakMap<RegionFeature, number>();
/** The planar area of a region's polygons (degrees², for ranking only; 0 without polygons). */
function areaOf(f: RegionFeature): number {
  let a = areaCache.get(f);
  if (a === undefined) {
    a = 0;
    for (const polygon of f.polygons ?? []) {
      const ring = polygon[0] ?? [];
      let sum = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i] as Position;
        const [x1, y1] = ring[i + 1] as Position;
        sum += x0 * y1 - x1 * y0;
      }
      a += Math.abs(sum) / 2;
    }
    areaCache.set(f, a);
  }
  return a;
}

/**
 * The labels drawn at `zoom`: townships before villages, regions with a boundary before those without, larger
 * areas first, the selected area above all; a label whose box would overprint one already placed is left out. A
 * region with a boundary is labelled with the first of `textsOf` (its name, then shorter forms) whose text lies
 * wholly inside the region, and not at all when none does (its tooltip still names it).
 */
export function placedLabels(
  features: readonly RegionFeature[],
  zoom: number,
  showVillages: boolean,
  scale: number,
  selectedCode: string | null,
  textsOf: (feature: RegionFeature) => readonly string[] = (f) => [f.name],
): DrawnLabel[] {
  const drawn: DrawnLabel[] = [];
  for (const feature of features) {
    const size = (feature.polygons ? (showVillages ? 12 : 15) : 11) * scale;
    // Units without a boundary (farms, institutes) get a small label under their point.
    const fit = feature.polygons ? fittingText(feature, textsOf(feature), size, zoom) : { text: feature.name, dx: 0, dy: 15 * scale };
    if (fit) drawn.push({ feature, size, ...fit });
  }
  const levelRank = { province: 5, city: 4, county: 3, township: 2, village: 1 } as const;
  const placed = placeLabels(
    drawn.map(({ feature, text, size, dx, dy }) => {
      const [x, y] = worldPixels(feature.label, zoom);
      const box = textBox(text, size, 2 * scale);
      const priority = (feature.code === selectedCode ? 10 : 0) + levelRank[feature.level] * 2 + (feature.polygons ? 1 : 0) + Math.min(0.999, areaOf(feature) * 1e3);
      return { id: feature.code, x: x + dx, y: y + dy, ...box, priority };
    }),
    2 * scale,
  );
  return drawn.filter((d) => placed.has(d.feature.code));
}

type Ring = [number, number][];
const projectedCache = new WeakMap<RegionFeature, { polygons: Ring[][]; box: [number, number, number, number] }>();
/** A region's polygons in world pixels at zoom 0 (at zoom z they are 2^z times these), with their extent. */
function projected(feature: RegionFeature): { polygons: Ring[][]; box: [number, number, number, number] } {
  let hit = projectedCache.get(feature);
  if (!hit) {
    const polygons = (feature.polygons ?? []).map((polygon) => polygon.map((ring) => ring.map((p) => worldPixels(p as [number, number], 0))));
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of polygons)
      for (const [x, y] of polygon[0] ?? []) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    hit = { polygons, box };
    projectedCache.set(feature, hit);
  }
  return hit;
}

/** How far a label may move from its point, in steps of half its height: across (at most half its width), up or down. */
const MAX_STEPS_ACROSS = 4;
const MAX_STEPS_UP_DOWN = 2;
/** The moves tried, in steps, nearest first. */
const STEPS: readonly [number, number][] = Array.from({ length: 2 * MAX_STEPS_ACROSS + 1 }, (_, i) => i - MAX_STEPS_ACROSS)
  .flatMap((i) => Array.from({ length: 2 * MAX_STEPS_UP_DOWN + 1 }, (_, j): [number, number] => [i, j - MAX_STEPS_UP_DOWN]))
  .sort((a, b) => Math.hypot(...a) - Math.hypot(...b));

/**
 * The first of `texts` whose box (its glyphs, without the halo) lies inside the region at `zoom`: at its label
 * point, else moved from it by the least, in steps of half the text's height, up to half the text's width (and four
 * steps) across and two steps up or down. Null when none fits anywhere.
 */
function fittingText(feature: RegionFeature, texts: readonly string[], size: number, zoom: number): { text: string; dx: number; dy: number } | null {
  const k = 2 ** zoom;
  const shape = projected(feature);
  const [bx0, by0, bx1, by1] = shape.box.map((v) => v * k) as [number, number, number, number];
  let polygons: Ring[][] | null = null;
  const [x, y] = worldPixels(feature.label, zoom);
  for (const text of texts) {
    const box = textBox(text, size, 0);
    if (box.width > bx1 - bx0 || box.height > by1 - by0) continue;
    polygons ??= shape.polygons.map((polygon) => polygon.map((ring) => ring.map(([px, py]): [number, number] => [px * k, py * k])));
    const step = box.height / 2;
    const nx = Math.min(MAX_STEPS_ACROSS, Math.floor(box.width / 2 / step));
    // Around the label point first; then (a region of parts apart, e.g. a city drawn as its counties, whose label
    // point can fall between them) around the middle of each part, the widest first.
    for (const [ax, ay] of [[x, y] as const, ...partMiddles(polygons)]) {
      for (const [i, j] of STEPS) {
        if (Math.abs(i) > nx) continue;
        const [cx, cy] = [ax + i * step, ay + j * step];
        if (cx - box.width / 2 < bx0 || cx + box.width / 2 > bx1 || cy - box.height / 2 < by0 || cy + box.height / 2 > by1) continue;
        if (boxInside({ x: cx, y: cy, ...box }, polygons)) return { text, dx: cx - x, dy: cy - y };
      }
    }
  }
  return null;
}

/** The middle of each part's outer ring's bounding box, the widest part first (none for a one-part region). */
function partMiddles(polygons: readonly Ring[][]): [number, number][] {
  if (polygons.length < 2) return [];
  return polygons
    .map((polygon) => {
      const ring = polygon[0] ?? [];
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      return { middle: [(x0 + x1) / 2, (y0 + y1) / 2] as [number, number], width: x1 - x0 };
    })
    .sort((a, b) => b.width - a.width)
    .map((p) => p.middle);
}

/** The names of the regions `feature` lies in, its parent first. */
function ancestorNames(geometry: RegionGeometry, feature: RegionFeature): string[] {
  const out: string[] = [];
  for (let f = feature.parentCode ? geometry.byCode.get(feature.parentCode) : undefined; f; f = f.parentCode ? geometry.byCode.get(f.parentCode) : undefined) out.push(f.name);
  return out;
}

const labelCache = new WeakMap<readonly RegionFeature[], { key: string; labels: DrawnLabel[] }>();

/** {@link placedLabels}, the same array while its inputs do not change (deck.gl lays text out again for a new one). */
function labelsFor(geometry: RegionGeometry, features: readonly RegionFeature[], zoom: number, showVillages: boolean, scale: number, selectedCode: string | null): DrawnLabel[] {
  const key = `${zoom} ${showVillages} ${scale} ${selectedCode}`;
  const hit = labelCache.get(features);
  if (hit?.key === key) return hit.labels;
  const labels = placedLabels(features, zoom, showVillages, scale, selectedCode, (f) => labelTexts(f.name, ancestorNames(geometry, f)));
  labelCache.set(features, { key, labels });
  return labels;
}

export type Picked = { kind: 'region'; feature: RegionFeature } | { kind: 'point'; point: MapPoint };

const OUTLINE: Rgba = [60, 66, 74, 255];
const VILLAGE_LINE: Rgba = [90, 96, 104, 150];
const HOVER_LINE: Rgba = [20, 90, 200, 255];
const RING_FILL_ALPHA = 45;

export function picked(info: PickingInfo): Picked | null {
  const obj = info.object as RegionPolygon | RegionFeature | MapPoint | undefined;
  if (!obj) return null;
  if ('feature' in obj) return { kind: 'region', feature: obj.feature };
  if ('radius' in obj) return { kind: 'point', point: obj };
  return { kind: 'region', feature: obj };
}

export function buildRegionLayers(input: RegionLayerInput): Layer[] {
  const { geometry, fill, fillKey, points, township, hoveredCode, selectedCode, dark = false, scale = 1, zoom = 0 } = input;
  // Above the county nothing is drawn below the first level, however far the map is zoomed in.
  const showVillages = input.showVillages && geometry.villages.length > 0;
  const ink: Rgba = dark ? [240, 244, 250, 255] : [25, 30, 38, 255];
  const halo: Rgba = dark ? [8, 20, 38, 235] : [255, 255, 255, 230];
  const marked = (code: string) => code === hoveredCode || code === selectedCode;
  const lineKey = [hoveredCode, selectedCode];
  const villages = township ? villagesOf(geometry.villages, township) : geometry.villages;
  const fillPolygon = (p: RegionPolygon) => fill(p.feature);
  // Stable arrays (deck.gl re-tessellates a new one), simplified to the zoom.
  const townshipPolygons = regionPolygons(geometry.townships, zoom);
  const villagePolygons = regionPolygons(villages, zoom);
  const countyPolygons = regionPolygons(just(geometry.county), zoom);
  const pointFeatures = [...geometry.townships, ...(showVillages ? villages : [])].filter((f) => f.polygons === null);
  const labelled = labelsFor(geometry, showVillages ? villages : geometry.townships, zoom, showVillages, scale, selectedCode);
  // The county's plain fill is the ground under its areas; when every first-level area is filled over it, it would
  // only be drawn twice (a whole-map fill per frame on a software renderer), so it is left out.
  const countyGround = showVillages || geometry.townships.length === 0 || geometry.townships.some((f) => f.polygons === null);

  return [
    new PolygonLayer<RegionPolygon>({
      id: 'county-outline',
      data: countyPolygons,
      getPolygon: (p) => p.rings,
      filled: countyGround,
      getFillColor: dark ? [22, 40, 64, 255] : [246, 247, 249, 255],
      stroked: true,
      getLineColor: dark ? [150, 180, 220, 255] : OUTLINE,
      updateTriggers: { getFillColor: dark, getLineColor: dark },
      getLineWidth: 2.5 * scale,
      lineWidthUnits: 'pixels',
    }),
    new PolygonLayer<RegionPolygon>({
      id: 'township-fill',
      data: townshipPolygons,
      getPolygon: (p) => p.rings,
      getFillColor: fillPolygon,
      filled: true,
      stroked: true,
      getLineColor: (p) => (marked(p.feature.code) ? HOVER_LINE : OUTLINE),
      getLineWidth: (p) => (marked(p.feature.code) ? 3 : 1.5) * scale,
      lineWidthUnits: 'pixels',
      pickable: !showVillages,
      visible: !showVillages,
      updateTriggers: { getFillColor: fillKey, getLineColor: lineKey, getLineWidth: lineKey },
    }),
    new PolygonLayer<RegionPolygon>({
      id: 'village-fill',
      data: villagePolygons,
      getPolygon: (p) => p.rings,
      getFillColor: fillPolygon,
      filled: true,
      stroked: true,
      getLineColor: (p) => (marked(p.feature.code) ? HOVER_LINE : VILLAGE_LINE),
      getLineWidth: (p) => (marked(p.feature.code) ? 3 : 0.8) * scale,
      lineWidthUnits: 'pixels',
      pickable: showVillages,
      visible: showVillages,
      updateTriggers: { getFillColor: fillKey, getLineColor: lineKey, getLineWidth: lineKey },
    }),
    new PolygonLayer<RegionPolygon>({
      id: 'township-outline-over-villages',
      data: townshipPolygons,
      getPolygon: (p) => p.rings,
      filled: false,
      stroked: true,
      getLineColor: OUTLINE,
      getLineWidth: 2 * scale,
      lineWidthUnits: 'pixels',
      visible: showVillages,
    }),
    new ScatterplotLayer<RegionFeature>({
      id: 'regions-without-boundary',
      data: pointFeatures,
      getPosition: (f) => f.label,
      getFillColor: fill,
      getLineColor: (f) => (marked(f.code) ? HOVER_LINE : OUTLINE),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5 * scale,
      radiusUnits: 'pixels',
      getRadius: 7 * scale,
      pickable: true,
      updateTriggers: { getFillColor: fillKey, getLineColor: lineKey },
    }),
    ...points.map((set) => {
      const ring = set.style === 'ring';
      return new ScatterplotLayer<MapPoint>({
        id: `points-${set.id}`,
        data: set.points,
        getPosition: (p) => p.position,
        getFillColor: ring ? (p) => [p.colour[0], p.colour[1], p.colour[2], RING_FILL_ALPHA] : (p) => p.colour,
        getRadius: (p) => p.radius * scale,
        radiusUnits: 'pixels',
        stroked: true,
        getLineColor: ring ? (p) => p.colour : [255, 255, 255, 255],
        getLineWidth: (ring ? 3 : 1.5) * scale,
        lineWidthUnits: 'pixels',
        pickable: true,
        updateTriggers: { getRadius: scale, getLineWidth: scale },
      });
    }),
    new TextLayer<DrawnLabel>({
      id: 'region-labels',
      data: labelled,
      getPosition: (l) => l.feature.label,
      getText: (l) => l.text,
      getSize: (l) => l.size,
      getColor: (l) => (l.feature.polygons ? ink : dark ? [190, 200, 215, 255] : [70, 78, 90, 255]),
      getPixelOffset: (l) => [l.dx, l.dy],
      fontFamily: CJK_FONT_FAMILY,
      fontWeight: 600,
      characterSet: 'auto',
      fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
      outlineWidth: 3,
      outlineColor: halo,
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      updateTriggers: { getColor: dark },
    }),
  ];
}
