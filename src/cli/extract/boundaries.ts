/**
 * The bureau's boundary files in an extraction run: read (shapefile, zipped shapefile or GeoJSON, in WGS84, CGCS2000
 * or a CGCS2000 Gauss–Krüger projection; geometry/boundary-file.ts), matched to the region codes
 * (boundary-match.ts), made valid and simplified (geometry/boundary-shapes.ts), checked against the townships'
 * seats where they are known, and attached to the regions. Everything it finds goes into the report's own section
 * (边界文件) and a few console lines.
 */
import { BoundaryFileError, readBoundaryFile, type BoundaryLayer } from '../geometry/boundary-file';
import { prepareShapes, type ShapeInput } from '../geometry/boundary-shapes';
import type { LngLat } from '../geometry/crs';
import { unionOfCells } from '../geometry/schematic-cells';
import type { MultiPolygonCoords } from '../../extract/wkb';
import { matchBoundaries } from './boundary-match';
import { toWgs84 } from './coords';
import type { BoundariesSpec } from './mapping';
import { distanceToEdgesKm, insideMulti, type Region } from './regions';

export interface LoadedBoundaries {
  spec: BoundariesSpec;
  layers: BoundaryLayer[];
}

/** Reads every boundary file; a file that cannot be used is a fatal problem (the bureau asked for its shapes). */
export async function loadBoundaries(specs: readonly BoundariesSpec[]): Promise<{ loaded: LoadedBoundaries[]; problems: string[] }> {
  const loaded: LoadedBoundaries[] = [];
  const problems: string[] = [];
  for (const spec of specs) {
    try {
      loaded.push({ spec, layers: await readBoundaryFile(spec.file, spec.fileLabel, spec.epsg) });
    } catch (e) {
      if (!(e instanceof BoundaryFileError)) throw e;
      problems.push(`边界文件 ${e.message}`);
    }
  }
  return { loaded, problems };
}

export interface AppliedBoundaries {
  /** Regions given a shape. */
  attached: number;
  /** Lines of the report's 边界文件 section. */
  report: string[];
  /** Console lines. */
  summary: string[];
  /** Fatal problems. */
  problems: string[];
}

/** A seat further than this from its township's shape (km) is named in the report. */
const SEAT_FAR_KM = 5;
/** When the median seat lies further than this from its township's shape (km), the shapes are in the wrong place. */
const SEATS_WRONG_PLACE_KM = 10;

const listed = (items: readonly string[], max = 20): string => `${items.slice(0, max).join('；')}${items.length > max ? ` 等 ${items.length} 个` : ''}`;

/**
 * Matches, checks and simplifies the loaded files' shapes and sets them on `regions` (mutated). `seats` are the
 * townships' real points (the list's coordinates, GeoNames), for checking the shapes are in the right place.
 */
