/**
 * Map labels that never overprint: each label's box on screen is estimated from its text and size, and labels are
 * placed greedily by priority (townships before villages, larger areas first); a label whose box would meet a
 * placed one is left out. A label must also fit inside its own area ({@link boxInside}; the texts tried are in
 * label-text.ts). Pure: boxes are in world pixels at a zoom (Web Mercator, 512-pixel tiles as maplibre
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

type Point = readonly [number, number];

/** Even-odd: true when `p` lies inside the rings (an outer ring and its holes). */
function insideRings([px, py]: Point, rings: readonly (readonly Point[])[]): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Point;
      const [xj, yj] = ring[j] as Point;
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

/** True when segments p–q and r–s cross or touch. */
function segmentsMeet(p: Point, q: Point, r: Point, s: Point): boolean {
  const side = (a: Point, b: Point, c: Point) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const d1 = side(r, s, p);
  const d2 = side(r, s, q);
  const d3 = side(p, q, r);
  const d4 = side(p, q, s);
  if (d1 !== d2 && d3 !== d4) return true;
  const on = (a: Point, b: Point, c: Point) => Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  return (d1 === 0 && on(r, s, p)) || (d2 === 0 && on(r, s, q)) || (d3 === 0 && on(p, q, r)) || (d4 === 0 && on(p, q, s));
}

/**
 * True when the box (centre and size, in the polygons' pixels) lies wholly inside one of `polygons` (each an outer
 * ring and its holes): its corners inside, no edge of the polygon crossing its sides, no corner of the polygon
 * (a hole's, say) within it.
 */
export function boxInside(box: Omit<LabelCandidate, 'id' | 'priority'>, polygons: readonly (readonly (readonly Point[])[])[]): boolean {
  const [x0, x1, y0, y1] = [box.x - box.width / 2, box.x + box.width / 2, box.y - box.height / 2, box.y + box.height / 2];
  const corners: Point[] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  return polygons.some((rings) => {
    if (!corners.every((c) => insideRings(c, rings))) return false;
    for (const ring of rings)
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as Point;
        if (p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1) return false;
        const q = ring[(i + 1) % ring.length] as Point;
        for (let k = 0; k < 4; k++) if (segmentsMeet(p, q, corners[k] as Point, corners[(k + 1) % 4] as Point)) return false;
      }
    return true;
  });
}
