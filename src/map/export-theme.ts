/**
 * A theme as exported: an area whose colour is a rate over fewer children than the small-cell threshold is
 * drawn in the "too few to show" grey, with a legend entry saying so. The screen keeps the real colours (staff
 * are entitled to see them); images that leave the bureau do not. Point sets marked `screenOnly` (and their
 * legend entries) are left out.
 */
import type { MapTheme } from './map-theme';
import type { Rgba } from './colour-scales';
import { exportText } from '../i18n/zh-export';

export const SUPPRESSED: Rgba = [236, 238, 241, 235];

export function themeForExport(theme: MapTheme, threshold: number): MapTheme {
  const { denominator } = theme;
  const screenOnly = theme.points.some((s) => s.screenOnly);
  if (!denominator && !screenOnly) return theme;
  const hidden = (n: number | null) => n !== null && n > 0 && n < threshold;
  const items = theme.legend.items.filter((i) => !i.screenOnly);
  return {
    ...theme,
    fill: denominator ? (f) => (hidden(denominator(f)) ? SUPPRESSED : theme.fill(f)) : theme.fill,
    fillKey: [theme.fillKey, 'export', threshold],
    points: theme.points.filter((s) => !s.screenOnly),
    legend: { ...theme.legend, items: denominator ? [...items, { label: exportText.suppressedArea(threshold), colour: SUPPRESSED }] : items },
  };
}
