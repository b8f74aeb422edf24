import { isMonth } from '../measures/months';
import { AGGREGATE_TABLE_NAMES, DATUMS, FORMAT_NAME, FORMAT_VERSION, MANIFEST_FIELDS, TABLES, TABLE_NAMES, type Manifest } from './schema';
import { problems as msg } from '../i18n/zh';

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; errors: string[] };

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SAFE_FILE = /^[A-Za-z0-9_.-]+\.parquet$/;

function typeOk(value: unknown, type: (typeof MANIFEST_FIELDS)[number]['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.length > 0;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** The optional `aggregates` entry: known aggregate tables in safe file names, months, profile ids. */
function aggregatesProblems(a: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (!typeOk(a.tables, 'object')) errors.push(msg.manifestBadType('aggregates.tables', '汇总表 → 文件名'));
  else {
    for (const [name, file] of Object.entries(a.tables as Record<string, unknown>)) {
      if (!(AGGREGATE_TABLE_NAMES as readonly string[]).includes(name)) errors.push(msg.manifestUnknownTable(name, 'aggregates.tables'));
      else if (typeof file !== 'string' || !SAFE_FILE.test(file)) errors.push(msg.manifestBadFile(name, String(file), 'aggregates.tables'));
    }
  }
  if (!(typeOk(a.months, 'string[]') && (a.months as string[]).every(isMonth))) errors.push(msg.manifestBadType('aggregates.months', '汇总月份（YYYY-MM）'));
  if (!typeOk(a.profiles, 'string[]')) errors.push(msg.manifestBadType('aggregates.profiles', '汇总所用走访规则'));
  return errors;
}

/** Checks manifest.json against the format, before any table is touched. Errors are in Chinese. */
export function parseManifest(json: unknown): ManifestResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, errors: [msg.manifestNotObject] };
  }
  const m = json as Record<string, unknown>;
  if (m.format !== FORMAT_NAME) return { ok: false, errors: [msg.manifestWrongFormat(String(m.format))] };
  if (typeof m.format_version === 'number' && m.format_version > FORMAT_VERSION) {
    return { ok: false, errors: [msg.manifestFutureVersion(m.format_version, FORMAT_VERSION)] };
  }
  if (m.format_version !== FORMAT_VERSION) {
    return { ok: false, errors: [msg.manifestUnknownVersion(String(m.format_version), FORMAT_VERSION)] };
  }
  const errors: string[] = [];
  for (const field of MANIFEST_FIELDS) {
    const value = m[field.name];
    if (value === undefined || value === null) {
      if (field.required) errors.push(msg.manifestMissing(field.name, field.zh));
    } else if (!typeOk(value, field.type)) {
      errors.push(msg.manifestBadType(field.name, field.zh));
    } else if (field.maxLength !== undefined) {
      const longest = (Array.isArray(value) ? value : [value]).reduce<number>((m, v) => Math.max(m, String(v).length), 0);
      if (longest > field.maxLength) errors.push(msg.manifestTooLong(field.name, field.zh, field.maxLength, longest));
    }
  }
  if (typeof m.county_code === 'string' && !/^\d{6}$/.test(m.county_code)) errors.push(msg.manifestBadCountyCode(m.county_code));
  if (typeof m.as_of === 'string' && !ISO_DATE.test(m.as_of)) errors.push(msg.manifestBadDate('as_of', m.as_of));
  if (typeof m.datum === 'string' && !(DATUMS as readonly string[]).includes(m.datum)) errors.push(msg.manifestBadDatum(m.datum));
  if (typeof m.small_cell_threshold === 'number' && !(Number.isInteger(m.small_cell_threshold) && m.small_cell_threshold >= 1)) {
    errors.push(msg.manifestBadThreshold(m.small_cell_threshold));
  }
  if (typeOk(m.tables, 'object')) {
    const tables = m.tables as Record<string, unknown>;
    for (const [name, file] of Object.entries(tables)) {
      if (!(TABLE_NAMES as readonly string[]).includes(name)) errors.push(msg.manifestUnknownTable(name));
      else if (typeof file !== 'string' || !SAFE_FILE.test(file)) errors.push(msg.manifestBadFile(name, String(file)));
    }
    for (const spec of TABLES) {
      if (spec.required && tables[spec.name] === undefined) errors.push(msg.manifestMissingTable(spec.name, spec.zh));
    }
  }
  if (typeOk(m.aggregates, 'object')) errors.push(...aggregatesProblems(m.aggregates as Record<string, unknown>));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, manifest: m as unknown as Manifest };
}
