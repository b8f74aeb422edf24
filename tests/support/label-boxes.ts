/**
 * The region labels drawn on the map, as the page reports them (`data-labels` on the map element: text, centre in
 * the map's pixels, size; returned in page pixels), with each label's box measured in the page by the browser's own font metrics (canvas
 * measureText in the map's font), not by the app's estimate, and the pairs of boxes that overlap.
 */
import type { Page } from 'playwright-core';
import { CJK_FONT_FAMILY } from '../../src/map/colour-scales';

export interface MeasuredLabel {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function drawnLabels(page: Page): Promise<MeasuredLabel[]> {
  return page.evaluate((font) => {
    const map = document.querySelector('[data-testid="map"]');
    const labels = JSON.parse(map?.getAttribute('data-labels') ?? '[]') as [string, number, number, number][];
    const at = map?.getBoundingClientRect() ?? { left: 0, top: 0 };
    const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    return labels.map(([text, x, y, size]) => {
      ctx.font = `600 ${size}px ${font}`;
      return { text, x: x + at.left, y: y + at.top, width: ctx.measureText(text).width, height: size };
    });
  }, CJK_FONT_FAMILY);
}

/** "A × B" for every two labels whose boxes (centred on their points) overlap. */
export function overlappingLabels(labels: readonly MeasuredLabel[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i] as MeasuredLabel;
      const b = labels[j] as MeasuredLabel;
      if (Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height) out.push(`${a.text} × ${b.text}`);
    }
  return out;
}
