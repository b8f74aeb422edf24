/**
 * An independent disclosure auditor for suppressed tables (test support; it shares no code with
 * src/export/suppression.ts). It reads a table only as published — the strings of its cells and totals — and
 * decides by exhaustive integer search whether any hidden value is uniquely determined.
 *
 * What a reader is assumed to know (the published marks and their footnote):
 * - a number is exact; "<T" is an integer in 0..T−1 (the rule: zeros may be hidden as "<T" to protect a small
 *   count, so a reader cannot rule out 0); "*" is an integer ≥ T (anything below would have been "<T"); a total
 *   that is not published (null) is any integer ≥ 0;
 * - every row sums to its row total, every column to its column total, the totals to the grand total.
 *
 * Search: depth-first over the hidden interior cells (every total follows from them). A cell's values are bounded
 * by the published totals of its lines when there are any, otherwise by `box` (default: well above every number in
 * the table). Finding two solutions that differ in a cell proves it is not determined, whatever the box; a cell
 * reported as determined is determined within the box, so a too-small box can only make a test fail, never pass.
 */
export interface PublishedTable {
  threshold: number;
  cells: string[][];
  rowTotals: string[] | null;
  columnTotals: string[] | null;
  grandTotal: string | null;
}

type Mark = { kind: 'exact'; value: number } | { kind: 'small' } | { kind: 'star' } | { kind: 'unknown' };

export interface AuditResult {
  /** Hidden slots with only one possible value ("r,c" with c = columns for a row total, r = rows for a column total). */
  determined: { slot: string; value: number }[];
  /** Every possible value seen for each hidden slot (two at most are looked for). */
  seen: Map<string, Set<number>>;
}

const NODE_LIMIT = 5_000_000;

