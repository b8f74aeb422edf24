/**
 * The mapping file: which county, which spreadsheets, which source column feeds which extract column, and how
 * their words map to the extract's codes. JSON with comments (a `.jsonc` file); documented with an example in
 * tests/fixtures/raw/mapping.template.jsonc. Every problem found is reported in Chinese, all at once.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TABLES, TABLE_NAMES, type TableName } from '../../extract/schema';
import { DEFAULT_TOLERANCE_M } from '../geometry/boundary-shapes';
import { parseEpsg, SUPPORTED_EPSG, type Crs } from '../geometry/crs';
import { SOURCE_DATUMS, type SourceDatum } from './coords';
import { ENCODINGS, type Encoding } from './read-source';
import { BUILTIN_VOCABULARIES } from './values';

export type SourceTable = Exclude<TableName, 'regions'>;
export type ConstantValue = string | number | boolean | readonly string[];

export interface FileSpec {
  /** Absolute path (resolved against the mapping file's folder). */
  file: string;
  /** As written in the mapping, for the report. */
  fileLabel: string;
  sheet?: string | number;
  headerRow?: number;
  headerRows?: number;
  encoding?: Encoding;
  delimiter?: string;
  datum: SourceDatum;
  /** Target column → source column(s). */
  columns: Record<string, readonly string[]>;
  /** Target column → source word → code. */
  values: Record<string, Record<string, string>>;
}

export interface IdentitySpec {
  idNumber?: string;
  number?: string;
  combined?: readonly string[];
}

export interface SourceSpec extends FileSpec {
  table: SourceTable;
  system?: string;
  identity: IdentitySpec;
  constants: Record<string, ConstantValue>;
}

/** A boundary file: shapefile (.shp or .zip) or GeoJSON, of townships and/or villages. */
export interface BoundariesSpec {
  file: string;
  fileLabel: string;
  /** The property holding the division code, or undefined: found from the values. */
  codeField?: string;
  /** The property holding the name, or undefined: found from the values. */
  nameField?: string;
  /** The features' level, for matching by name when the file holds one level. */
  level?: 'township' | 'village';
  /** The CRS the bureau gives (EPSG code), overriding the .prj's; null: the file's own. */
  epsg: Crs | null;
  /** GeoJSON in GCJ-02 or BD-09 (phone-app coordinates) is shifted back to WGS84 after reading. */
  datum: SourceDatum;
  schematic: boolean;
  /** Douglas–Peucker tolerance, metres. */
  toleranceM: number;
}

const LEVEL_OF_WORD: Record<string, 'township' | 'village'> = { township: 'township', 乡镇: 'township', 乡级: 'township', village: 'village', 村: 'village', 村级: 'village' };

/** A boundaries entry from the command line: the file, and the EPSG code if given. */
export function commandLineBoundaries(file: string, epsg: Crs | null): BoundariesSpec {
  return { file: resolve(file), fileLabel: file, epsg, datum: 'WGS84', schematic: false, toleranceM: DEFAULT_TOLERANCE_M };
}

/** The bureau's own region list (optional: without one, the county's reference geography is used). */
export type RegionsSpec = FileSpec;

/** Boundaries and the county's extent for checking points: given under `regions`, with or without a list file. */
export interface GeographySpec {
  /** Boundary files (none: schematic shapes or points). */
  boundaries: BoundariesSpec[];
  extent: { bbox?: [number, number, number, number]; marginKm?: number };
}

export interface Mapping {
  path: string;
  /** `name` is '' when the mapping gives none (the reference geography's name is used). */
  county: { code: string; name: string };
  asOf: string;
  /** '' when the mapping gives none (the reference geography's edition is used). */
  divisionCodeEdition: string;
  sourceSystems: string[];
  attribution: string[];
  smallCellThreshold: number;
  targetsSource?: string;
  /** The region list file, or null: then the township and village list comes from the built-in reference. */
  regions: RegionsSpec | null;
  geography: GeographySpec;
  sources: SourceSpec[];
}

