/**
 * Map labels that never overprint: each label's box on screen is estimated from its text and size, and labels are
 * placed greedily by priority (townships before villages, larger areas first); a label whose box would meet a
 * placed one is left out. Pure: boxes are in world pixels at a zoom (Web Mercator, 512-pixel tiles as maplibre
 * draws), which differ from screen pixels only by a shift, so the result depends on the zoom alone, not on panning.
 */

export interface LabelCandidate {
  id: string;
  /** Centre of the box, in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Higher is placed first; ties keep the input order. */
  priority: number;
}

/** True when two boxes (centre and size) overlap, `gap` pixels counted as overlap. */
export function boxesOverlap(a: Omit<LabelCandidate, 'id' | 'priority'>, b: Omit<LabelCandidate, 'id' | 'priority'>, gap = 0): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width + 2 * gap && Math.abs(a.y - b.y) * 2 < a.height + b.height + 2 * gap;
}

/**
 * The ids of the labels placed: by priority (then input order), each placed unless its box comes within `gap`
 * pixels of one already placed. A uniform grid of buckets keeps this near-linear.
 */
export function placeLabels(candidates: readonly LabelCandidate[], gap = 2): Set<string> {
  const order = candidates.map((c, i) => ({ c, i })).sort((a, b) => b.c.priority - a.c.priority || a.i - b.i);
  const cell = Math.max(16, ...candidates.map((c) => Math.max(c.width, c.height) + 2 * gap));
  const buckets = new Map<string, LabelCandidate[]>();
  const placed = new Set<string>();
  for (const { c } of order) {
    if (!Number.isFinite(c.x) || !Number.isFinite(c.y)) continue;
    const gx = Math.floor(c.x / cell);
    const gy = Math.floor(c.y / cell);
    let free = true;
    for (let dx = -1; dx <= 1 && free; dx++)
      for (let dy = -1; dy <= 1 && free; dy++) for (const o of buckets.get(`${gx + dx},${gy + dy}`) ?? []) if (boxesOverlap(c, o, gap)) free = false;
    if (!free) continue;
    placed.add(c.id);
    const key = `${gx},${gy}`;
    buckets.set(key, [...(buckets.get(key) ?? []), c]);
  }
  return placed;
}

/** World pixels of [lng, lat] at `zoom` (Web Mercator, 512-pixel tiles). */
export function worldPixels([lng, lat]: readonly [number, number], zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return [((lng + 180) / 360) * size, ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * size];
}

/**
 * The width and height in pixels of `text` drawn at `size` pixels with an outline of `outline` pixels: a CJK
 * character (or full-width form) is one em wide, anything else 0.6 em; the line is 1.2 em high.
 */
export function textBox(text: string, size: number, outline = 3): { width: number; height: number } {
  let ems = 0;
  for (const ch of text) ems += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 1 : 0.6;
  return { width: ems * size + 2 * outline, height: 1.2 * size + 2 * outline };
}