export function applyBoundaries(loaded: readonly LoadedBoundaries[], regions: readonly Region[], county: string, seats: ReadonlyMap<string, { point: LngLat; from: string }>): AppliedBoundaries {
  const report: string[] = [];
  const summary: string[] = [];
  const problems: string[] = [];
  const inputs: ShapeInput[] = [];
  const schematicOf = new Map<string, boolean>();
  const labelOf = new Map<string, string>();
  let unmatchedFeatures = 0;
  const withoutShape = new Map<string, Region>();
  for (const { spec, layers } of loaded) {
    const match = matchBoundaries(layers, regions, county, {
      ...(spec.codeField ? { codeField: spec.codeField } : {}),
      ...(spec.nameField ? { nameField: spec.nameField } : {}),
      ...(spec.level ? { level: spec.level } : {}),
    });
    for (const l of match.layers) {
      report.push(
        `${l.label}：${l.features} 个要素，坐标系 ${l.crs}（取自${l.crsFrom}）${l.encoding ? `，属性表编码 ${l.encoding.toUpperCase()}` : ''}；` +
          `代码字段 ${l.codeField ?? '无'}，名称字段 ${l.nameField ?? '无'}；按代码匹配 ${l.byCode} 个，按名称匹配 ${l.byName} 个`,
      );
      if (l.nameDiffers.length > 0) report.push(`${l.label}：${l.nameDiffers.length} 个要素按代码匹配，但名称与区划表不同（按代码）：${listed(l.nameDiffers)}`);
    }
    if (spec.datum === 'GCJ-02' || spec.datum === 'BD-09') for (const m of match.matched.values()) m.polygons = m.polygons.map((p) => p.map((r) => r.map((q) => toWgs84(q, spec.datum))));
    for (const [code, m] of match.matched) {
      if (labelOf.has(code)) {
        report.push(`${m.label} 与 ${labelOf.get(code)} 是同一区划 ${code}，只用后者`);
        continue;
      }
      labelOf.set(code, m.label);
      schematicOf.set(code, spec.schematic);
      inputs.push({ id: code, group: m.region.level, label: `${m.label}（${m.region.name} ${code}）`, polygons: m.polygons });
      if (m.parts > 1) report.push(`${m.region.name}（${code}）由 ${m.parts} 个要素组成（如飞地），已合并为一个多部分边界`);
    }
    unmatchedFeatures += match.unmatched.length;
    if (match.unmatched.length > 0) {
      report.push(`**未匹配的要素**（${match.unmatched.length} 个，未使用）：`);
      for (const u of match.unmatched) report.push(`  - ${u.layer}${u.index > 0 ? ` 第 ${u.index} 个要素「${u.text}」` : ''}：${u.reason}`);
    }
    for (const r of match.withoutShape) withoutShape.set(r.code, r);
  }
  const tolerance = Math.min(...loaded.map((l) => l.spec.toleranceM));
  const shapes = prepareShapes(inputs, tolerance);
  for (const p of shapes.repaired) report.push(`已修复：${p.label}：${p.reason}`);
  if (shapes.refused.length > 0) {
    report.push(`**拒绝的边界**（${shapes.refused.length} 个，这些区划没有边界）：`);
    for (const p of shapes.refused) report.push(`  - ${p.label}：${p.reason}`);
  }
  const s = shapes.stats;
  report.push(
    `简化：道格拉斯-普克算法，容差 ${s.toleranceM} 米（在 CGCS2000 高斯-克吕格投影下以米计算），顶点 ${s.verticesBefore} → ${s.verticesAfter}；` +
      `相邻区划共用的边界段（${s.sharedArcs} 段）只简化一次、两侧共用，不会出现缝隙；` +
      `${s.neighbourPairs} 对相邻区划中，简化后边界之间的最大距离为 ${s.maxGapM.toFixed(1)} 米${s.pairsOverOneMetre > 0 ? `（${s.pairsOverOneMetre} 对超过 1 米：原文件中这些边界没有共用顶点，各自简化）` : ''}` +
      `${s.relaxedRings > 0 ? `；${s.relaxedRings} 个环按原容差简化会自相交或塌缩，已减小容差` : ''}${s.reoriented > 0 ? `；${s.reoriented} 个环的方向已统一（外环逆时针、内环顺时针）` : ''}`,
  );

  // Parents the files lack, from their children's shapes when those share their borders exactly (as the arcs above
  // leave them): a township from all its villages, the county from its townships.
  const derived: string[] = [];
  const unionOf = (parts: readonly MultiPolygonCoords[]): MultiPolygonCoords | null => (parts.length === 0 ? null : unionOfCells(parts.flat()));
  for (const level of ['township', 'county'] as const) {
    for (const parent of regions.filter((r) => r.level === level && !shapes.shapes.has(r.code))) {
      const kids = regions.filter((r) => r.parentCode === parent.code);
      const shaped = kids.filter((k) => shapes.shapes.has(k.code));
      if (shaped.length === 0 || (level === 'township' && shaped.length < kids.length)) continue;
      const union = unionOf(shaped.map((k) => shapes.shapes.get(k.code) as MultiPolygonCoords));
      if (!union) {
        report.push(`${parent.name}（${parent.code}）的下级区划边界没有共用顶点（或有洞），无法合并出${level === 'county' ? '县界' : '乡镇边界'}，${parent.name}没有边界`);
        continue;
      }
      shapes.shapes.set(parent.code, union);
      schematicOf.set(parent.code, shaped.some((k) => schematicOf.get(k.code)));
      derived.push(`${parent.name}（${parent.code}，由 ${shaped.length} 个下级区划合并${shaped.length < kids.length ? `，另有 ${kids.length - shaped.length} 个下级单位没有边界` : ''}）`);
    }
  }
  if (derived.length > 0) report.push(`合并得出的边界：${listed(derived)}`);

  const missing = [...withoutShape.values()].filter((r) => !shapes.shapes.has(r.code));
  if (missing.length > 0) {
    report.push(`**没有边界的区划**（${missing.length} 个，地图上以标注点显示）：`);
    for (const level of ['township', 'village'] as const) {
      const of = missing.filter((r) => r.level === level);
      if (of.length > 0) report.push(`  - ${level === 'township' ? '乡镇（街道）' : '村（社区）'} ${of.length} 个：${listed(of.map((r) => `${r.name}（${r.code}）`), 50)}`);
    }
  }
  // In the right place: the townships' seats should lie in (or near) their shapes.
  const far: string[] = [];
  const distances: number[] = [];
  for (const [code, seat] of seats) {
    const polygons = shapes.shapes.get(code);
    if (!polygons) continue;
    const km = insideMulti(seat.point, polygons) ? 0 : distanceToEdgesKm(seat.point, polygons);
    distances.push(km);
    const region = regions.find((r) => r.code === code) as Region;
    if (km > SEAT_FAR_KM) far.push(`${region.name}（${code}，驻地在边界外 ${km.toFixed(1)} 公里）`);
  }
  const median = [...distances].sort((a, b) => a - b)[Math.floor(distances.length / 2)] ?? 0;
  if (distances.length >= 3 && median > SEATS_WRONG_PLACE_KM) {
    problems.push(
      `边界文件：乡镇（街道）边界与其驻地相距很远（${distances.length} 个有驻地的乡镇中位数 ${median.toFixed(1)} 公里），边界不在本县的位置，坐标系可能不对（如中央经线或带号）：请核对 .prj 或用 --epsg 指定正确的坐标系`,
    );
  } else if (distances.length > 0) {
    report.push(`位置检查：${distances.length} 个乡镇（街道）的驻地${far.length === 0 ? '都在其边界内或边界附近' : `中 ${far.length} 个离其边界较远（请核对）：${listed(far)}`}`);
  }

  let attached = 0;
  for (const r of regions) {
    const polygons = shapes.shapes.get(r.code);
    if (!polygons) continue;
    r.polygons = polygons;
    r.schematic = schematicOf.get(r.code) ?? false;
    attached++;
  }
  const levels = (level: string) => regions.filter((r) => r.level === level && shapes.shapes.has(r.code)).length;
  summary.push(
    `边界：${regions.some((r) => r.level === 'county' && shapes.shapes.has(r.code)) ? '县、' : ''}${levels('township')} 个乡镇（街道）、${levels('village')} 个村（社区）有边界` +
      `（容差 ${tolerance} 米简化，顶点 ${s.verticesBefore} → ${s.verticesAfter}）；未匹配的要素 ${unmatchedFeatures} 个，没有边界的区划 ${missing.length} 个，拒绝的边界 ${shapes.refused.length} 个（详见报告“边界文件”一节）`,
  );
  return { attached, report, summary, problems };
}
