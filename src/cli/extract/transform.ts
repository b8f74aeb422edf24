/**
 * Source rows → extract rows, table by table, with every row accounted for: written, merged into another row
 * (a duplicate, by a stated rule), or rejected with its reasons. Identifiers are read only to make keys.
 */
import { createHash } from 'node:crypto';
import { ALERTS, CATEGORIES, type TableName } from '../../extract/schema';
import type { Row } from '../write-extract';
import { toWgs84, type LngLat } from './coords';
import { ageBand, ageInYears, ID_PROBLEM_ZH, normalizeNumber, parseIdNumber, saltedKey, type IdResult } from './identity';
import type { ConstantValue, SourceSpec } from './mapping';
import type { Extent, RegionIndex } from './regions';
import type { DataRow, LoadedSource } from './source';
import {
  BUILTIN_BOOLEANS,
  BUILTIN_VOCABULARIES,
  cellText,
  extendVocabulary,
  looksIdentifying,
  lookup,
  normalizeWord,
  parseCoordinate,
  parseDate,
  parseInteger,
  quoteValue,
  splitWords,
  type RawCell,
} from './values';

/** Where a row came from: its source and sheet row number. */
export interface Origin {
  source: LoadedSource;
  row: number;
  /** Position across all sources in mapping order, for “the later row wins”. */
  order: number;
}

export type Outcome = { kind: 'written' } | { kind: 'merged'; into: Origin; rule: string } | { kind: 'rejected'; reasons: string[] };

/** The unknown words of one source column: `rejects` when the column is required (an unknown word rejects the row). */
export interface UnknownWordsOfColumn {
  target: string;
  header: string;
  rejects: boolean;
  words: Map<string, number[]>;
}

/** Everything the run records per source row and per table, for the report. */
export class Ledger {
  readonly outcomes = new Map<LoadedSource, Map<number, Outcome>>();
  readonly warnings = new Map<LoadedSource, Map<string, number[]>>();
  readonly notes: string[] = [];
  /** Points converted from GCJ-02 or BD-09, per source. */
  readonly converted = new Map<LoadedSource, number>();
  /** Station and point ids replaced by a salted code (Chinese text or something that looks like a number). */
  hashedIds = 0;
  /** Cell words no vocabulary knows, per source, target column and source header: word → rows it stood in. */
  readonly unknownWords = new Map<LoadedSource, Map<string, UnknownWordsOfColumn>>();

  /** Records a word of `header` (feeding `target`) that no vocabulary knows; `rejects` when it cost the row. */
  unknownWord(source: LoadedSource, target: string, header: string, word: string, row: number, rejects: boolean): void {
    const byColumn = this.unknownWords.get(source) ?? new Map<string, UnknownWordsOfColumn>();
    const id = `${target}\u0000${header}`;
    const column = byColumn.get(id) ?? { target, header, rejects, words: new Map<string, number[]>() };
    column.words.set(word, [...(column.words.get(word) ?? []), row]);
    byColumn.set(id, column);
    this.unknownWords.set(source, byColumn);
  }

  set(origin: Origin, outcome: Outcome): void {
    const map = this.outcomes.get(origin.source) ?? new Map<number, Outcome>();
    map.set(origin.row, outcome);
    this.outcomes.set(origin.source, map);
  }

  warn(origin: Origin, message: string): void {
    const map = this.warnings.get(origin.source) ?? new Map<string, number[]>();
    const rows = map.get(message) ?? [];
    rows.push(origin.row);
    map.set(message, rows);
    this.warnings.set(origin.source, map);
  }

  countConverted(source: LoadedSource): void {
    this.converted.set(source, (this.converted.get(source) ?? 0) + 1);
  }
}

export interface Context {
  salt: Uint8Array;
  asOf: string;
  regions: RegionIndex;
  extent: Extent;
  ledger: Ledger;
  /** Values of identifying source columns: never quoted in the report, never written. */
  identifying: ReadonlySet<string>;
  /** System child number → child key, from rows that carry both an ID number and a number. */
  numberKeys: Map<string, string>;
}

