/**
 * The regions table from the county's division list (+ optional boundary files): rows checked, the county row
 * ensured, parents checked, boundaries matched and attached (or, without a boundary file, schematic cells derived
 * from the villages' points, or the tile-grid layout), the county's extent found, and label points filled in.
 */
import type { MultiPolygonCoords } from '../../extract/wkb';
import { REFERENCE_SOURCE, SEAT_SOURCE, type CountyReference } from '../geometry/china-reference';
import { SAME_PLACE_M, schematicCells } from '../geometry/schematic-cells';
import { tileLayout } from '../geometry/tile-grid';
import type { Row } from '../write-extract';
import { toWgs84, type LngLat } from './coords';
import { applyBoundaries, type LoadedBoundaries } from './boundaries';
import type { Mapping } from './mapping';
import {
  bboxExtent,
  encodeGeometry,
  interiorPoint,
  levelOfCode,
  normalizeCode,
  parentOfCode,
  polygonExtent,
  RegionIndex,
  unitTypeFromName,
  type Extent,
  type Level,
  type Region,
} from './regions';
import type { LoadedSource } from './source';
import { RowReader, type Context, type Ledger, type Origin, type PointsByRegion } from './transform';
import { BUILTIN_VOCABULARIES, lookup, normalizeWord, parseCoordinate, parseInteger } from './values';

export interface RegionsBuild {
  regions: Region[];
  index: RegionIndex;
  extent: Extent | null;
  /** True when the shapes were derived from points (no boundaries file): schematic cells, not boundaries. */
  derivedCells: boolean;
  /** True when the shapes are the tile-grid layout (township cells from seats, village tiles): schematic. */
  tiled: boolean;
  /** Lines for the report about geometry and labels. */
  notes: string[];
  /** Fatal problems (the run cannot go on). */
  problems: string[];
  /** The report's 边界文件 section (empty without boundary files). */
  boundaryReport: string[];
  /** Console lines about the boundary files. */
  boundarySummary: string[];
}

const LEVEL_WORDS = new Map<string, Level>([
  ...['county', '县', '县级', '市', '区'].map((w): [string, Level] => [normalizeWord(w), 'county']),
  ...['township', '乡镇', '乡', '镇', '街道', '乡级', '乡镇级', '乡镇(街道)'].map((w): [string, Level] => [normalizeWord(w), 'township']),
  ...['village', '村', '社区', '村级', '村(社区)', '村(居)', '居委会', '村委会'].map((w): [string, Level] => [normalizeWord(w), 'village']),
]);

/**
 * The regions from the bureau's list (`source`, optional) and the county's built-in reference geography
 * (`reference`, optional): the list overrides the reference (names, coordinates, targets) and adds units it lacks.
 * Needs a context for RowReader (salt etc. unused here).
 */