/** A mapped column that will not be written, and why (a report line, not an error). */
export interface RefusedMapping {
  fileLabel: string;
  target: string;
  source: string;
  reason: string;
}

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'MappingError';
  }
}

/** Columns a source may fill besides the schema's own: read to derive something, never written. */
export const HELPER_TARGETS: Readonly<Record<SourceTable | 'regions', Readonly<Record<string, string>>>> = {
  children: {
    birth_date: '出生日期（用于计算年龄段，不写入）',
    age: '年龄（周岁，用于计算年龄段，不写入）',
    updated_on: '更新日期（重复记录取最新，不写入）',
    township: '所属乡镇（街道）名称或代码（用于按村名查找村代码，不写入）',
  },
  colour_assessments: {},
  visits: {},
  stations: { township: '所属乡镇（街道）名称或代码（用于按名称查找区划，不写入）' },
  staff: { township: '所属乡镇（街道）名称或代码（用于按名称查找区划，不写入）' },
  water_points: { township: '所属乡镇（街道）名称或代码（用于按村名查找村代码，不写入）' },
  regions: {},
};

/** Schema columns that come from `identity`, never from a mapped column. */
export const KEY_COLUMNS: Readonly<Partial<Record<TableName, string>>> = {
  children: 'child_key',
  colour_assessments: 'child_key',
  visits: 'child_key',
  staff: 'staff_key',
};

/** Regions columns the regions file may map (geometry comes from the boundaries file, never from a column). */
const REGION_TARGETS = ['code', 'name', 'level', 'unit_type', 'parent_code', 'label_lng', 'label_lat', 'target_township_homes', 'target_village_stations'];

/**
 * Removes // and /* *\/ comments and trailing commas outside strings, so JSON.parse can read a .jsonc file.
 * Line breaks are kept, so JSON.parse's positions still point at the right line.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
    } else if (c === '"') {
      inString = true;
      out += c;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') out += '\n';
        i++;
      }
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return dropTrailingCommas(out);
}

/** Removes a comma followed (after whitespace) by `}` or `]`, outside strings. */
function dropTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!(c === ',' && /^\s*[}\]]/.test(text.slice(i + 1)))) out += c;
  }
  return out;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

class Checker {
  readonly problems: string[] = [];
  constructor(readonly base: string) {}