const VOCABULARY_OF: Record<string, string> = {
  categories: 'categories',
  colour: 'colour',
  mode: 'mode',
  visitor_role: 'visitor_role',
  sex: 'sex',
  age_band: 'age_band',
  alerts: 'alerts',
  kind: 'kind',
  role: 'role',
  water_type: 'water_type',
};

/** Read access to one source row through the mapping, collecting reasons and warnings as it goes. */
export class RowReader {
  readonly reasons: string[] = [];
  readonly warnings: string[] = [];

  constructor(
    readonly ctx: Context,
    readonly source: LoadedSource,
    readonly data: DataRow,
  ) {}

  get spec(): SourceSpec {
    return this.source.spec as SourceSpec;
  }

  cellOf(column: string): RawCell {
    const i = this.source.columnIndex.get(column);
    return i === undefined ? null : (this.data.cells[i] ?? null);
  }

  /** The header a target reads (the first mapped column), for messages. */
  columnName(target: string): string {
    const first = this.spec.columns[target]?.[0];
    if (!first) return target;
    return this.source.header.names[this.source.columnIndex.get(first) ?? -1] || first;
  }

  /** The first non-blank cell of the target's mapped columns. */
  cell(target: string): RawCell {
    for (const column of this.spec.columns[target] ?? []) {
      const c = this.cellOf(column);
      if (cellText(c) !== '') return c;
    }
    return null;
  }

  text(target: string): string {
    return cellText(this.cell(target));
  }

  constant(target: string): ConstantValue | undefined {
    return 'constants' in this.spec ? this.spec.constants[target] : undefined;
  }

  quote(text: string): string {
    return this.ctx.identifying.has(text.normalize('NFKC').replace(/\s+/g, '')) ? '（已隐去）' : quoteValue(text);
  }

  private vocab(target: string): Map<string, string> {
    const base = BUILTIN_VOCABULARIES[VOCABULARY_OF[target] ?? ''];
    return extendVocabulary(base, this.spec.values[target]);
  }

  /** An enumerated value: the column's word through the vocabulary, else the constant. */
  enumValue(target: string, required: boolean, what: string): string | null {
    const vocab = this.vocab(target);
    const text = this.text(target);
    if (text !== '') {
      const code = lookup(vocab, text);
      if (code !== undefined) return code;
      const message = `「${this.columnName(target)}」的值「${this.quote(text)}」无法对应${what}（可在映射 values.${target} 中补充）`;
      this.ctx.ledger.unknownWord(this.source, target, this.columnName(target), text, this.data.row, required);
      if (required) this.reasons.push(message);
      else this.warnings.push(`${message}，已留空`);
      return null;
    }
    const constant = this.constant(target);
    if (typeof constant === 'string') {
      const code = lookup(vocab, constant);
      if (code !== undefined) return code;
      this.reasons.push(`constants.${target} 的值「${constant}」无法对应${what}`);
      return null;
    }
    if (required) this.reasons.push(`缺少${what}${this.spec.columns[target] ? `（「${this.columnName(target)}」为空）` : ''}`);
    return null;
  }

  /** A list of enumerated values: every word of every mapped column, plus the constant's. */
  enumList(target: string, allowed: readonly string[], required: boolean, what: string): string[] {
    const vocab = this.vocab(target);
    const out = new Set<string>();
    for (const column of this.spec.columns[target] ?? []) {
      const text = cellText(this.cellOf(column));
      for (const word of splitWords(text)) {
        if (/^(无|没有|否|\/|-|—)$/.test(word)) continue;
        const code = lookup(vocab, word);
        if (code !== undefined && allowed.includes(code)) out.add(code);
        else {
          const header = this.source.header.names[this.source.columnIndex.get(column) ?? -1] || column;
          const message = `「${header}」中的「${this.quote(word)}」无法对应${what}（可在映射 values.${target} 中补充）`;
          this.ctx.ledger.unknownWord(this.source, target, header, word, this.data.row, required);
          if (required) this.reasons.push(message);
          else this.warnings.push(`${message}，已忽略该项`);
        }
      }
    }
    const constant = this.constant(target);
    for (const word of typeof constant === 'string' ? [constant] : Array.isArray(constant) ? constant : []) {
      const code = lookup(vocab, word);
      if (code !== undefined && allowed.includes(code)) out.add(code);
      else this.reasons.push(`constants.${target} 中的「${word}」无法对应${what}`);
    }
    if (required && out.size === 0 && this.reasons.length === 0) this.reasons.push(`缺少${what}`);
    return [...out].sort((a, b) => allowed.indexOf(a) - allowed.indexOf(b));
  }