export function buildRegions(
  source: LoadedSource | null,
  mapping: Mapping,
  ctx: Omit<Context, 'regions' | 'extent'>,
  ledger: Ledger,
  reference: CountyReference | null = null,
  boundaries: readonly LoadedBoundaries[] = [],
): RegionsBuild {
  const county = mapping.county.code;
  const countyName = mapping.county.name || reference?.name || county;
  const spec = mapping.regions;
  const geo = mapping.geography;
  const notes: string[] = [];
  const problems: string[] = [];
  const byCode = new Map<string, { region: Region; origin: Origin | null }>();
  const stubIndex = new RegionIndex([]);
  const stubExtent: Extent = { describe: '', contains: () => true };
  let order = 0;
  for (const data of source && spec ? source.rows : []) {
    if (!source || !spec) break; // (narrows both for the loop's body)
    order += 1;
    const origin: Origin = { source, row: data.row, order };
    const reader = new RowReader({ ...ctx, regions: stubIndex, extent: stubExtent }, source, data);
    const codeText = reader.text('code');
    const code = normalizeCode(codeText);
    if (!code) reader.reasons.push(codeText === '' ? '缺少区划代码' : `区划代码「${codeText}」不是6、9或12位数字`);
    else if (!code.startsWith(county)) reader.reasons.push(`区划代码 ${code} 不属于本县（${county}）`);
    const name = reader.text('name');
    if (name === '') reader.reasons.push('缺少区划名称');
    let level: Level | null = code ? levelOfCode(code) : null;
    const levelText = spec.columns.level ? reader.text('level') : '';
    if (levelText !== '') {
      const stated = LEVEL_WORDS.get(normalizeWord(levelText));
      if (!stated) reader.warnings.push(`「${reader.columnName('level')}」的值「${levelText}」无法识别，按代码位数确定层级`);
      else if (level && stated !== level) reader.reasons.push(`层级「${levelText}」与代码位数（${code?.length}位）不符`);
      else level = stated;
    }
    let parent = code ? parentOfCode(code) : null;
    if (spec.columns.parent_code && reader.text('parent_code') !== '') {
      const stated = normalizeCode(reader.text('parent_code'));
      if (!stated || (code && !code.startsWith(stated))) reader.reasons.push(`上级代码「${reader.text('parent_code')}」与区划代码不符`);
      else parent = stated;
    }
    let unitType = level ? unitTypeFromName(name, level) : 'other';
    if (spec.columns.unit_type && reader.text('unit_type') !== '') {
      const vocab = new Map(BUILTIN_VOCABULARIES.unit_type);
      for (const [w, c] of Object.entries(spec.values.unit_type ?? {})) vocab.set(normalizeWord(w), c);
      const found = lookup(vocab, reader.text('unit_type'));
      if (found) unitType = found;
      else reader.warnings.push(`「${reader.columnName('unit_type')}」的值「${reader.text('unit_type')}」无法识别，按名称推断单位类型`);
    }
    let label: LngLat | null = null;
    if (spec.columns.label_lng) {
      const lng = parseCoordinate(reader.cell('label_lng'));
      const lat = parseCoordinate(reader.cell('label_lat'));
      if (lng !== null && lat !== null && lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54) {
        const p = toWgs84([lng, lat], spec.datum);
        label = [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
      } else if (reader.text('label_lng') !== '' || reader.text('label_lat') !== '') reader.warnings.push('标注点经纬度无法识别或不在中国范围内，已另行推算');
    }
    const target = (t: string): number | null => {
      if (!spec.columns[t] || reader.text(t) === '') return null;
      const v = parseInteger(reader.cell(t));
      if (v === null || v < 0) reader.warnings.push(`「${reader.columnName(t)}」的值「${reader.text(t)}」不是非负整数，已留空`);
      return v !== null && v >= 0 ? v : null;
    };
    const targetHomes = target('target_township_homes');
    const targetStations = target('target_village_stations');
    if (code && byCode.has(code)) reader.reasons.push(`区划代码 ${code} 重复（只保留第一次出现的一行）`);
    if (reader.reasons.length > 0) {
      ledger.set(origin, { kind: 'rejected', reasons: reader.reasons });
      continue;
    }
    for (const w of reader.warnings) ledger.warn(origin, w);
    byCode.set(code as string, {
      region: { code: code as string, name, level: level as Level, unitType, parentCode: parent, label, labelSource: label ? 'file' : null, polygons: null, schematic: false, targetHomes, targetStations },
      origin,
    });
  }
  if (reference) mergeReference(byCode, reference, spec !== null, notes);
  if (!byCode.has(county)) {
    byCode.set(county, {
      region: { code: county, name: countyName, level: 'county', unitType: 'county', parentCode: null, label: null, labelSource: null, polygons: null, schematic: false, targetHomes: null, targetStations: null },
      origin: null,
    });
    if (spec) notes.push(`区划表中没有县级行（${county}），已按${mapping.county.name ? '映射中' : '内置参考数据中'}的县名「${countyName}」补上`);
  }
  // Parents must exist; a village whose township is missing cannot be placed.
  for (const [code, { region, origin }] of [...byCode].sort((a, b) => a[0].length - b[0].length)) {
    if (region.parentCode && !byCode.has(region.parentCode)) {
      byCode.delete(code);
      if (origin) ledger.set(origin, { kind: 'rejected', reasons: [`上级区划 ${region.parentCode} 不在区划表中`] });
    } else if (origin) ledger.set(origin, { kind: 'written' });
  }

  const regions = [...byCode.values()].map((e) => e.region);
  // Boundaries from the bureau's files: real shapes, which no schematic layout replaces.
  const boundaryReport: string[] = [];
  const boundarySummary: string[] = [];
  const hasBoundaries = boundaries.length > 0;
  if (hasBoundaries) {
    const applied = applyBoundaries(boundaries, regions, county, seatPoints(regions, reference));
    boundaryReport.push(...applied.report);
    boundarySummary.push(...applied.summary);
    problems.push(...applied.problems);
    notes.push(`边界：从边界文件读入 ${applied.attached} 个区划的边界（详见“边界文件”一节）；其余 ${regions.length - applied.attached} 个区划无边界，地图上以标注点显示`);
  }
  for (const r of regions) {
    if (!r.label && r.polygons) {
      r.label = interiorPoint(r.polygons);
      r.labelSource = 'boundary';
    }
  }

  // Extent for checking points: from real points only (boundaries, the list's coordinates, seats), never from a
  // schematic shape.
  const marginKm = geo.extent.marginKm;
  const countyRegion = byCode.get(county)?.region;
  const seats = seatPoints(regions, reference);
  let extent: Extent | null = null;
  if (countyRegion?.polygons) extent = polygonExtent([countyRegion.polygons], marginKm ?? 0.5, '县级边界');
  else if (regions.some((r) => r.polygons)) {
    const all = regions.filter((r) => r.polygons && r.level !== 'county').map((r) => r.polygons as MultiPolygonCoords);
    extent = polygonExtent(all, marginKm ?? 0.5, '乡镇、村（社区）边界的并集');
  } else if (geo.extent.bbox) extent = bboxExtent(geo.extent.bbox, marginKm ?? 0, '映射中给出的县域范围 extent.bbox');
  else {
    const labels = regions.filter((r) => r.label).map((r) => r.label as LngLat);
    const fromSeats = [...seats.values()].map((s) => s.point);
    if (reference?.countySeat) fromSeats.push(reference.countySeat);
    if (labels.length >= 2) {
      const xs = labels.map((p) => p[0]);
      const ys = labels.map((p) => p[1]);
      extent = bboxExtent([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], marginKm ?? 3, '区划标注点的外包范围');
    } else if (labels.length + fromSeats.length >= 1) {
      const all = [...labels, ...fromSeats];
      const xs = all.map((p) => p[0]);
      const ys = all.map((p) => p[1]);
      const margin = marginKm ?? (all.length >= 3 ? SEATS_MARGIN_KM : FEW_SEATS_MARGIN_KM);
      extent = bboxExtent([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], margin, '区划标注点和乡镇（街道）驻地（GeoNames）的外包范围');
    }
  }
  if (!extent) {
    problems.push('区划表既没有经纬度也没有边界，无法确定县域范围来检查点位：请在映射的 regions.extent.bbox 中给出 [西经度, 南纬度, 东经度, 北纬度]（WGS84），或提供区划经纬度或边界文件');
  }
  // Without boundaries: schematic cells from the villages' points; without those, the tile-grid layout from the
  // townships' seats. After the extent, which stays what real points give: a schematic outline is no ground for
  // rejecting a point.
  const anyVillagePoint = regions.some((r) => r.level === 'village' && r.labelSource === 'file');
  const derivedCells = !hasBoundaries && extent !== null && anyVillagePoint && deriveCells(regions, county, extent, notes);
  const anchor: { point: LngLat; what: string } | null = reference?.countySeat
    ? { point: reference.countySeat, what: '县的 GeoNames 点位' }
    : geo.extent.bbox
      ? { point: [(geo.extent.bbox[0] + geo.extent.bbox[2]) / 2, (geo.extent.bbox[1] + geo.extent.bbox[3]) / 2], what: '映射中 extent.bbox 的中心' }
      : null;
  const tiled = !hasBoundaries && extent !== null && !anyVillagePoint && tileRegions(regions, county, seats, anchor, spec !== null, notes);
  if (extent) notes.push(`县域范围（用于检查站点、防溺水点位是否在县内）：${extent.describe}`);
  return { regions, index: new RegionIndex(regions), extent, derivedCells, tiled, notes, problems, boundaryReport, boundarySummary };
}

/** Margin around the seats' box for checking points (a seat is a town's centre; its border lies kilometres out). */
const SEATS_MARGIN_KM = 10;
/** The same with fewer than 3 points, which say little about the county's size. */
const FEW_SEATS_MARGIN_KM = 25;

/**
 * Adds the reference's townships and villages the list lacks; the list's rows win. Report lines: what came from
 * where, and the list's names that differ from the reference's.
 */
function mergeReference(byCode: Map<string, { region: Region; origin: Origin | null }>, reference: CountyReference, hasList: boolean, notes: string[]): void {
  const added: Region[] = [];
  const renamed: string[] = [];
  const add = (code: string, name: string, level: Level) => {
    const have = byCode.get(code);
    if (have) {
      if (have.region.name !== name) renamed.push(`${code} ${name} → ${have.region.name}`);
      return;
    }
    const region: Region = { code, name, level, unitType: unitTypeFromName(name, level), parentCode: parentOfCode(code), label: null, labelSource: null, polygons: null, schematic: false, targetHomes: null, targetStations: null };
    byCode.set(code, { region, origin: null });
    added.push(region);
  };
  if (!byCode.has(reference.code)) add(reference.code, reference.name, 'county');
  for (const t of reference.townships) add(t.code, t.name, 'township');
  for (const v of reference.villages) add(v.code, v.name, 'village');
  const count = (level: Level) => added.filter((r) => r.level === level).length;
  notes.push(
    hasList
      ? `区划：区划表之外，从${REFERENCE_SOURCE}补入 ${count('township')} 个乡镇（街道）、${count('village')} 个村（社区）；区划表中的名称、经纬度和目标优先`
      : `区划：映射中没有区划表，乡镇（街道）和村（社区）的名称和代码取自${REFERENCE_SOURCE}：${count('township')} 个乡镇（街道）、${count('village')} 个村（社区）`,
  );
  if (reference.droppedSeats.length > 0)
    notes.push(
      `${reference.droppedSeats.length} 个乡镇（街道）在 GeoNames 中的同名地点离本县其他驻地太远，判为别处的同名地点，未用作驻地：${reference.droppedSeats.map((d) => `${d.name}（${d.code}，${d.km} 公里）`).join('、')}`,
    );
  if (renamed.length > 0) notes.push(`区划表中 ${renamed.length} 个区划的名称与参考数据不同，按区划表：${renamed.slice(0, 20).join('；')}${renamed.length > 20 ? ' 等' : ''}`);
}

/** Each township's real point: the list's coordinates, else its GeoNames seat. */
function seatPoints(regions: readonly Region[], reference: CountyReference | null): Map<string, { point: LngLat; from: 'file' | 'geonames' }> {
  const seats = new Map<string, { point: LngLat; from: 'file' | 'geonames' }>();
  const refSeats = new Map((reference?.townships ?? []).filter((t) => t.seat).map((t) => [t.code, t.seat as LngLat]));
  for (const r of regions) {
    if (r.level !== 'township') continue;
    if (r.label && r.labelSource === 'file') seats.set(r.code, { point: r.label, from: 'file' });
    else if (refSeats.has(r.code)) seats.set(r.code, { point: refSeats.get(r.code) as LngLat, from: 'geonames' });
  }
  return seats;
}

/**
 * The tile-grid layout where no village has coordinates (src/cli/geometry/tile-grid.ts): township cells around
 * the seats that exist, townships without one as squares in a row south of them (or, with no seat at all, a grid
 * of squares around the county's GeoNames point), villages as equal tiles in their township in list (else code)
 * order. Everything is marked schematic. Returns whether a layout was made; report lines go to `notes`.
 */
function tileRegions(
  regions: readonly Region[],
  county: string,
  seats: ReadonlyMap<string, { point: LngLat; from: 'file' | 'geonames' }>,
  anchor: { point: LngLat; what: string } | null,
  hasList: boolean,
  notes: string[],
): boolean {
  const townships = regions.filter((r) => r.level === 'township').sort((a, b) => a.code.localeCompare(b.code));
  if (townships.length === 0) return false;
  const fileLabel = regions.find((r) => r.labelSource === 'file' && r.label);
  const centre = anchor ?? (fileLabel ? { point: fileLabel.label as LngLat, what: `${fileLabel.name}的经纬度` } : null);
  if (seats.size === 0 && !centre) {
    notes.push('边界：没有边界文件，村（社区）没有经纬度，也没有任何乡镇（街道）的驻地点位、县的点位或县域范围，无法画出示意图：所有区划以标注点显示');
    return false;
  }
  const villagesOf = (code: string) => regions.filter((r) => r.level === 'village' && r.parentCode === code);
  const layout = tileLayout(
    townships.map((t) => ({ code: t.code, seat: seats.get(t.code)?.point ?? null, villages: villagesOf(t.code).map((v) => v.code) })),
    centre?.point ?? null,
  );
  const byCode = new Map(regions.map((r) => [r.code, r]));
  for (const [code, cell] of layout.townships) {
    const t = byCode.get(code) as Region;
    Object.assign(t, { polygons: cell.polygons, schematic: true });
    // The label goes where it reads best, inside the cell; the seat itself may lie near the cell's edge.
    if (t.labelSource !== 'file') Object.assign(t, { label: interiorPoint(cell.polygons), labelSource: 'schematic' });
  }
  for (const [code, tile] of layout.villages) Object.assign(byCode.get(code) as Region, { polygons: [tile.polygon], schematic: true, label: tile.label, labelSource: 'schematic' });
  const countyRegion = byCode.get(county);
  if (countyRegion) Object.assign(countyRegion, { polygons: layout.outline, schematic: true });
  if (countyRegion && !countyRegion.label) Object.assign(countyRegion, { label: interiorPoint(layout.outline), labelSource: 'schematic' });

  const fromGeonames = townships.filter((t) => seats.get(t.code)?.from === 'geonames');
  const fromFile = townships.filter((t) => seats.get(t.code)?.from === 'file');
  const placed = (how: 'seat' | 'row' | 'grid') => townships.filter((t) => layout.townships.get(t.code)?.placed === how);
  notes.push(
    `边界：没有边界文件，村（社区）也没有经纬度，按示意方式布局（地图上标“示意”，不是法定界线或勘界边界）：` +
      `${placed('seat').length} 个乡镇（街道）按驻地点位划分示意范围（离哪个驻地最近归哪个，外缘为驻地的外包凸多边形外扩一圈）` +
      `${fromGeonames.length > 0 ? `，其中 ${fromGeonames.length} 个驻地取自 ${SEAT_SOURCE}（按名称匹配、限本县范围）` : ''}` +
      `${fromFile.length > 0 ? `，${fromFile.length} 个取自${hasList ? '区划表中的经纬度' : '映射'}` : ''}；` +
      `每个乡镇（街道）的村（社区）在其范围内排成等大的方格，按${hasList ? '区划表中的顺序（其余按代码）' : '区划代码'}从北到南、从西到东排列，方格不代表村（社区）的实际位置和大小`,
  );
  if (placed('row').length > 0)
    notes.push(
      `${placed('row').length} 个乡镇（街道）没有驻地点位，按代码顺序排在示意图南侧的一排（或几排）等大方格中，不代表实际位置：${listed(placed('row'), 30)}`,
    );
  if (placed('grid').length > 0)
    notes.push(
      `所有乡镇（街道）都没有驻地点位：${placed('grid').length} 个乡镇（街道）按代码顺序排成方格图（边长约 ${layout.squareKm.toFixed(1)} 公里），以${centre?.what ?? '县域'}为中心，不代表实际位置`,
    );
  const coincident = layout.coincident.map((c) => byCode.get(c) as Region);
  if (coincident.length > 0) notes.push(`${coincident.length} 个乡镇（街道）的驻地点位彼此重合，按没有驻地处理：${listed(coincident)}`);
  const missing = regions.filter((r) => r.level === 'village' && !r.polygons);
  if (missing.length > 0) notes.push(`${missing.length} 个村（社区）未能排入方格（请报告这一问题）：${listed(missing)}`);
  return true;
}

const listed = (rs: readonly Region[], max = 10): string =>
  `${rs
    .slice(0, max)
    .map((r) => `${r.name}（${r.code}）`)
    .join('、')}${rs.length > max ? ' 等' : ''}`;

/**
 * Schematic shapes where no boundaries file is given, as the demo draws its villages: each village with coordinates
 * in the list (inside the county's extent) gets the Voronoi cell of its point, clipped to the points' hull grown by a
 * buffer; a township gets the union of its villages' cells, the county the union of all. Villages without usable
 * coordinates (none, outside the extent, or shared with another village) and townships with no village left keep a
 * label point only. Regions still without a label get
 * the shape's interior point. Returns whether any shape was derived; report lines go to `notes`.
 */
function deriveCells(regions: readonly Region[], county: string, extent: Extent, notes: string[]): boolean {
  const villages = regions.filter((r) => r.level === 'village');
  const listedPoint = villages.filter((r) => r.labelSource === 'file' && r.label && r.parentCode);
  const outside = listedPoint.filter((r) => !extent.contains(r.label as LngLat));
  const located = listedPoint.filter((r) => !outside.includes(r));
  const cells = schematicCells(located.map((r) => ({ id: r.code, group: r.parentCode as string, point: r.label as LngLat })));
  if (!cells.outline) {
    notes.push(
      villages.length === 0
        ? '边界：未提供边界文件，区划表中也没有村（社区），无法推算示意范围：所有区划只有标注点、没有边界（geometry 为空），地图以点显示'
        : `边界：未提供边界文件，区划表中的村（社区）都没有可用的经纬度${outside.length + cells.coincident.length > 0 ? `（${outside.length} 个不在县域范围内，${cells.coincident.length} 个彼此重合）` : ''}，无法推算示意范围：所有区划只有标注点、没有边界（geometry 为空），地图以点显示乡镇和村（社区）`,
    );
    return false;
  }
  const byCode = new Map(regions.map((r) => [r.code, r]));
  for (const [code, cell] of cells.cells) Object.assign(byCode.get(code) as Region, { polygons: [cell], schematic: true });
  const townships = regions.filter((r) => r.level === 'township');
  for (const t of townships) {
    const union = cells.groups.get(t.code);
    if (union) Object.assign(t, { polygons: union, schematic: true });
  }
  const countyRegion = byCode.get(county);
  if (countyRegion) Object.assign(countyRegion, { polygons: cells.outline, schematic: true });
  for (const r of regions) {
    if (!r.label && r.polygons) {
      r.label = interiorPoint(r.polygons);
      r.labelSource = 'schematic';
    }
  }

  const shapedTownships = townships.filter((t) => t.polygons);
  notes.push(
    `边界：未提供边界文件，按区划表中村（社区）的经纬度推算示意范围：` +
      `每个村（社区）取离其点位最近的区域（泰森多边形），外缘为全部点位的外包凸多边形外扩 ${cells.bufferKm.toFixed(1)} 公里；` +
      `乡镇（街道）为其下属村（社区）范围的合并，县为全部村（社区）范围的合并。` +
      `这些是由点推算的示意图形，不是法定界线或勘界边界，已标为示意（地图上标“示意”）。` +
      `${cells.cells.size} 个村（社区）、${shapedTownships.length} 个乡镇（街道）和县有示意范围`,
  );
  const withoutPoint = villages.filter((r) => !listedPoint.includes(r));
  if (outside.length > 0) notes.push(`${outside.length} 个村（社区）在区划表中的经纬度不在县域范围内，没有示意范围（请核对经纬度）：${listed(outside, 20)}`);
  if (withoutPoint.length > 0)
    notes.push(`${withoutPoint.length} 个村（社区）在区划表中没有经纬度，没有示意范围，地图上以标注点显示：${listed(withoutPoint)}`);
  const coincident = cells.coincident.map((c) => byCode.get(c) as Region);
  if (coincident.length > 0)
    notes.push(`${coincident.length} 个村（社区）与其他村（社区）的经纬度重合（相距不到 ${SAME_PLACE_M} 米），无法区分，没有示意范围，地图上以标注点显示（请核对经纬度）：${listed(coincident, 20)}`);
  const bare = townships.filter((t) => !t.polygons);
  if (bare.length > 0) notes.push(`${bare.length} 个乡镇（街道）没有带经纬度的下属村（社区），没有示意范围，地图上以标注点显示：${listed(bare)}`);
  if (cells.unmerged.length > 0)
    notes.push(`${cells.unmerged.length} 个乡镇（街道）的下属村（社区）示意范围未能合并，按各村（社区）的范围分别写出（请报告这一问题）：${cells.unmerged.join('、')}`);
  return true;
}

const mean = (points: readonly LngLat[]): LngLat => {
  const x = points.reduce((s, p) => s + p[0], 0) / points.length;
  const y = points.reduce((s, p) => s + p[1], 0) / points.length;
  return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
};

/**
 * Fills the label points still missing: a region's own registered points (stations, water points), then the
 * mean of its children's labels, then its parent's label, then the middle of the extent's box. Returns report
 * lines; a region left without a label is a fatal problem.
 */
export function fillLabels(regions: readonly Region[], points: PointsByRegion, bbox: [number, number, number, number] | undefined): { notes: string[]; problems: string[] } {
  for (const r of regions) {
    const own = points.get(r.code);
    if (!r.label && own && own.length > 0) {
      r.label = mean(own);
      r.labelSource = 'points';
    }
  }
  const byLevel = (level: Level) => regions.filter((r) => r.level === level);
  for (const level of ['township', 'county'] as const) {
    for (const r of byLevel(level)) {
      if (r.label) continue;
      const kids = regions.filter((k) => k.parentCode === r.code && k.label).map((k) => k.label as LngLat);
      if (kids.length > 0) {
        r.label = mean(kids);
        r.labelSource = 'children';
      }
    }
  }
  const byCode = new Map(regions.map((r) => [r.code, r]));
  for (const level of ['township', 'village'] as const) {
    for (const r of byLevel(level)) {
      const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
      if (!r.label && parent?.label) {
        r.label = [...parent.label];
        r.labelSource = 'parent';
      }
    }
  }
  if (bbox)
    for (const r of regions)
      if (!r.label) {
        r.label = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
        r.labelSource = 'extent';
      }
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r.labelSource ?? 'none', (counts.get(r.labelSource ?? 'none') ?? 0) + 1);
  const zh: Record<string, string> = {
    file: '区划表中的经纬度',
    geonames: '乡镇（街道）驻地（GeoNames）',
    boundary: '边界内部点',
    schematic: '示意范围内部点',
    points: '该区划登记的站点和防溺水点位的平均位置（推算）',
    children: '下级区划标注点的平均位置（推算）',
    parent: '上级区划的标注点（推算，与上级重合）',
    extent: '县域范围的中心（推算）',
    none: '无法确定',
  };
  const notes = [`标注点来源：${[...counts].map(([k, n]) => `${zh[k] ?? k} ${n} 个`).join('；')}`];
  const missing = regions.filter((r) => !r.label);
  const problems = missing.length > 0 ? [`${missing.length} 个区划无法确定标注点（如 ${missing.slice(0, 5).map((r) => `${r.name}（${r.code}）`).join('、')}）：请在区划表中给出经纬度或提供边界文件`] : [];
  return { notes, problems };
}

/** Regions rows in the extract's order: the county, townships, villages, each by code. */
export function regionRows(regions: readonly Region[]): Row[] {
  const rank: Record<Level, number> = { county: 0, township: 1, village: 2 };
  return [...regions]
    .sort((a, b) => rank[a.level] - rank[b.level] || a.code.localeCompare(b.code))
    .map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      unit_type: r.unitType,
      parent_code: r.parentCode,
      label_lng: (r.label as LngLat)[0],
      label_lat: (r.label as LngLat)[1],
      geometry: r.polygons ? encodeGeometry(r.polygons) : null,
      boundary_schematic: r.polygons ? r.schematic : null,
      target_township_homes: r.targetHomes,
      target_village_stations: r.targetStations,
    }));
}

