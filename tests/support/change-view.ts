/**
 * What the 两期对比 browser tests (tests/browser/compare.test.ts for a county, compare-above.test.ts for a city) both
 * need: a change as the app prints it, a class colour as drawn on the map, the map's pixels, and the wait for the
 * comparison's figures.
 */
import type { Page } from 'playwright-core';
import { CHANGE_CLASSES } from '../../src/app/compare/change-colours';
import { NO_DATA } from '../../src/map/colour-scales';
import { waitForMap } from './browser';

/** A rate as printed: 73.7%, or — for none. */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
/** Tenths of a point between two rates as printed (75.0% → 73.7% is −13), so a change matches the rates beside it. */
export const tenths = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(Number(pct(b).slice(0, -1)) * 10) - Math.round(Number(pct(a).slice(0, -1)) * 10));
/** As the panel's tile prints a change: +2.1, −0.4, 0.0. */
export const points = (t: number) => (t === 0 ? '0.0' : `${t > 0 ? '+' : '−'}${(Math.abs(t) / 10).toFixed(1)}`);
/** As the sentences and tables word it: 提高2.1个百分点, 下降0.4个百分点, 持平. */
export const words = (t: number) => (t === 0 ? '持平' : `${t > 0 ? '提高' : '下降'}${(Math.abs(t) / 10).toFixed(1)}个百分点`);

/** A colour as drawn over the map's light base fill (deck.gl blends by alpha). */
export function drawn(c: readonly number[]): number[] {
  const alpha = (c[3] ?? 255) / 255;
  return [0, 1, 2].map((i) => Math.round((c[i] ?? 0) * alpha + ([246, 247, 249][i] ?? 0) * (1 - alpha)));
}
/** The colour of a change as printed (tenths of a point; null for none), as drawn on the map. */
export const changeColour = (t: number | null) => drawn(t === null ? NO_DATA : (CHANGE_CLASSES.find((k) => t / 1000 < k.below) ?? CHANGE_CLASSES.at(-1)!).colour);
/** Every colour an area of the change map is filled with, as drawn. */
export const CHANGE_FILLS = [...CHANGE_CLASSES.map((k) => drawn(k.colour)), drawn(NO_DATA)];
/** Two colours within 12 in every channel. */
export const near = (p: readonly number[], q: readonly number[]) => p.every((v, i) => Math.abs(v - (q[i] ?? 0)) <= 12);

/**
 * The colour of the deck.gl canvas inside `scope` (a CSS selector) at each page point, where the 9 × 9 pixels
 * around it are one colour (an area's inside), else null.
 */
export async function pixelsAt(page: Page, scope: string, at: { x: number; y: number }[]): Promise<(number[] | null)[]> {
  return page.evaluate(
    ({ scope, pts }) => {
      const canvas = [...document.querySelectorAll(`${scope} canvas`)].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const g = copy.getContext('2d') as CanvasRenderingContext2D;
      g.drawImage(canvas, 0, 0);
      const sx = canvas.width / box.width;
      const sy = canvas.height / box.height;
      return pts.map((p) => {
        const d = g.getImageData(Math.round((p.x - box.left) * sx) - 4, Math.round((p.y - box.top) * sy) - 4, 9, 9).data;
        for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return null;
        return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0];
      });
    },
    { scope, pts: at },
  );
}

/** Waits until the map has drawn and the comparison's figures are in (within `timeout` ms each). */
export async function compareReady(page: Page, timeout = 120_000): Promise<void> {
  await waitForMap(page, timeout);
  await page.waitForSelector('[data-testid="compare"] [data-testid="kpis"][aria-busy="false"]', { timeout });
}