export function auditTable(p: PublishedTable, opts: { box?: number } = {}): AuditResult {
  const T = p.threshold;
  const parse = (s: string | null): Mark => {
    if (s === null) return { kind: 'unknown' };
    if (s === `<${T}`) return { kind: 'small' };
    if (s === '*') return { kind: 'star' };
    if (!/^\d+$/.test(s)) throw new Error(`auditTable: cannot read "${s}"`);
    return { kind: 'exact', value: Number(s) };
  };
  const rows = p.cells.length;
  const cols = p.cells[0]?.length ?? 0;
  const cell: Mark[][] = p.cells.map((r) => r.map(parse));
  const rowT: Mark[] = Array.from({ length: rows }, (_, i) => parse(p.rowTotals ? (p.rowTotals[i] ?? null) : null));
  const colT: Mark[] = Array.from({ length: cols }, (_, j) => parse(p.columnTotals ? (p.columnTotals[j] ?? null) : null));
  const grand = parse(p.grandTotal);
  const fits = (m: Mark, x: number) =>
    m.kind === 'exact' ? x === m.value : m.kind === 'small' ? x >= 0 && x <= T - 1 : m.kind === 'star' ? x >= T : x >= 0;

  const numbers = [...cell.flat(), ...rowT, ...colT, grand].map((m) => (m.kind === 'exact' ? m.value : 0));
  const box = opts.box ?? 3 * (Math.max(0, ...numbers) + T) + 5;
  const upper = (m: Mark) => (m.kind === 'exact' ? m.value : m.kind === 'small' ? T - 1 : Infinity);

  const vars: [number, number][] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (cell[i]?.[j]?.kind !== 'exact') vars.push([i, j]);
  const domainOf = (i: number, j: number): number[] => {
    const m = cell[i]?.[j] as Mark;
    const hi = Math.min(box, upper(rowT[i] as Mark), upper(colT[j] as Mark), upper(grand));
    const out: number[] = [];
    for (let x = 0; x <= hi; x++) if (fits(m, x)) out.push(x);
    return out;
  };
  const domains = new Map(vars.map(([i, j]) => [`${i},${j}`, domainOf(i, j)]));

  /** Depth-first search for one full solution satisfying `accept`; returns the grid or null. */
  const solve = (order: [number, number][], first: ((x: number) => boolean) | null, prefer: number[][] | null, accept: (g: number[][]) => boolean): number[][] | null => {
    const g = cell.map((r) => r.map((m) => (m.kind === 'exact' ? m.value : -1)));
    const rowLeft = Array.from({ length: rows }, (_, i) => order.filter(([a]) => a === i).length);
    const colLeft = Array.from({ length: cols }, (_, j) => order.filter(([, b]) => b === j).length);
    const sumRow = (i: number) => (g[i] as number[]).reduce((s, x) => s + Math.max(0, x), 0);
    const sumCol = (j: number) => g.reduce((s, r) => s + Math.max(0, r[j] as number), 0);
    let nodes = 0;
    const go = (k: number): boolean => {
      if (++nodes > NODE_LIMIT) throw new Error('auditTable: search too large for this table');
      if (k === order.length) {
        const rs = Array.from({ length: rows }, (_, i) => sumRow(i));
        const cs = Array.from({ length: cols }, (_, j) => sumCol(j));
        const total = rs.reduce((a, b) => a + b, 0);
        return rs.every((x, i) => fits(rowT[i] as Mark, x)) && cs.every((x, j) => fits(colT[j] as Mark, x)) && fits(grand, total) && accept(g);
      }
      const [i, j] = order[k] as [number, number];
      let dom = domains.get(`${i},${j}`) as number[];
      if (k === 0 && first) dom = dom.filter(first);
      if (prefer) {
        const want = prefer[i]?.[j] as number;
        dom = [...dom].sort((a, b) => Math.abs(a - want) - Math.abs(b - want));
      }
      for (const x of dom) {
        (g[i] as number[])[j] = x;
        rowLeft[i] = (rowLeft[i] as number) - 1;
        colLeft[j] = (colLeft[j] as number) - 1;
        const rsum = sumRow(i);
        const csum = sumCol(j);
        const ok =
          rsum <= upper(rowT[i] as Mark) &&
          csum <= upper(colT[j] as Mark) &&
          (rowLeft[i] !== 0 || fits(rowT[i] as Mark, rsum)) &&
          (colLeft[j] !== 0 || fits(colT[j] as Mark, csum));
        if (ok && go(k + 1)) return true;
        rowLeft[i] = (rowLeft[i] as number) + 1;
        colLeft[j] = (colLeft[j] as number) + 1;
        (g[i] as number[])[j] = -1;
      }
      return false;
    };
    return go(0) ? g.map((r) => [...r]) : null;
  };

  const first = solve(vars, null, null, () => true);
  if (!first) throw new Error('auditTable: no table fits what is published');
  const valueAt = (g: number[][], slot: string): number => {
    const [a, b] = slot.split(',').map(Number) as [number, number];
    if (a < rows && b < cols) return (g[a] as number[])[b] as number;
    if (a < rows) return (g[a] as number[]).reduce((s, x) => s + x, 0);
    if (b < cols) return g.reduce((s, r) => s + (r[b] as number), 0);
    return g.flat().reduce((s, x) => s + x, 0);
  };
  const hidden: string[] = vars.map(([i, j]) => `${i},${j}`);
  rowT.forEach((m, i) => (m.kind === 'small' || m.kind === 'star') && hidden.push(`${i},${cols}`));
  colT.forEach((m, j) => (m.kind === 'small' || m.kind === 'star') && hidden.push(`${rows},${j}`));
  if (grand.kind === 'small' || grand.kind === 'star') hidden.push(`${rows},${cols}`);

  const seen = new Map<string, Set<number>>(hidden.map((h) => [h, new Set([valueAt(first, h)])]));
  const record = (g: number[][]) => hidden.forEach((h) => seen.get(h)?.add(valueAt(g, h)));
  const determined: { slot: string; value: number }[] = [];
  for (const h of hidden) {
    if ((seen.get(h)?.size ?? 0) >= 2) continue;
    const v0 = valueAt(first, h);
    const [a, b] = h.split(',').map(Number) as [number, number];
    const interior = a < rows && b < cols;
    const order: [number, number][] = interior ? [[a, b], ...vars.filter(([i, j]) => i !== a || j !== b)] : vars;
    const other = solve(order, interior ? (x) => x !== v0 : null, first, (g) => valueAt(g, h) !== v0);
    if (other) record(other);
    else determined.push({ slot: h, value: v0 });
  }
  return { determined, seen };
}
