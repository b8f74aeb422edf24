import type { Rgba } from './colour-scales';
import type { RegionFeature } from './region-features';

/** A point drawn on the map (a station, a water point): never a child. */
export interface MapPoint {
  id: string;
  position: [number, number];
  colour: Rgba;
  /** Radius in pixels. */
  radius: number;
  title: string;
  lines: [string, string][];
}

export interface PointSet {
  id: string;
  points: MapPoint[];
  /** 'dot' (default): filled with a white edge; 'ring': a thick edge in the point's colour over a faint fill. */
  style?: 'dot' | 'ring';
  /** Drawn on screen only, never in an exported image (marks that could point at a few children). */
  screenOnly?: boolean;
}

export interface LegendItem {
  label: string;
  colour: Rgba;
  /** 'swatch' for areas, 'dot' or 'ring' for points. */
  shape?: 'swatch' | 'dot' | 'ring';
  /** Left out of exported images, with the point set it describes. */
  screenOnly?: boolean;
}

export interface LegendSpec {
  title: string;
  items: LegendItem[];
  definition: string;
  notes?: string[];
}

/** What a theme tells the map: how to colour each area, what points to draw, and how to describe an area. */
export interface MapTheme {
  fill: (feature: RegionFeature) => Rgba;
  /** Changes whenever `fill` would give other colours (deck.gl update trigger). */
  fillKey: unknown;
  points: PointSet[];
  legend: LegendSpec;
  describe: (feature: RegionFeature) => [string, string][];
  /**
   * The number of children an area's colour is computed over, when the colour is a rate about children: exports
   * grey out areas where it is below the small-cell threshold (src/map/export-theme.ts).
   */
  denominator?: (feature: RegionFeature) => number | null;
}
