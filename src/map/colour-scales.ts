/** Colour scales of the map, with the classes the legend shows. Display choices, not policy. */

export type Rgba = [number, number, number, number];

export interface ColourClass {
  /** Upper bound (exclusive) of the class; the last class has Infinity. */
  below: number;
  label: string;
  colour: Rgba;
}

/** Share of red and yellow children: a sequential yellow–orange–red scale. */
export const RISK_SHARE_CLASSES: readonly ColourClass[] = [
  { below: 0.04, label: '< 4%', colour: [255, 247, 204, 230] },
  { below: 0.07, label: '4% – 7%', colour: [254, 217, 118, 230] },
  { below: 0.1, label: '7% – 10%', colour: [253, 160, 67, 230] },
  { below: 0.13, label: '10% – 13%', colour: [240, 99, 42, 230] },
  { below: 0.16, label: '13% – 16%', colour: [208, 40, 38, 230] },
  { below: Infinity, label: '≥ 16%', colour: [140, 16, 38, 235] },
];

export const NO_DATA: Rgba = [205, 210, 216, 200];

export function classColour(classes: readonly ColourClass[], value: number | null): Rgba {
  if (value === null || !Number.isFinite(value)) return NO_DATA;
  return (classes.find((c) => value < c.below) ?? classes[classes.length - 1])?.colour ?? NO_DATA;
}

/** The four risk colours as they are conventionally drawn, plus grey for 未评估. */
export const RISK_COLOURS = {
  red: '#d7263d',
  yellow: '#f4c20d',
  blue: '#2f6fdb',
  green: '#2e9d4f',
  ungraded: '#9aa3ad',
} as const;

export const CJK_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Shares where higher is better (coverage, compliance, completeness): red when far short, green at 100%. */
export const COVERAGE_CLASSES: readonly ColourClass[] = [
  { below: 0.8, label: '< 80%', colour: [200, 40, 40, 230] },
  { below: 0.9, label: '80% – 90%', colour: [240, 120, 50, 230] },
  { below: 0.95, label: '90% – 95%', colour: [250, 200, 80, 230] },
  { below: 0.99995, label: '95% – 100%', colour: [160, 210, 120, 230] },
  { below: Infinity, label: '100%', colour: [40, 150, 80, 235] },
];

export const GOOD: Rgba = [40, 150, 80, 235];
export const WARN: Rgba = [250, 200, 80, 235];
export const BAD: Rgba = [200, 40, 40, 235];
export const POOR: Rgba = [240, 120, 50, 235];
export const INACTIVE: Rgba = [150, 150, 150, 220];

/** A paler fill, for themes that draw points over their areas. */
export function faded([r, g, b]: Rgba, alpha = 140): Rgba {
  return [r, g, b, alpha];
}