  string(obj: Json, key: string, where: string, required: boolean): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) this.problems.push(`${where}：缺少 ${key}`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.problems.push(`${where}：${key} 应为非空文本`);
      return undefined;
    }
    return v.trim();
  }

  positiveInt(obj: Json, key: string, where: string): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      this.problems.push(`${where}：${key} 应为正整数（第几行，从1开始）`);
      return undefined;
    }
    return v;
  }

  stringList(v: unknown, where: string): string[] | undefined {
    if (typeof v === 'string' && v.trim() !== '') return [v.trim()];
    if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.trim() !== '')) return v.map((s: string) => s.trim());
    this.problems.push(`${where}：应为列名或列名的数组`);
    return undefined;
  }

  datum(obj: Json, where: string): SourceDatum {
    const v = obj.datum;
    if (v === undefined) return 'WGS84';
    const found = SOURCE_DATUMS.find((d) => typeof v === 'string' && d.toLowerCase() === v.trim().toLowerCase().replace('gcj02', 'gcj-02').replace('bd09', 'bd-09'));
    if (!found) this.problems.push(`${where}：datum 应为 ${SOURCE_DATUMS.join('、')} 之一，实际为 ${JSON.stringify(v)}`);
    return found ?? 'WGS84';
  }

  file(obj: Json, where: string): { file: string; fileLabel: string } | undefined {
    const f = this.string(obj, 'file', where, true);
    return f === undefined ? undefined : { file: resolve(this.base, f), fileLabel: f };
  }

  fileSpec(obj: Json, where: string): Omit<FileSpec, 'columns' | 'values'> | undefined {
    const f = this.file(obj, where);
    const sheet = obj.sheet;
    if (sheet !== undefined && !(typeof sheet === 'string' || (typeof sheet === 'number' && Number.isInteger(sheet) && sheet >= 1))) {
      this.problems.push(`${where}：sheet 应为工作表名称或序号（从1开始）`);
    }
    const encoding = obj.encoding;
    let enc: Encoding | undefined;
    if (encoding !== undefined) {
      enc = ENCODINGS.find((e) => typeof encoding === 'string' && e === encoding.trim().toLowerCase().replace('utf8', 'utf-8'));
      if (!enc) this.problems.push(`${where}：encoding 应为 ${ENCODINGS.join('、')} 之一`);
    }
    const delimiter = obj.delimiter;
    if (delimiter !== undefined && !(typeof delimiter === 'string' && [',', '\t', ';', '|'].includes(delimiter))) {
      this.problems.push(`${where}：delimiter 应为 "," "\\t" ";" 或 "|"`);
    }
    const headerRow = this.positiveInt(obj, 'headerRow', where);
    const headerRows = this.positiveInt(obj, 'headerRows', where);
    if (headerRows !== undefined && headerRows > 5) this.problems.push(`${where}：headerRows 最多为5`);
    if (!f) return undefined;
    return {
      ...f,
      ...(typeof sheet === 'string' || typeof sheet === 'number' ? { sheet } : {}),
      ...(headerRow !== undefined ? { headerRow } : {}),
      ...(headerRows !== undefined ? { headerRows } : {}),
      ...(enc ? { encoding: enc } : {}),
      ...(typeof delimiter === 'string' ? { delimiter } : {}),
      datum: this.datum(obj, where),
    };
  }

  values(obj: Json, where: string): Record<string, Record<string, string>> {
    const v = obj.values;
    if (v === undefined) return {};
    if (!isObject(v)) {
      this.problems.push(`${where}：values 应为对象（目标列 → {源数据中的词: 代码}）`);
      return {};
    }
    const out: Record<string, Record<string, string>> = {};
    for (const [target, words] of Object.entries(v)) {
      if (!isObject(words) || !Object.values(words).every((c) => typeof c === 'string')) {
        this.problems.push(`${where}：values.${target} 应为 {源数据中的词: 代码} 的对象`);
        continue;
      }
      const vocab = BUILTIN_VOCABULARIES[target];
      if (vocab) {
        const codes = [...new Set(vocab.values())];
        for (const [word, code] of Object.entries(words as Record<string, string>)) {
          if (!codes.includes(code)) this.problems.push(`${where}：values.${target} 中「${word}」的代码「${code}」不是可用的代码（可用：${codes.join('、')}）`);
        }
      }
      out[target] = words as Record<string, string>;
    }
    return out;
  }
}

function columnsOf(c: Checker, obj: Json, where: string): Record<string, readonly string[]> {
  const cols = obj.columns;
  if (cols === undefined) return {};
  if (!isObject(cols)) {
    c.problems.push(`${where}：columns 应为对象（目标列 → 源数据列名）`);
    return {};
  }
  const out: Record<string, readonly string[]> = {};
  for (const [target, source] of Object.entries(cols)) {
    const list = c.stringList(source, `${where} columns.${target}`);
    if (list) out[target] = list;
  }
  return out;
}

/** Targets a source of `table` may map, with the reason a target is refused otherwise. */
export function targetProblem(table: SourceTable | 'regions', target: string): string | null {
  if (table === 'regions') {
    if (REGION_TARGETS.includes(target)) return null;
    if (target === 'geometry') return 'geometry 只能来自 boundaries（GeoJSON）文件';
    return `${target} 不是 regions 表的列`;
  }
  const spec = TABLES.find((t) => t.name === table);
  if (KEY_COLUMNS[table] === target) return `${target} 由 identity（身份证号码或系统编号）加盐计算，不能直接映射`;
  if (spec?.columns.some((col) => col.name === target)) return null;
  if (target in HELPER_TARGETS[table]) return null;
  return `${target} 不是 ${table} 表的列（数据格式中没有这一列），不写入`;
}