  bool(target: string, required: boolean, what: string): boolean | null {
    const text = this.text(target);
    if (text !== '') {
      const own = this.spec.values[target];
      const mapped = own ? Object.entries(own).find(([w]) => normalizeWord(w) === normalizeWord(text))?.[1] : undefined;
      const code = lookup(BUILTIN_BOOLEANS, mapped ?? text);
      if (code !== undefined) return code === 'true';
      const message = `「${this.columnName(target)}」的值「${this.quote(text)}」无法识别为是/否（${what}）`;
      this.ctx.ledger.unknownWord(this.source, target, this.columnName(target), text, this.data.row, required);
      if (required) this.reasons.push(message);
      else this.warnings.push(`${message}，已留空`);
      return null;
    }
    const constant = this.constant(target);
    if (typeof constant === 'boolean') return constant;
    if (constant !== undefined) {
      const code = lookup(BUILTIN_BOOLEANS, String(constant));
      if (code !== undefined) return code === 'true';
    }
    if (required) this.reasons.push(`缺少${what}${this.spec.columns[target] ? `（「${this.columnName(target)}」为空）` : ''}`);
    return null;
  }

  date(target: string, required: boolean, what: string): string | null {
    const cell = this.cell(target);
    if (cellText(cell) !== '') {
      const iso = parseDate(cell, this.source.grid.date1904);
      if (iso) return iso;
      const message = `「${this.columnName(target)}」的值「${this.quote(cellText(cell))}」不是有效日期（${what}）`;
      if (required) this.reasons.push(message);
      else this.warnings.push(`${message}，已留空`);
      return null;
    }
    const constant = this.constant(target);
    if (typeof constant === 'string') {
      const iso = parseDate(constant);
      if (iso) return iso;
    }
    if (required) this.reasons.push(`缺少${what}${this.spec.columns[target] ? `（「${this.columnName(target)}」为空）` : ''}`);
    return null;
  }

  /** A village (or any region) code from a code or a name, disambiguated by the township column. */
  region(target: string, level: 'village' | 'any', required: boolean, what: string): string | null {
    let text = this.text(target);
    const constant = this.constant(target);
    if (text === '' && typeof constant === 'string') text = constant;
    if (text === '' && !required) return null;
    const resolved = this.ctx.regions.resolve(text, level, this.columnName(target), this.text('township'));
    if (resolved.ok) return resolved.code;
    if (required) this.reasons.push(text === '' ? `缺少${what}` : resolved.reason);
    else this.warnings.push(`${resolved.reason}，${what}已留空`);
    return null;
  }

