/**
 * Greedy label placement: boxes worked out by hand, priorities and ties, the gap, and the world-pixel projection
 * against values computed by hand for Web Mercator at 512-pixel tiles.
 */
import { describe, expect, it } from 'vitest';
import { boxesOverlap, placeLabels, textBox, worldPixels, type LabelCandidate } from '../../src/map/label-placement';

const box = (id: string, x: number, y: number, priority = 0, width = 40, height = 10): LabelCandidate => ({ id, x, y, width, height, priority });

describe('boxesOverlap', () => {
  it('counts boxes that meet within the gap as overlapping', () => {
    // Centres 40 apart, each 40 wide: they touch; with a gap of 0 they do not overlap, with 1 they do.
    expect(boxesOverlap(box('a', 0, 0), box('b', 40, 0), 0)).toBe(false);
    expect(boxesOverlap(box('a', 0, 0), box('b', 40, 0), 1)).toBe(true);
    expect(boxesOverlap(box('a', 0, 0), box('b', 30, 9), 0)).toBe(true);
    expect(boxesOverlap(box('a', 0, 0), box('b', 30, 11), 0)).toBe(false);
  });
});

describe('placeLabels', () => {
  it('places by priority, leaving out what would overprint a label already placed', () => {
    const placed = placeLabels([box('village', 0, 0, 1), box('township', 20, 0, 5), box('far', 100, 0, 0), box('next', 60, 0, 0)], 2);
    // township (x 0–40) first; village (−20–20) meets it; far (80–120) is clear; next (40–80) is within 2 px of township.
    expect([...placed].sort()).toEqual(['far', 'township']);
  });

  it('keeps the input order among equal priorities, and skips labels at no finite place', () => {
    expect([...placeLabels([box('first', 0, 0), box('second', 10, 0), box('nowhere', NaN, 0)])]).toEqual(['first']);
  });

  it('never places two overlapping boxes among many', () => {
    const many = Array.from({ length: 400 }, (_, i) => box(`l${i}`, (i * 37) % 500, (i * 53) % 300, i % 7, 30 + (i % 5) * 10, 12));
    const ids = placeLabels(many);
    const placed = many.filter((c) => ids.has(c.id));
    expect(placed.length).toBeGreaterThan(20);
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(boxesOverlap(placed[i]!, placed[j]!, 0)).toBe(false);
  });
});

describe('textBox and worldPixels', () => {
  it('sizes a label: one em per CJK character, 0.6 em otherwise, 1.2 em high, plus the outline', () => {
    expect(textBox('搬经镇', 15, 2)).toEqual({ width: 49, height: 22 });
    expect(textBox('A1村', 10, 0)).toEqual({ width: 22, height: 12 });
  });

  it('projects like Web Mercator at 512-pixel tiles', () => {
    expect(worldPixels([0, 0], 0)).toEqual([256, 256]);
    expect(worldPixels([90, 0], 1)).toEqual([768, 512]);
    // lat 45°: y = (1 − ln(tan 45° + sec 45°)/π)/2 × 512 = (1 − 0.881374/π)/2 × 512 = 184.18
    expect(worldPixels([-180, 45], 0)[1]).toBeCloseTo(184.18, 2);
  });
});