function sourceSpec(c: Checker, obj: Json, i: number, refused: RefusedMapping[]): SourceSpec | undefined {
  const where = `sources[${i}]`;
  const table = obj.table;
  const tables = TABLE_NAMES.filter((t) => t !== 'regions');
  if (typeof table !== 'string' || !(tables as readonly string[]).includes(table)) {
    c.problems.push(`${where}：table 应为 ${tables.join('、')} 之一，实际为 ${JSON.stringify(table)}`);
    return undefined;
  }
  const t = table as SourceTable;
  const base = c.fileSpec(obj, `${where}（${String(obj.file ?? '')}）`);
  const label = `${where}（${String(obj.file ?? '')}）`;
  const columns = columnsOf(c, obj, label);
  for (const [target, sources] of Object.entries(columns)) {
    const problem = targetProblem(t, target);
    if (problem) {
      refused.push({ fileLabel: String(obj.file ?? ''), target, source: sources.join('、'), reason: problem });
      delete columns[target];
    }
  }
  const identity: IdentitySpec = {};
  const id = obj.identity;
  if (id !== undefined) {
    if (!isObject(id)) c.problems.push(`${label}：identity 应为对象 {idNumber, number, combined}`);
    else {
      const idNumber = c.string(id, 'idNumber', `${label} identity`, false);
      const number = c.string(id, 'number', `${label} identity`, false);
      if (idNumber) identity.idNumber = idNumber;
      if (number) identity.number = number;
      if (id.combined !== undefined) {
        const list = c.stringList(id.combined, `${label} identity.combined`);
        if (list) identity.combined = list;
      }
    }
  }
  const needsIdentity = t === 'children' || t === 'colour_assessments' || t === 'visits' || t === 'staff';
  if (needsIdentity && !identity.idNumber && !identity.number && !identity.combined) {
    c.problems.push(`${label}：${t} 需要 identity（身份证号码列 idNumber，或系统编号列 number${t === 'staff' ? '，或 combined 多列组合' : ''}）`);
  }
  if (identity.combined && t !== 'staff') c.problems.push(`${label}：identity.combined 只用于 staff（工作人员）`);
  const constants: Record<string, ConstantValue> = {};
  if (obj.constants !== undefined) {
    if (!isObject(obj.constants)) c.problems.push(`${label}：constants 应为对象（目标列 → 固定值）`);
    else
      for (const [target, value] of Object.entries(obj.constants)) {
        const problem = targetProblem(t, target);
        const ok = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
        if (problem) refused.push({ fileLabel: String(obj.file ?? ''), target, source: `固定值 ${JSON.stringify(value)}`, reason: problem });
        else if (!ok) c.problems.push(`${label}：constants.${target} 应为文本、数字、是非值或文本数组`);
        else constants[target] = value as ConstantValue;
      }
  }
  const has = (target: string) => target in columns || target in constants;
  const required: Record<SourceTable, string[]> = {
    children: ['village_code', 'categories'],
    colour_assessments: ['assessed_on', 'colour'],
    visits: ['visited_on', 'mode'],
    stations: ['region_code', 'kind', 'active'],
    staff: ['region_code', 'role'],
    water_points: ['village_code', 'lng', 'lat', 'has_sign', 'has_ring', 'has_rope', 'has_pole'],
  };
  const missing = required[t].filter((target) => !has(target));
  if (missing.length > 0) c.problems.push(`${label}：${t} 必须在 columns 或 constants 中给出 ${missing.join('、')}`);
  if (t === 'children' && !has('age_band') && !has('birth_date') && !has('age') && !identity.idNumber) {
    c.problems.push(`${label}：children 需要身份证号码（identity.idNumber）、出生日期 birth_date、年龄 age 或年龄段 age_band 之一来得出年龄段`);
  }
  if (t === 'stations' && (has('lng') !== has('lat'))) c.problems.push(`${label}：lng 与 lat 须同时映射`);
  const system = c.string(obj, 'system', label, false);
  if (!base) return undefined;
  return { ...base, table: t, columns, values: c.values(obj, label), identity, constants, ...(system ? { system } : {}) };
}

