/**
 * deck.gl layers for regions coloured by a measure. A pure function of its inputs: it reads values, never
 * computes them. Layer ids are stable so deck.gl updates rather than re-creates them.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { AreaValues } from './area-values';
import { classColour, CJK_FONT_FAMILY, type ColourClass, type Rgba } from './colour-scales';
import { polygonsOf, type RegionFeature, type RegionGeometry, type RegionPolygon } from './region-features';

export interface RegionLayerInput {
  geometry: RegionGeometry;
  /** Township values (one row per township). */
  townshipValues: AreaValues | null;
  /** Village values (one row per village, all villages or only the drilled township's). */
  villageValues: AreaValues | null;
  /** Which column of the values colours the map, and how. */
  column: string;
  classes: readonly ColourClass[];
  /** The township drilled into, or null at county level. */
  township: string | null;
  /** Village cells and labels shown (zoomed in or drilled). */
  showVillages: boolean;
  hoveredCode: string | null;
}

export interface RegionPick {
  feature: RegionFeature;
}

const OUTLINE: Rgba = [60, 66, 74, 255];
const VILLAGE_LINE: Rgba = [90, 96, 104, 150];
const HOVER_LINE: Rgba = [20, 90, 200, 255];

export function pickedFeature(info: PickingInfo): RegionFeature | null {
  const obj = info.object as RegionPolygon | RegionFeature | undefined;
  if (!obj) return null;
  return 'feature' in obj ? obj.feature : obj;
}

export function buildRegionLayers(input: RegionLayerInput): Layer[] {
  const { geometry, townshipValues, villageValues, column, classes, township, showVillages, hoveredCode } = input;
  const villages = township ? geometry.villages.filter((v) => v.parentCode === township) : geometry.villages;
  const fill = (values: AreaValues | null) => (p: RegionPolygon | RegionFeature) => {
    const f = 'feature' in p ? p.feature : p;
    return classColour(classes, values?.get(f.code, column) ?? null);
  };
  const trigger = [townshipValues?.table, villageValues?.table, column, classes];
  const townshipPolygons = polygonsOf(geometry.townships);
  const villagePolygons = polygonsOf(villages);
  const pointFeatures = [...geometry.townships, ...(showVillages ? villages : [])].filter((f) => f.polygons === null);
  const labelled = showVillages ? villages : geometry.townships;

  return [
    new PolygonLayer<RegionPolygon>({
      id: 'county-outline',
      data: polygonsOf(geometry.county ? [geometry.county] : []),
      getPolygon: (p) => p.rings,
      filled: true,
      getFillColor: [246, 247, 249, 255],
      stroked: true,
      getLineColor: OUTLINE,
      getLineWidth: 2.5,
      lineWidthUnits: 'pixels',
    }),
    new PolygonLayer<RegionPolygon>({
      id: 'township-fill',
      data: townshipPolygons,
      getPolygon: (p) => p.rings,
      getFillColor: fill(townshipValues),
      filled: true,
      stroked: true,
      getLineColor: (p) => (p.feature.code === hoveredCode ? HOVER_LINE : OUTLINE),
      getLineWidth: (p) => (p.feature.code === hoveredCode ? 3 : 1.5),
      lineWidthUnits: 'pixels',
      pickable: !showVillages,
      visible: !showVillages,
      updateTriggers: { getFillColor: trigger, getLineColor: hoveredCode, getLineWidth: hoveredCode },
    }),
    new PolygonLayer<RegionPolygon>({
      id: 'village-fill',
      data: villagePolygons,
      getPolygon: (p) => p.rings,
      getFillColor: fill(villageValues),
      filled: true,
      stroked: true,
      getLineColor: (p) => (p.feature.code === hoveredCode ? HOVER_LINE : VILLAGE_LINE),
      getLineWidth: (p) => (p.feature.code === hoveredCode ? 3 : 0.8),
      lineWidthUnits: 'pixels',
      pickable: showVillages,
      visible: showVillages,
      updateTriggers: { getFillColor: trigger, getLineColor: hoveredCode, getLineWidth: hoveredCode },
    }),
    new PolygonLayer<RegionPolygon>({
      id: 'township-outline-over-villages',
      data: townshipPolygons,
      getPolygon: (p) => p.rings,
      filled: false,
      stroked: true,
      getLineColor: OUTLINE,
      getLineWidth: 2,
      lineWidthUnits: 'pixels',
      visible: showVillages,
    }),
    new ScatterplotLayer<RegionFeature>({
      id: 'regions-without-boundary',
      data: pointFeatures,
      getPosition: (f) => f.label,
      getFillColor: (f) => fill(f.level === 'township' ? townshipValues : villageValues)(f),
      getLineColor: (f) => (f.code === hoveredCode ? HOVER_LINE : OUTLINE),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      radiusUnits: 'pixels',
      getRadius: 7,
      pickable: true,
      updateTriggers: { getFillColor: trigger, getLineColor: hoveredCode },
    }),
    new TextLayer<RegionFeature>({
      id: 'region-labels',
      data: labelled,
      getPosition: (f) => f.label,
      getText: (f) => f.name,
      // Units without a boundary (farms, institutes) get a small label under their point.
      getSize: (f) => (f.polygons ? (showVillages ? 12 : 15) : 11),
      getColor: (f) => (f.polygons ? [25, 30, 38, 255] : [70, 78, 90, 255]),
      getPixelOffset: (f) => (f.polygons ? [0, 0] : [0, 15]),
      fontFamily: CJK_FONT_FAMILY,
      fontWeight: 600,
      characterSet: 'auto',
      fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      updateTriggers: { getSize: showVillages },
    }),
  ];
}
