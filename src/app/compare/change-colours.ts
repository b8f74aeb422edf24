/**
 * The change map's diverging scale, on the change signed so that above 0 is better (percentage points / 100):
 * red for worse, blue for better, a pale neutral for within ±1 point. A display choice, not policy.
 */
import { compareText } from '../../i18n/zh-compare';
import type { ColourClass } from '../../map/colour-scales';

export const CHANGE_CLASSES: readonly ColourClass[] = [
  { below: -0.1, label: compareText.worse(compareText.points(10, null)), colour: [178, 24, 43, 235] },
  { below: -0.05, label: compareText.worse(compareText.points(5, 10)), colour: [229, 110, 84, 230] },
  { below: -0.01, label: compareText.worse(compareText.points(1, 5)), colour: [247, 190, 160, 230] },
  { below: 0.01, label: compareText.steady, colour: [236, 232, 220, 230] },
  { below: 0.05, label: compareText.better(compareText.points(1, 5)), colour: [180, 213, 235, 230] },
  { below: 0.1, label: compareText.better(compareText.points(5, 10)), colour: [92, 158, 205, 230] },
  { below: Infinity, label: compareText.better(compareText.points(10, null)), colour: [33, 96, 168, 235] },
];