function regionsSpec(c: Checker, obj: unknown, refused: RefusedMapping[]): { list: RegionsSpec | null; geography: GeographySpec } | undefined {
  if (obj === undefined) return { list: null, geography: { boundaries: [], extent: {} } };
  if (!isObject(obj)) {
    c.problems.push('regions 应为对象（乡镇、村（社区）名单文件 file 及其列 columns，或只有 boundaries、extent）');
    return undefined;
  }
  const where = `regions（${String(obj.file ?? '')}）`;
  const hasList = obj.file !== undefined || obj.columns !== undefined;
  const base = hasList ? c.fileSpec(obj, where) : undefined;
  const columns = hasList ? columnsOf(c, obj, where) : {};
  for (const [target, sources] of Object.entries(columns)) {
    const problem = targetProblem('regions', target);
    if (problem) {
      refused.push({ fileLabel: String(obj.file ?? ''), target, source: sources.join('、'), reason: problem });
      delete columns[target];
    }
  }
  if (hasList) for (const target of ['code', 'name']) if (!(target in columns)) c.problems.push(`${where}：columns 须给出 ${target}`);
  if (('label_lng' in columns) !== ('label_lat' in columns)) c.problems.push(`${where}：label_lng 与 label_lat 须同时映射`);
  const boundaries: BoundariesSpec[] = [];
  if (obj.boundaries !== undefined) {
    const list = Array.isArray(obj.boundaries) ? obj.boundaries : [obj.boundaries];
    list.forEach((b, i) => {
      const at = `${where} boundaries${Array.isArray(obj.boundaries) ? `[${i}]` : ''}`;
      if (!isObject(b)) {
        c.problems.push(`${at}：应为对象 {file, codeField, nameField, epsg}`);
        return;
      }
      const f = c.file(b, at);
      const codeField = c.string(b, 'codeField', at, false) ?? c.string(b, 'codeProperty', at, false);
      const nameField = c.string(b, 'nameField', at, false);
      if (b.schematic !== undefined && typeof b.schematic !== 'boolean') c.problems.push(`${at}：schematic 应为 true 或 false`);
      let level: 'township' | 'village' | undefined;
      if (b.level !== undefined) {
        level = typeof b.level === 'string' ? LEVEL_OF_WORD[b.level.trim().toLowerCase()] : undefined;
        if (!level) c.problems.push(`${at}：level 应为 "township"（乡镇）或 "village"（村）`);
      }
      let epsg: Crs | null = null;
      if (b.epsg !== undefined) {
        epsg = typeof b.epsg === 'number' || typeof b.epsg === 'string' ? parseEpsg(String(b.epsg)) : null;
        if (!epsg) c.problems.push(`${at}：epsg「${String(b.epsg)}」不是本工具支持的坐标系，支持 ${SUPPORTED_EPSG}`);
      }
      let toleranceM = DEFAULT_TOLERANCE_M;
      if (b.simplifyMetres !== undefined) {
        if (typeof b.simplifyMetres === 'number' && b.simplifyMetres >= 0 && b.simplifyMetres <= 100) toleranceM = b.simplifyMetres;
        else c.problems.push(`${at}：simplifyMetres 应为 0 到 100 之间的数（米）`);
      }
      if (f)
        boundaries.push({
          ...f,
          ...(codeField ? { codeField } : {}),
          ...(nameField ? { nameField } : {}),
          ...(level ? { level } : {}),
          epsg,
          datum: c.datum(b, at),
          schematic: b.schematic === true,
          toleranceM,
        });
    });
  }
  const extent: GeographySpec['extent'] = {};
  if (obj.extent !== undefined) {
    if (!isObject(obj.extent)) c.problems.push(`${where}：extent 应为对象 {bbox, marginKm}`);
    else {
      const { bbox, marginKm } = obj.extent;
      if (bbox !== undefined) {
        if (Array.isArray(bbox) && bbox.length === 4 && bbox.every((v) => typeof v === 'number' && Number.isFinite(v)) && bbox[0] < bbox[2] && bbox[1] < bbox[3]) {
          extent.bbox = bbox as [number, number, number, number];
        } else c.problems.push(`${where}：extent.bbox 应为 [西经度, 南纬度, 东经度, 北纬度]（WGS84）`);
      }
      if (marginKm !== undefined) {
        if (typeof marginKm === 'number' && marginKm >= 0 && marginKm <= 50) extent.marginKm = marginKm;
        else c.problems.push(`${where}：extent.marginKm 应为 0 到 50 之间的数（公里）`);
      }
    }
  }
  const geography: GeographySpec = { boundaries, extent };
  if (!hasList) return { list: null, geography };
  if (!base) return undefined;
  return { list: { ...base, columns, values: c.values(obj, where) }, geography };
}

