/**
 * Matching a boundary file's features to the county's region codes: by a code field (a 6/9/12-digit division
 * code, the same padded with zeros as 统计用区划代码 and 三调's 19-digit 坐落单位代码 write them, or its trailing
 * digits: 001 for township 001, 001002 for its village 002), else by name, normalized (width, whitespace, and the
 * suffixes 镇/乡/街道/街道办事处/村/村委会/社区居委会… taken off, so 白蒲 matches 白蒲镇). Fields are found by
 * looking at the values when the bureau names none. What matches on neither side is listed for the report.
 */
import type { BoundaryLayer } from '../geometry/boundary-file';
import type { LngLat } from '../geometry/crs';
import { looseName, normalizeCode, type Level, type Region } from './regions';
import { normalizeWord } from './values';

export interface MatchOptions {
  /** The property holding the division code; found from the values when absent. */
  codeField?: string;
  /** The property holding the name; found from the values when absent. */
  nameField?: string;
  /** The level of every feature, when the file holds one level and matching is by name. */
  level?: 'township' | 'village';
}

export interface Unmatched {
  layer: string;
  index: number;
  /** The feature's code and name as written, for the report. */
  text: string;
  reason: string;
}

export interface LayerMatch {
  label: string;
  crs: string;
  crsFrom: string;
  encoding?: string;
  features: number;
  codeField: string | null;
  nameField: string | null;
  byCode: number;
  byName: number;
  /** Matched by code, but the feature's name is not the region's. */
  nameDiffers: string[];
}

export interface MatchedRegion {
  region: Region;
  polygons: LngLat[][][];
  /** How messages name the feature(s) it came from. */
  label: string;
  parts: number;
}

export interface BoundaryMatch {
  layers: LayerMatch[];
  matched: Map<string, MatchedRegion>;
  unmatched: Unmatched[];
  /** Regions of the levels the file covers that got no shape. */
  withoutShape: Region[];
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).normalize('NFKC').trim());

/** A full division code from a cell, or null: 6/9/12 digits, zero-padded 12/15, or 三调's 19-digit 坐落单位代码. */
function fullCode(value: string): string | null {
  const s = value.replace(/\s+/g, '').replace(/\.0+$/, '');
  if (!/^\d+$/.test(s)) return null;
  if (s.length > 12 && /^0+$/.test(s.slice(12))) return normalizeCode(s.slice(0, 12));
  return normalizeCode(s);
}

/**
 * The region a code cell names: a full code, else (`trailing`) the county's code followed by the digits, else the one
 * region of `level` whose code ends with them. A reason in Chinese when none.
 */
function codeRegion(value: string, regions: ReadonlyMap<string, Region>, county: string, trailing: boolean, level: Level | null): Region | string {
  const digits = value.replace(/\s+/g, '').replace(/\.0+$/, '');
  if (digits === '') return '代码为空';
  const full = fullCode(digits);
  if (full && full.startsWith(county)) return regions.get(full) ?? `代码 ${full} 不在区划表中`;
  if (full && digits.length >= 6 && !trailing) return `代码 ${full} 不属于本县（${county}）`;
  if (!trailing || !/^\d+$/.test(digits)) return `「${value}」不是区划代码`;
  const prefixed = normalizeCode(county + digits);
  if (prefixed && regions.has(prefixed)) return regions.get(prefixed) as Region;
  const ends = [...regions.values()].filter((r) => r.code.length > 6 && r.code.endsWith(digits) && (!level || r.level === level));
  if (ends.length === 1) return ends[0] as Region;
  return ends.length === 0 ? `没有以 ${digits} 结尾的区划代码` : `以 ${digits} 结尾的区划代码有 ${ends.length} 个，无法确定`;
}

class NameIndex {
  private readonly exact = new Map<string, Region[]>();
  private readonly loose = new Map<string, Region[]>();
  constructor(regions: Iterable<Region>) {
    for (const r of regions) {
      if (r.level === 'county') continue;
      for (const [map, k] of [
        [this.exact, normalizeWord(r.name)],
        [this.loose, looseName(r.name)],
      ] as const) {
        if (k === '') continue;
        map.set(k, [...(map.get(k) ?? []), r]);
      }
    }
  }
  find(name: string, level: Level | null, township: Region | null): Region[] {
    const fits = (r: Region) => (!level || r.level === level) && (!township || r.parentCode === township.code);
    const exact = (this.exact.get(normalizeWord(name)) ?? []).filter(fits);
    return exact.length > 0 ? exact : (this.loose.get(looseName(name)) ?? []).filter(fits);
  }
}

