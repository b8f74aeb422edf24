/**
 * Larger schematic geographies for the benchmark, built from 如皋市's: optionally `villagesPerVillage` times as many
 * villages in each township (extra Voronoi cells inside the same township cell), then `copies` copies of the whole
 * county laid side by side on a grid, each copy's townships under new codes. All of it stays one county (format v1
 * has exactly one county row), with at most 999 townships and at most 999 villages per township.
 *
 * Code conventions follow the NBS pattern of the original: streets 0xx, towns 1xx–3xx, development zones and units
 * without territory 4xx–9xx; residents' committees 0xx–1xx, village committees 2xx–9xx. Copy 0 keeps every original
 * code, so the demo story (lagging townships, the county seat 如城街道 with code …001) stays where it was.
 */
import { buildSchematicGeography, COUNTY_CODE, type DemoRegion } from '../demo/geography';
import type { RugaoReference, RugaoVillage } from '../demo/reference';
import type { PolygonCoords } from '../../extract/wkb';

export interface ScaledGeography {
  /** County row first, then townships and villages, each sorted by code (as the demo generator orders them). */
  regions: DemoRegion[];
  /** The county's boundary: one polygon per copy (written as a MultiPolygon when there are several). */
  countyPolygons: PolygonCoords[];
  /** Station targets per township code: the 2021 annex's, times `villagesPerVillage`, for every copy. */
  targets: Map<string, { homes: number; stations: number }>;
}

/** Gap between copies, in degrees. */
const GAP_DEG = 0.04;

const round5 = (v: number): number => Number(v.toFixed(5));
const suffix = (n: number): string => String(n).padStart(3, '0');

/**
 * The reference data with every real village (not the virtual units) repeated `k` times in its township, renumbered
 * per township: residents' committees from 001, village committees from 200, replicas next to their original.
 */
export function replicateVillages(ref: RugaoReference, k: number): RugaoReference {
  if (k === 1) return ref;
  const villages: RugaoVillage[] = [];
  for (const town of ref.towns) {
    const own = ref.villages.filter((v) => v.townCode === town.code).sort((a, b) => a.code.localeCompare(b.code));
    let residents = 1;
    let committees = 200;
    for (const v of own) {
      if (v.type === 'virtual') {
        villages.push(v);
        continue;
      }
      for (let r = 0; r < k; r++) {
        const n = v.type === 'residents_committee' ? residents++ : committees++;
        if ((v.type === 'residents_committee' && n > 199) || n > 999) throw new Error(`township ${town.code}: too many villages for 3-digit codes at ×${k}`);
        villages.push({ ...v, code: `${town.code}${suffix(n)}`, name: r === 0 ? v.name : `${v.name}${r + 1}` });
      }
    }
  }
  const towns = ref.towns.map((t) => ({ ...t, villageUnits: villages.filter((v) => v.townCode === t.code).length }));
  return { ...ref, towns, villages };
}

/** Free 3-digit township suffixes by unit type, after the ones copy 0 uses. */
function suffixPools(used: ReadonlySet<number>): Record<'street' | 'town' | 'other', number[]> {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => !used.has(n));
  return { street: range(1, 99), town: range(100, 399), other: range(400, 999) };
}

function shiftPolygon(polygon: PolygonCoords, dx: number, dy: number): PolygonCoords {
  return polygon.map((ring) => ring.map(([x, y]) => [round5(x + dx), round5(y + dy)]));
}

/**
 * The schematic geography of `copies` side-by-side copies of 如皋市, each with `villagesPerVillage` times its
 * villages. `copies = 1, villagesPerVillage = 1` is exactly the demo's geography.
 */
export function scaledGeography(ref: RugaoReference, seed: number, copies: number, villagesPerVillage: number): ScaledGeography {
  if (!Number.isInteger(copies) || copies < 1) throw new Error(`copies must be a positive integer, got ${copies}`);
  const base = buildSchematicGeography(replicateVillages(ref, villagesPerVillage), seed);
  const county = base.find((r) => r.level === 'county');
  if (!county?.polygon) throw new Error('the schematic geography has no county outline');
  const townships = base.filter((r) => r.level === 'township');
  const villages = base.filter((r) => r.level === 'village');

  const baseTargets = new Map<string, { homes: number; stations: number }>();
  for (const town of ref.towns) {
    if (town.seedCareStations !== null) baseTargets.set(town.code, { homes: 1, stations: town.seedCareStations * villagesPerVillage });
  }
  if (copies === 1) return { regions: base, countyPolygons: [county.polygon], targets: baseTargets };

  const outline = county.polygon[0] ?? [];
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const width = Math.max(...xs) - Math.min(...xs);
  const height = Math.max(...ys) - Math.min(...ys);
  const columns = Math.ceil(Math.sqrt(copies));

  const used = new Set(townships.map((t) => Number(t.code.slice(6))));
  const pools = suffixPools(used);
  const poolOf = (t: DemoRegion): number[] => (t.unitType === 'street' ? pools.street : t.unitType === 'town' ? pools.town : pools.other);

  const outTownships: DemoRegion[] = [];
  const outVillages: DemoRegion[] = [];
  const countyPolygons: PolygonCoords[] = [];
  const targets = new Map<string, { homes: number; stations: number }>();
  for (let j = 0; j < copies; j++) {
    const dx = (j % columns) * (width + GAP_DEG);
    const dy = -Math.floor(j / columns) * (height + GAP_DEG);
    const shift = (p: [number, number]): [number, number] => [round5(p[0] + dx), round5(p[1] + dy)];
    countyPolygons.push(shiftPolygon(county.polygon, dx, dy));
    const codeOf = new Map<string, string>();
    for (const t of townships) {
      let code = t.code;
      if (j > 0) {
        const next = poolOf(t).shift();
        if (next === undefined) throw new Error(`more than 999 townships (or too many of type ${t.unitType}) at ${copies} copies`);
        code = `${COUNTY_CODE}${suffix(next)}`;
      }
      codeOf.set(t.code, code);
      const target = baseTargets.get(t.code);
      if (target) targets.set(code, target);
      outTownships.push({
        ...t,
        code,
        name: j === 0 ? t.name : `${t.name}（${j + 1}）`,
        label: shift(t.label),
        polygon: t.polygon ? shiftPolygon(t.polygon, dx, dy) : null,
      });
    }
    for (const v of villages) {
      const parent = codeOf.get(v.parentCode ?? '');
      if (!parent) throw new Error(`village ${v.code} has no township`);
      outVillages.push({
        ...v,
        code: `${parent}${v.code.slice(9)}`,
        parentCode: parent,
        label: shift(v.label),
        polygon: v.polygon ? shiftPolygon(v.polygon, dx, dy) : null,
      });
    }
  }
  const byCode = (a: DemoRegion, b: DemoRegion): number => a.code.localeCompare(b.code);
  // The county row keeps copy 0's label (inside its outline); its boundary is the copies' outlines together.
  const countyRow: DemoRegion = { ...county, polygon: null };
  return { regions: [countyRow, ...outTownships.sort(byCode), ...outVillages.sort(byCode)], countyPolygons, targets };
}