/** Parses and checks a mapping; throws MappingError listing every problem. */
export function parseMapping(text: string, path: string): { mapping: Mapping; refused: RefusedMapping[] } {
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text));
  } catch (e) {
    throw new MappingError([`映射文件不是有效的 JSON（${e instanceof Error ? e.message : String(e)}）`]);
  }
  if (!isObject(json)) throw new MappingError(['映射文件应为一个 JSON 对象']);
  const c = new Checker(dirname(path));
  const refused: RefusedMapping[] = [];
  const county = json.county;
  let code = '';
  let name = '';
  if (!isObject(county)) c.problems.push('缺少 county（{ "code": 县级区划代码6位, "name": 县名（可省略） }）');
  else {
    code = c.string(county, 'code', 'county', true) ?? '';
    name = c.string(county, 'name', 'county', false) ?? '';
    if (code !== '' && !/^\d{6}$/.test(code)) c.problems.push(`county.code 应为6位数字，实际为 ${code}`);
  }
  const asOf = c.string(json, 'asOf', '映射', true) ?? '';
  if (asOf !== '' && !ISO_DATE.test(asOf)) c.problems.push(`asOf 应为 YYYY-MM-DD 格式的日期，实际为 ${asOf}`);
  const edition = c.string(json, 'divisionCodeEdition', '映射', false) ?? '';
  const strings = (key: string): string[] | undefined => {
    const v = json[key];
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    c.problems.push(`${key} 应为文本数组`);
    return undefined;
  };
  const threshold = json.smallCellThreshold ?? 5;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1) c.problems.push('smallCellThreshold 应为不小于1的整数');
  const targetsSource = c.string(json, 'targetsSource', '映射', false);
  const regions = regionsSpec(c, json.regions, refused);
  const sources: SourceSpec[] = [];
  if (!Array.isArray(json.sources) || json.sources.length === 0) c.problems.push('缺少 sources（至少一个儿童名单文件）');
  else
    json.sources.forEach((s, i) => {
      if (!isObject(s)) c.problems.push(`sources[${i}] 应为对象`);
      else {
        const spec = sourceSpec(c, s, i, refused);
        if (spec) sources.push(spec);
      }
    });
  if (Array.isArray(json.sources) && sources.length > 0 && !sources.some((s) => s.table === 'children')) {
    c.problems.push('sources 中至少要有一个 table 为 children 的儿童名单');
  }
  const systems = strings('sourceSystems') ?? [...new Set(sources.map((s) => s.system).filter((s): s is string => s !== undefined))];
  if (c.problems.length > 0 || !regions) throw new MappingError(c.problems);
  return {
    mapping: {
      path,
      county: { code, name },
      asOf,
      divisionCodeEdition: edition,
      sourceSystems: systems.length > 0 ? systems : ['县民政局台账'],
      attribution: strings('attribution') ?? [],
      smallCellThreshold: threshold as number,
      ...(targetsSource ? { targetsSource } : {}),
      regions: regions.list,
      geography: regions.geography,
      sources,
    },
    refused,
  };
}

export function readMapping(path: string): { mapping: Mapping; refused: RefusedMapping[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MappingError([`无法读取映射文件 ${path}（${e instanceof Error ? e.message : String(e)}）`]);
  }
  return parseMapping(text.replace(/^\uFEFF/, ''), resolve(path));
}
