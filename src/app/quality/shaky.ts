/**
 * When a theme's figures rest on shaky data: the figures of doubt each theme depends on, and the one line that says
 * so once any of their shares reaches the setting `dataQuality.shakyShare`. Pure.
 */
import { qualityText } from '../../i18n/zh-quality';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import type { ThemeId } from '../url-state';

/**
 * What can be in doubt: children never assessed, children whose colour is out of date, stations without
 * coordinates, water points outside their village's surveyed boundary.
 */
export type ShakyKind = 'ungraded' | 'stale' | 'stationsNoCoords' | 'pointsOutside';

export const SHAKY_KINDS: Readonly<Record<ThemeId, readonly ShakyKind[]>> = {
  risk: ['ungraded', 'stale'],
  visits: ['ungraded', 'stale'],
  guardianship: ['ungraded', 'stale'],
  stations: ['stationsNoCoords'],
  water: ['pointsOutside'],
};

export interface ShakyPart {
  kind: ShakyKind;
  /** How many are in doubt… */
  doubtful: number;
  /** …of how many. */
  total: number;
}

/**
 * The line to show, or null: it names every part whose `doubtful ÷ total` (with `total` above 0) reaches
 * `threshold` (the setting's `shakyShare` by default), in the order given.
 */
export function shakyLine(parts: readonly ShakyPart[], threshold = DEFAULT_SETTINGS.dataQuality.shakyShare): string | null {
  const shaky = parts.filter((p) => p.total > 0 && p.doubtful / p.total >= threshold);
  if (shaky.length === 0) return null;
  return qualityText.shaky.line(
    shaky.map((p) => qualityText.shaky[p.kind](p.doubtful / p.total)),
    threshold,
  );
}