/** The property most of whose values `test` accepts (at least half the features), or null. */
function bestField(layer: BoundaryLayer, test: (v: string) => boolean, exclude: readonly (string | null)[] = []): string | null {
  const counts = new Map<string, number>();
  for (const f of layer.features)
    for (const [k, v] of Object.entries(f.properties)) if (!exclude.includes(k) && text(v) !== '' && test(text(v))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= Math.max(1, layer.features.length / 2) ? best[0] : null;
}

/** Matches every layer's features to regions; polygons of one region from several features are merged. */
export function matchBoundaries(layers: readonly BoundaryLayer[], regionList: readonly Region[], county: string, options: MatchOptions = {}): BoundaryMatch {
  const regions = new Map(regionList.map((r) => [r.code, r]));
  const names = new NameIndex(regionList);
  const matched = new Map<string, MatchedRegion>();
  const unmatched: Unmatched[] = [];
  const results: LayerMatch[] = [];
  for (const layer of layers) {
    const has = (field: string | undefined) => field !== undefined && layer.features.some((f) => field in f.properties);
    const codeField = options.codeField && has(options.codeField) ? options.codeField : options.codeField ? null : bestField(layer, (v) => fullCode(v)?.startsWith(county) === true);
    const nameField = options.nameField && has(options.nameField) ? options.nameField : options.nameField ? null : bestField(layer, (v) => !/^\d+$/.test(v) && names.find(v, null, null).length > 0, [codeField]);
    if (options.codeField && !codeField) unmatched.push({ layer: layer.label, index: 0, text: '', reason: `属性表中没有映射给出的代码字段 ${options.codeField}（有：${Object.keys(layer.features[0]?.properties ?? {}).join('、')}）` });
    if (options.nameField && !nameField) unmatched.push({ layer: layer.label, index: 0, text: '', reason: `属性表中没有映射给出的名称字段 ${options.nameField}（有：${Object.keys(layer.features[0]?.properties ?? {}).join('、')}）` });
    // The layer's level for names: given, else the level most names find.
    let level: Level | null = options.level ?? null;
    if (!level && nameField) {
      const count = (l: Level) => layer.features.filter((f) => names.find(text(f.properties[nameField]), l, null).length > 0).length;
      level = count('township') >= count('village') ? 'township' : 'village';
    }
    // Villages' names repeat across townships: a property naming the township tells them apart.
    const townshipField =
      level === 'village' && nameField ? bestField(layer, (v) => names.find(v, 'township', null).length > 0 || (fullCode(v)?.length === 9 && regions.has(fullCode(v) as string)), [codeField, nameField]) : null;
    const result: LayerMatch = { label: layer.label, crs: layer.crs.name, crsFrom: layer.crsFrom, ...(layer.encoding ? { encoding: layer.encoding } : {}), features: layer.features.length, codeField, nameField, byCode: 0, byName: 0, nameDiffers: [] };
    for (const f of layer.features) {
      const codeText = codeField ? text(f.properties[codeField]) : '';
      const nameText = nameField ? text(f.properties[nameField]) : '';
      const described = [codeText, nameText].filter((s) => s !== '').join(' ') || '（无代码和名称）';
      const miss = (reason: string) => unmatched.push({ layer: layer.label, index: f.index, text: described, reason });
      let region: Region | null = null;
      let why = '';
      if (codeField) {
        const found = codeRegion(codeText, regions, county, options.codeField !== undefined, level);
        if (typeof found === 'string') why = found;
        else {
          region = found;
          result.byCode++;
          if (nameText !== '' && looseName(nameText) !== looseName(found.name)) result.nameDiffers.push(`${found.code} ${found.name}（边界文件中为「${nameText}」）`);
        }
      }
      if (!region && nameField) {
        if (nameText === '') why = why || '名称为空';
        else {
          const townshipText = townshipField ? text(f.properties[townshipField]) : '';
          const township = townshipText === '' ? null : (regions.get(fullCode(townshipText) ?? '') ?? names.find(townshipText, 'township', null)[0] ?? null);
          const found = names.find(nameText, level, township);
          if (found.length === 1) {
            region = found[0] as Region;
            result.byName++;
          } else
            why = `${why ? `${why}；` : ''}${found.length === 0 ? `名称「${nameText}」不在区划表中` : `名称「${nameText}」在区划表中有 ${found.length} 个（${found.map((r) => r.code).join('、')}），请在映射中给出代码字段 codeField`}`;
        }
      }
      if (!codeField && !nameField) why = '找不到代码或名称字段：请在映射的 boundaries 中给出 codeField 或 nameField';
      if (!region) {
        miss(why);
        continue;
      }
      if (!f.polygons) {
        miss(`几何不是面（${f.geometryType ?? '空几何'}），不能作为边界`);
        continue;
      }
      const have = matched.get(region.code);
      const here = `${layer.label} 第 ${f.index} 个要素（${described}）`;
      if (have) {
        have.polygons.push(...f.polygons);
        have.parts++;
        have.label = `${have.label}、${here}`;
      } else matched.set(region.code, { region, polygons: [...f.polygons], label: here, parts: 1 });
    }
    results.push(result);
  }
  const levels = new Set([...matched.values()].map((m) => m.region.level));
  const withoutShape = regionList.filter((r) => levels.has(r.level) && !matched.has(r.code));
  return { layers: results, matched, unmatched, withoutShape };
}