  /**
   * A point in WGS84 from the lng/lat columns in the source's datum, checked against the county's extent.
   * Returns null when both cells are empty; adds a reason (required) or a warning otherwise.
   */
  point(required: boolean): LngLat | null {
    const lngText = this.text('lng');
    const latText = this.text('lat');
    if (lngText === '' && latText === '') {
      if (required) this.reasons.push('缺少经纬度');
      return null;
    }
    const fail = (message: string): null => {
      if (required) this.reasons.push(message);
      else this.warnings.push(`${message}，已去掉该点坐标（记录保留）`);
      return null;
    };
    const lng = parseCoordinate(this.cell('lng'));
    const lat = parseCoordinate(this.cell('lat'));
    if (lng === null || lat === null) return fail(`经纬度「${this.quote(lngText)}，${this.quote(latText)}」无法识别`);
    const plausible = (x: number, y: number) => x >= 73 && x <= 136 && y >= 3 && y <= 54;
    if (!plausible(lng, lat)) return fail(plausible(lat, lng) ? '经度、纬度疑似填反' : '经纬度不在中国范围内');
    const datum = this.spec.datum;
    const p = toWgs84([lng, lat], datum);
    if (datum === 'GCJ-02' || datum === 'BD-09') this.ctx.ledger.countConverted(this.source);
    const wgs: LngLat = [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
    if (!this.ctx.extent.contains(wgs)) return fail(`点位（${datum} 转 WGS84 后 ${wgs[0].toFixed(5)}, ${wgs[1].toFixed(5)}）不在县域范围内`);
    return wgs;
  }

  /** An opaque id (station, water point): kept when it is plain ASCII and not identifying, else salted-hashed. */
  opaqueId(target: string, prefix: string): string | null {
    const text = this.text(target).normalize('NFKC').replace(/\s+/g, '');
    if (text === '') return null;
    if (/^[0-9A-Za-z_-]{1,40}$/.test(text) && !looksIdentifying(text) && !this.ctx.identifying.has(text)) return text;
    this.ctx.ledger.hashedIds += 1;
    return `${prefix}${saltedKey(this.ctx.salt, `${prefix}${text}`).slice(0, 24)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Identity

type KeyResult = { key: string; id: (IdResult & { ok: true }) | null } | { reason: string };

export function personKey(reader: RowReader, kind: 'child' | 'staff'): KeyResult {
  const { idNumber, number, combined } = reader.spec.identity;
  const idCell = idNumber ? reader.cellOf(idNumber) : null;
  const numberText = number ? normalizeNumber(reader.cellOf(number)) : '';
  const prefix = kind === 'staff' ? 'staff|' : '';
  if (idCell !== null && cellText(idCell) !== '') {
    const id = parseIdNumber(idCell);
    if (!id.ok) return { reason: ID_PROBLEM_ZH[id.problem] };
    return { key: saltedKey(reader.ctx.salt, prefix + id.normalized), id };
  }
  if (numberText !== '') {
    const known = kind === 'child' ? reader.ctx.numberKeys.get(numberText) : undefined;
    return { key: known ?? saltedKey(reader.ctx.salt, `${prefix}no|${numberText}`), id: null };
  }
  if (combined && combined.length > 0) {
    const parts = combined.map((c) => normalizeWord(cellText(reader.cellOf(c))));
    if (parts.every((p) => p !== '')) return { key: saltedKey(reader.ctx.salt, `${prefix}combined|${parts.join('|')}`), id: null };
    return { reason: `身份列（${combined.map((c) => `「${c}」`).join('、')}）有空值` };
  }
  const columns = [idNumber, number].filter((c): c is string => c !== undefined).map((c) => `「${c}」`);
  return { reason: `缺少身份信息（${columns.join('、')}为空）` };
}

/** Child numbers that come with a valid ID number in a children source: number → the ID's key. */
export function collectNumberKeys(sources: readonly LoadedSource[], salt: Uint8Array): Map<string, string> {
  const map = new Map<string, string>();
  for (const source of sources) {
    const spec = source.spec as SourceSpec;
    if (spec.table !== 'children' || !spec.identity.idNumber || !spec.identity.number) continue;
    const idIndex = source.columnIndex.get(spec.identity.idNumber) as number;
    const noIndex = source.columnIndex.get(spec.identity.number) as number;
    for (const { cells } of source.rows) {
      const id = parseIdNumber(cells[idIndex] ?? null);
      const number = normalizeNumber(cells[noIndex] ?? null);
      if (id.ok && number !== '' && !map.has(number)) map.set(number, saltedKey(salt, id.normalized));
    }
  }
  return map;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface Draft {
  origin: Origin;
  row: Row;
  /** Sort key for “latest wins” (an ISO date or ''). */
  updated: string;
}

function* rowsOf(sources: readonly LoadedSource[], table: TableName, ctx: Context, start: { order: number }): Generator<{ reader: RowReader; origin: Origin }> {
  for (const source of sources) {
    if ((source.spec as SourceSpec).table !== table) continue;
    for (const data of source.rows) {
      start.order += 1;
      yield { reader: new RowReader(ctx, source, data), origin: { source, row: data.row, order: start.order } };
    }
  }
}

/** Ends a row: rejected with its reasons, or kept with its warnings recorded. */
function settle(ctx: Context, reader: RowReader, origin: Origin): boolean {
  if (reader.reasons.length > 0) {
    ctx.ledger.set(origin, { kind: 'rejected', reasons: reader.reasons });
    return false;
  }
  for (const w of reader.warnings) ctx.ledger.warn(origin, w);
  return true;
}

const CHILD_FLAGS: [string, string][] = [
  ['care_agreement', '是否签订委托照护协议'],
  ['pairing_111', '是否落实“1+1+1”结对'],
  ['out_of_school', '是否失学辍学'],
  ['child_disabled', '儿童本人是否残疾'],
  ['parent_disabled', '父母是否残疾'],
  ['behavioural_concern', '是否存在心理或行为问题'],
];

export interface ChildrenResult {
  rows: Row[];
  /** Keys of children whose every row was rejected, so their visits can say why. */
  rejectedKeys: Set<string>;
}

/**
 * Children. Duplicates (the same key in several rows, in one source or several) are merged: the row with the
 * latest `updated_on` (else the later row in mapping order) gives the village, sex, age band, dates and flags;
 * categories and alerts are the union of all rows; an empty field is filled from the other rows; the enrolment
 * date is the earliest given.
 */
export function transformChildren(sources: readonly LoadedSource[], ctx: Context, order: { order: number }): ChildrenResult {
  const drafts = new Map<string, Draft[]>();
  const rejectedKeys = new Set<string>();
  for (const { reader, origin } of rowsOf(sources, 'children', ctx, order)) {
    const identity = personKey(reader, 'child');
    if ('reason' in identity) reader.reasons.push(identity.reason);
    const village = reader.region('village_code', 'village', true, '居住地村（社区）');
    let hukou = reader.spec.columns.hukou_village_code ? reader.region('hukou_village_code', 'village', false, '户籍地村（社区）') : null;
    if (hukou === village) hukou = null;
    const categories = reader.enumList('categories', CATEGORIES, true, '儿童类别');
    const id = 'key' in identity ? identity.id : null;
    let sex = reader.spec.columns.sex || reader.constant('sex') !== undefined ? reader.enumValue('sex', false, '性别') : null;
    if (sex === null && id) sex = id.sex;
    let band: string | null = null;
    const birth = id?.birthDate ?? (reader.spec.columns.birth_date ? reader.date('birth_date', false, '出生日期') : null);
    if (birth) {
      const age = ageInYears(birth, ctx.asOf);
      if (age < 0) reader.reasons.push('出生日期晚于数据截止日期');
      else band = ageBand(age);
      if (age > 17) reader.reasons.push(`截至数据截止日期（${ctx.asOf}）已满18周岁，不属于儿童`);
    } else if (reader.spec.columns.age && reader.text('age') !== '') {
      const age = parseInteger(reader.cell('age'));
      band = age === null ? null : ageBand(age);
      if (band === null) reader.reasons.push(`「${reader.columnName('age')}」的值「${reader.quote(reader.text('age'))}」不是0–17的周岁年龄`);
    } else if (reader.spec.columns.age_band || reader.constant('age_band') !== undefined) {
      band = reader.enumValue('age_band', true, '年龄段');
    } else if (!('reason' in identity)) {
      reader.reasons.push('无法得出年龄段（缺少身份证号码、出生日期或年龄）');
    }
    const row: Record<string, Row[string]> = {
      village_code: village,
      hukou_village_code: hukou,
      categories,
      sex,
      age_band: band,
      enrolled_on: reader.date('enrolled_on', false, '纳入关爱日期'),
      exited_on: reader.date('exited_on', false, '退出关爱日期'),
    };
    for (const [flag, what] of CHILD_FLAGS) row[flag] = reader.spec.columns[flag] || reader.constant(flag) !== undefined ? reader.bool(flag, false, what) : null;
    row.alerts = reader.spec.columns.alerts || reader.constant('alerts') !== undefined ? reader.enumList('alerts', ALERTS, false, '需立即报告的情形') : null;
    const updated = reader.spec.columns.updated_on ? (reader.date('updated_on', false, '更新日期') ?? '') : '';
    if (!settle(ctx, reader, origin)) {
      if ('key' in identity) rejectedKeys.add(identity.key);
      continue;
    }
    const key = (identity as { key: string }).key;
    row.child_key = key;
    const list = drafts.get(key) ?? [];
    list.push({ origin, row, updated });
    drafts.set(key, list);
  }
  const rows: Row[] = [];
  for (const [key, list] of drafts) {
    rejectedKeys.delete(key);
    const sorted = [...list].sort((a, b) => b.updated.localeCompare(a.updated) || b.origin.order - a.origin.order);
    const primary = sorted[0] as Draft;
    const merged: Record<string, Row[string]> = { ...primary.row };
    for (const other of sorted.slice(1)) {
      // The latest row alone says whether the child has left the roll.
      for (const [k, v] of Object.entries(other.row)) if (k !== 'exited_on' && (merged[k] === null || merged[k] === undefined)) merged[k] = v;
      merged.categories = union(merged.categories, other.row.categories, CATEGORIES);
      if (other.row.alerts) merged.alerts = union(merged.alerts ?? [], other.row.alerts, ALERTS);
      const e = other.row.enrolled_on;
      if (typeof e === 'string' && (typeof merged.enrolled_on !== 'string' || e < merged.enrolled_on)) merged.enrolled_on = e;
      ctx.ledger.set(other.origin, { kind: 'merged', into: primary.origin, rule: '同一儿童的重复记录：以更新日期最新（无更新日期时以映射中靠后的）一行为准，儿童类别与预警情形合并' });
    }
    if (sorted.length > 1 && new Set(sorted.map((d) => d.row.village_code)).size > 1) {
      ctx.ledger.notes.push(`同一儿童在 ${sorted.length} 行中的居住村不一致，取 ${primary.origin.source.label} 第 ${primary.origin.row} 行`);
    }
    ctx.ledger.set(primary.origin, { kind: 'written' });
    rows.push(merged as Row);
  }
  return { rows, rejectedKeys };
}

function union(a: Row[string], b: Row[string], order: readonly string[]): string[] {
  const set = new Set([...((a as string[] | null) ?? []), ...((b as string[] | null) ?? [])]);
  return [...set].sort((x, y) => order.indexOf(x) - order.indexOf(y));
}

function childRef(reader: RowReader, children: ReadonlySet<string>, rejected: ReadonlySet<string>): string | null {
  const identity = personKey(reader, 'child');
  if ('reason' in identity) {
    reader.reasons.push(identity.reason);
    return null;
  }
  if (children.has(identity.key)) return identity.key;
  reader.reasons.push(rejected.has(identity.key) ? '该儿童在儿童名单中的记录被拒绝（见儿童名单的拒绝原因）' : '儿童名单中没有该儿童');
  return null;
}

function eventDate(reader: RowReader, ctx: Context, target: string, what: string): string | null {
  const iso = reader.date(target, true, what);
  if (iso && iso > ctx.asOf) {
    reader.reasons.push(`${what} ${iso} 晚于数据截止日期 ${ctx.asOf}`);
    return null;
  }
  return iso;
}

const COLOUR_RISK: readonly string[] = ['red', 'yellow', 'blue', 'green'];

/** Colour assessments. Same child and date twice: the higher-risk colour is kept (red > yellow > blue > green). */
export function transformColours(sources: readonly LoadedSource[], ctx: Context, order: { order: number }, children: ReadonlySet<string>, rejected: ReadonlySet<string>): Row[] {
  const byKey = new Map<string, Draft>();
  for (const { reader, origin } of rowsOf(sources, 'colour_assessments', ctx, order)) {
    const key = childRef(reader, children, rejected);
    const assessed = eventDate(reader, ctx, 'assessed_on', '评估日期');
    const colour = reader.enumValue('colour', true, '风险等级颜色（红/黄/蓝/绿）');
    if (!settle(ctx, reader, origin)) continue;
    const row: Row = { child_key: key, assessed_on: assessed, colour };
    const k = `${key}|${assessed}`;
    const existing = byKey.get(k);
    if (!existing) {
      byKey.set(k, { origin, row, updated: '' });
      continue;
    }
    const keepNew = COLOUR_RISK.indexOf(colour as string) < COLOUR_RISK.indexOf(existing.row.colour as string);
    const [kept, dropped] = keepNew ? [{ origin, row, updated: '' }, existing] : [existing, { origin, row, updated: '' }];
    byKey.set(k, kept);
    ctx.ledger.set(dropped.origin, { kind: 'merged', into: kept.origin, rule: '同一儿童同一天有两条评估：保留风险较高的颜色（红>黄>蓝>绿）' });
  }
  for (const d of byKey.values()) ctx.ledger.set(d.origin, { kind: 'written' });
  return [...byKey.values()].map((d) => d.row);
}

/** Visits. A row identical to an earlier one (child, date, mode, visitor role) is a double entry and kept once. */
export function transformVisits(sources: readonly LoadedSource[], ctx: Context, order: { order: number }, children: ReadonlySet<string>, rejected: ReadonlySet<string>): Row[] {
  const seen = new Map<string, Origin>();
  const rows: Row[] = [];
  for (const { reader, origin } of rowsOf(sources, 'visits', ctx, order)) {
    const key = childRef(reader, children, rejected);
    const visited = eventDate(reader, ctx, 'visited_on', '走访日期');
    const mode = reader.enumValue('mode', true, '走访方式（入户/电话/视频/第三方）');
    const role = reader.spec.columns.visitor_role || reader.constant('visitor_role') !== undefined ? reader.enumValue('visitor_role', false, '走访人角色') : null;
    if (!settle(ctx, reader, origin)) continue;
    const k = `${key}|${visited}|${mode}|${role}`;
    const first = seen.get(k);
    if (first) {
      ctx.ledger.set(origin, { kind: 'merged', into: first, rule: '重复录入的走访（同一儿童、同一天、同一方式和走访人角色）只计一次' });
      continue;
    }
    seen.set(k, origin);
    ctx.ledger.set(origin, { kind: 'written' });
    rows.push({ child_key: key, visited_on: visited, mode, visitor_role: role });
  }
  return rows;
}

/** Points registered to each region code, for label points when the regions list has none. */
export type PointsByRegion = Map<string, LngLat[]>;

function addPoint(points: PointsByRegion, code: string | null, p: LngLat | null): void {
  if (!code || !p) return;
  const list = points.get(code) ?? [];
  list.push(p);
  points.set(code, list);
}

/** Keeps the later of two rows with the same id; the earlier is recorded as replaced. */
function keepLatest(drafts: Map<string, Draft>, id: string, draft: Draft, ctx: Context, rule: string): void {
  const existing = drafts.get(id);
  if (existing) {
    const [kept, dropped] = draft.updated.localeCompare(existing.updated) >= 0 ? [draft, existing] : [existing, draft];
    drafts.set(id, kept);
    ctx.ledger.set(dropped.origin, { kind: 'merged', into: kept.origin, rule });
  } else drafts.set(id, draft);
}

function finish(drafts: Map<string, Draft>, ctx: Context): Row[] {
  for (const d of drafts.values()) ctx.ledger.set(d.origin, { kind: 'written' });
  return [...drafts.values()].sort((a, b) => a.origin.order - b.origin.order).map((d) => d.row);
}

/** Stations. Same station id twice: the later row (in mapping order) is kept. A point outside the county is dropped, the station kept. */
export function transformStations(sources: readonly LoadedSource[], ctx: Context, order: { order: number }, points: PointsByRegion): Row[] {
  const drafts = new Map<string, Draft>();
  const perRegion = new Map<string, number>();
  for (const { reader, origin } of rowsOf(sources, 'stations', ctx, order)) {
    const region = reader.region('region_code', 'any', true, '所在区划');
    const kind = reader.enumValue('kind', true, '站点类型（救助保护中心/关爱之家/儿童关爱站点）');
    const p = reader.spec.columns.lng ? reader.point(false) : null;
    const row: Row = {
      region_code: region,
      kind,
      lng: p ? p[0] : null,
      lat: p ? p[1] : null,
      meets_standard: reader.spec.columns.meets_standard || reader.constant('meets_standard') !== undefined ? reader.bool('meets_standard', false, '是否达到省级标准') : null,
      active: reader.bool('active', true, '是否正常运行'),
      opened_on: reader.spec.columns.opened_on ? reader.date('opened_on', false, '建成日期') : null,
    };
    let id = reader.spec.columns.station_id ? reader.opaqueId('station_id', 'st-') : null;
    if (reader.spec.columns.station_id && id === null) reader.reasons.push(`缺少站点编号（「${reader.columnName('station_id')}」为空）`);
    if (!settle(ctx, reader, origin)) continue;
    if (id === null) {
      const n = (perRegion.get(region as string) ?? 0) + 1;
      perRegion.set(region as string, n);
      id = `st-${region}-${String(n).padStart(2, '0')}`;
    }
    addPoint(points, region, p);
    keepLatest(drafts, id, { origin, row: { station_id: id, ...row }, updated: '' }, ctx, '站点编号重复：保留映射中靠后的一行');
  }
  return finish(drafts, ctx);
}

/** Staff. Same person twice: the row with the latest training date is kept (else the later row). */
export function transformStaff(sources: readonly LoadedSource[], ctx: Context, order: { order: number }): Row[] {
  const drafts = new Map<string, Draft>();
  for (const { reader, origin } of rowsOf(sources, 'staff', ctx, order)) {
    const identity = personKey(reader, 'staff');
    if ('reason' in identity) reader.reasons.push(identity.reason);
    const region = reader.region('region_code', 'any', true, '负责区划');
    const role = reader.enumValue('role', true, '角色（儿童主任/儿童督导员）');
    const trained = reader.spec.columns.last_trained_on ? reader.date('last_trained_on', false, '最近培训日期') : null;
    if (!settle(ctx, reader, origin)) continue;
    const key = (identity as { key: string }).key;
    keepLatest(drafts, key, { origin, row: { staff_key: key, region_code: region, role, last_trained_on: trained }, updated: trained ?? '' }, ctx, '同一工作人员有多行：保留最近培训日期最新（相同时取靠后）的一行');
  }
  return finish(drafts, ctx);
}

const WATER_ITEMS: [string, string][] = [
  ['has_sign', '警示牌'],
  ['has_ring', '救生圈'],
  ['has_rope', '救生绳'],
  ['has_pole', '救生杆'],
];

/** Water points. Same point id twice: the later row is kept. Without a mapped id, the id is a hash of the point. */
export function transformWaterPoints(sources: readonly LoadedSource[], ctx: Context, order: { order: number }, points: PointsByRegion): Row[] {
  const drafts = new Map<string, Draft>();
  for (const { reader, origin } of rowsOf(sources, 'water_points', ctx, order)) {
    const village = reader.region('village_code', 'village', true, '所在村（社区）');
    const p = reader.point(true);
    const row: Record<string, Row[string]> = {
      village_code: village,
      lng: p ? p[0] : null,
      lat: p ? p[1] : null,
      water_type: reader.spec.columns.water_type || reader.constant('water_type') !== undefined ? reader.enumValue('water_type', false, '水域类型') : null,
    };
    for (const [item, what] of WATER_ITEMS) row[item] = reader.bool(item, true, `是否有${what}`);
    row.last_inspected_on = reader.spec.columns.last_inspected_on ? reader.date('last_inspected_on', false, '最近巡查日期') : null;
    let id = reader.spec.columns.point_id ? reader.opaqueId('point_id', 'wp-') : null;
    if (reader.spec.columns.point_id && id === null) reader.reasons.push(`缺少点位编号（「${reader.columnName('point_id')}」为空）`);
    if (!settle(ctx, reader, origin)) continue;
    if (id === null) id = `wp-${createHash('sha256').update(`${(p as LngLat)[0].toFixed(5)},${(p as LngLat)[1].toFixed(5)}`).digest('hex').slice(0, 16)}`;
    addPoint(points, village, p);
    keepLatest(drafts, id, { origin, row: { point_id: id, ...row } as Row, updated: '' }, ctx, '点位编号重复：保留映射中靠后的一行');
  }
  return finish(drafts, ctx);
}

