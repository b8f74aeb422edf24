import { isMonth } from '../measures/months';
import {
  AGGREGATE_TABLE_NAMES,
  COUNTY_PLACEHOLDER,
  DATUMS,
  FORMAT_NAME,
  FORMAT_VERSION,
  FORMAT_VERSIONS,
  LEVEL_CODE_LENGTH,
  MANIFEST_FIELDS,
  MAX_NAME_LENGTH,
  TABLES,
  TABLE_NAMES,
  TOP_LEVELS,
  type Manifest,
  type TableName,
} from './schema';
import { problems as msg } from '../i18n/zh';

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; errors: string[] };

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SAFE_FILE = /^[A-Za-z0-9_.-]+\.parquet$/;
/** A file name, or (v2) a template with the county placeholder once: `children.{county}.parquet`. */
const SAFE_TEMPLATE = /^[A-Za-z0-9_.-]*\{county\}[A-Za-z0-9_.-]*\.parquet$/;

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
    case 'object[]':
      return Array.isArray(value) && value.every((v) => typeOk(v, 'object'));
  }
}

/** v2's `counties`: codes of 6 digits inside the top area, unique, names, as-of dates not after the extract's. */
function countiesProblems(m: Record<string, unknown>): string[] {
  const counties = m.counties as Record<string, unknown>[];
  if (counties.length === 0) return [msg.manifestNoCounties];
  const errors: string[] = [];
  const seen = new Set<string>();
  const area = typeof m.area_code === 'string' ? m.area_code : '';
  counties.forEach((c, i) => {
    if (typeof c.code !== 'string' || !/^\d{6}$/.test(c.code)) {
      errors.push(msg.manifestBadCounty(i, '代码（6位数字）'));
      return;
    }
    if (typeof c.name !== 'string' || c.name.length === 0 || c.name.length > MAX_NAME_LENGTH) errors.push(msg.manifestBadCounty(i, `名称（1–${MAX_NAME_LENGTH} 个字符）`));
    if (typeof c.as_of !== 'string' || !ISO_DATE.test(c.as_of)) errors.push(msg.manifestBadCounty(i, '数据截止日期（YYYY-MM-DD）'));
    else if (typeof m.as_of === 'string' && c.as_of > m.as_of) errors.push(msg.manifestCountyLater(c.code, c.as_of, m.as_of));
    if (c.rows !== undefined) {
      const rowsOk =
        typeOk(c.rows, 'object') &&
        Object.entries(c.rows as Record<string, unknown>).every(([t, n]) => (TABLE_NAMES as readonly string[]).includes(t) && Number.isInteger(n) && (n as number) >= 0);
      if (!rowsOk) errors.push(msg.manifestBadCounty(i, '各表行数（rows）'));
    }
    if (c.source_rows !== undefined && sourceRowsProblems(c.source_rows, `counties[${i}].source_rows`).length > 0) errors.push(msg.manifestBadCounty(i, '源数据行（source_rows：读取 = 写入 + 合并 + 拒绝）'));
    if (seen.has(c.code)) errors.push(msg.manifestDuplicateCounty(c.code));
    seen.add(c.code);
    if (area && !c.code.startsWith(area)) errors.push(msg.manifestCountyOutside(c.code, area));
  });
  if (m.area_level === 'county' && !(counties.length === 1 && counties[0]?.code === area)) errors.push(msg.manifestCountyMismatch(area));
  return errors;
}

/** The version-2 fields a version-1 manifest implies: its one county is the top area. */
function fromV1(m: Record<string, unknown>): Manifest {
  const v1 = m as unknown as Manifest;
  return { ...v1, area_level: 'county', area_code: v1.county_code, area_name: v1.county_name, counties: [{ code: v1.county_code, name: v1.county_name, as_of: v1.as_of }] };
}

/** The version-1 fields the app's single-area screens read, from a version-2 manifest's top area. */
function fromV2(m: Record<string, unknown>): Manifest {
  const v2 = m as unknown as Manifest;
  return { ...v2, county_code: v2.area_code, county_name: v2.area_name };
}

/** True when `file` names one file per county through the placeholder. */
export const isTemplate = (file: string): boolean => file.includes(COUNTY_PLACEHOLDER);

/**
 * The files holding `table` for the given counties (every county of the extract when omitted), each with the
 * county it holds, or null for a file holding them all (regions, and every table of a one-county extract).
 * Empty when the extract has no such table.
 */
export function tableFiles(manifest: Manifest, table: TableName, counties?: readonly string[]): { file: string; county: string | null }[] {
  const file = manifest.tables[table];
  if (file === undefined) return [];
  if (!isTemplate(file)) return [{ file, county: null }];
  return (counties ?? manifest.counties.map((c) => c.code)).map((county) => ({ file: file.replace(COUNTY_PLACEHOLDER, county), county }));
}

/**
 * The files of the counties' own township and village rows (`county_regions`), for the given counties (every county
 * when omitted); empty when the extract keeps every region in its one `regions` file.
 */
export function countyRegionFiles(manifest: Manifest, counties?: readonly string[]): { file: string; county: string }[] {
  const template = manifest.county_regions;
  if (template === undefined) return [];
  return (counties ?? manifest.counties.map((c) => c.code)).map((county) => ({ file: template.replace(COUNTY_PLACEHOLDER, county), county }));
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

const ROW_COUNTS = ['read', 'written', 'merged', 'rejected'] as const;

/** The optional `quality` entry: per known table, four whole counts, read = written + merged + rejected. */
function qualityProblems(q: Record<string, unknown>): string[] {
  return sourceRowsProblems(q.source_rows, 'quality.source_rows');
}

/** Source rows per known table (`quality.source_rows`, or a county's `source_rows`), named `field` in messages. */
function sourceRowsProblems(sourceRows: unknown, field: string): string[] {
  if (!typeOk(sourceRows, 'object')) return [msg.manifestBadType(field, '各表源数据行')];
  const errors: string[] = [];
  for (const [table, counts] of Object.entries(sourceRows as Record<string, unknown>)) {
    if (!(TABLE_NAMES as readonly string[]).includes(table)) {
      errors.push(msg.manifestUnknownTable(table, field));
      continue;
    }
    const c = counts as Record<string, unknown>;
    const whole = typeOk(counts, 'object') && ROW_COUNTS.every((k) => Number.isInteger(c[k]) && (c[k] as number) >= 0);
    if (!whole || (c.read as number) !== (c.written as number) + (c.merged as number) + (c.rejected as number)) {
      errors.push(msg.manifestBadType(`${field}.${table}`, '读取、写入、合并、拒绝行数（非负整数，读取 = 写入 + 合并 + 拒绝）'));
    }
  }
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
  if (!(FORMAT_VERSIONS as readonly unknown[]).includes(m.format_version)) {
    return { ok: false, errors: [msg.manifestUnknownVersion(String(m.format_version), FORMAT_VERSION)] };
  }
  const version = m.format_version as number;
  const errors: string[] = [];
  for (const field of MANIFEST_FIELDS) {
    if (field.versions && !field.versions.includes(version)) continue;
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
  if (version === 1 && typeof m.county_code === 'string' && !/^\d{6}$/.test(m.county_code)) errors.push(msg.manifestBadCountyCode(m.county_code));
  if (version === 2 && typeof m.area_level === 'string' && typeof m.area_code === 'string') {
    const length = (TOP_LEVELS as readonly string[]).includes(m.area_level) ? LEVEL_CODE_LENGTH[m.area_level as (typeof TOP_LEVELS)[number]] : -1;
    if (!(m.area_code.length === length && /^\d+$/.test(m.area_code))) errors.push(msg.manifestBadArea(m.area_level, m.area_code));
  }
  if (version === 2 && typeOk(m.counties, 'object[]')) errors.push(...countiesProblems(m));
  if (typeof m.as_of === 'string' && !ISO_DATE.test(m.as_of)) errors.push(msg.manifestBadDate('as_of', m.as_of));
  if (typeof m.datum === 'string' && !(DATUMS as readonly string[]).includes(m.datum)) errors.push(msg.manifestBadDatum(m.datum));
  if (typeof m.small_cell_threshold === 'number' && !(Number.isInteger(m.small_cell_threshold) && m.small_cell_threshold >= 1)) {
    errors.push(msg.manifestBadThreshold(m.small_cell_threshold));
  }
  if (typeOk(m.tables, 'object')) {
    const tables = m.tables as Record<string, unknown>;
    const several = version === 2 && Array.isArray(m.counties) && m.counties.length > 1;
    for (const [name, file] of Object.entries(tables)) {
      if (!(TABLE_NAMES as readonly string[]).includes(name)) errors.push(msg.manifestUnknownTable(name));
      else if (typeof file !== 'string' || !(SAFE_FILE.test(file) || (version === 2 && SAFE_TEMPLATE.test(file)))) errors.push(msg.manifestBadFile(name, String(file)));
      else if (name === 'regions' && isTemplate(file)) errors.push(msg.manifestRegionsTemplate(file));
      else if (name !== 'regions' && several && !isTemplate(file)) errors.push(msg.manifestNeedsTemplate(name, file));
    }
    for (const spec of TABLES) {
      if (spec.required && tables[spec.name] === undefined) errors.push(msg.manifestMissingTable(spec.name, spec.zh));
    }
  }
  if (version === 2 && typeof m.county_regions === 'string' && !SAFE_TEMPLATE.test(m.county_regions)) errors.push(msg.manifestBadFile('regions', m.county_regions, 'county_regions'));
  if (typeOk(m.aggregates, 'object')) errors.push(...aggregatesProblems(m.aggregates as Record<string, unknown>));
  if (typeOk(m.quality, 'object')) errors.push(...qualityProblems(m.quality as Record<string, unknown>));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, manifest: version === 1 ? fromV1(m) : fromV2(m) };
}

/** A manifest read outside the loader (Node tools, tests), normalized as {@link parseManifest} does; throws when invalid. */
export function manifestOf(json: unknown): Manifest {
  const parsed = parseManifest(json);
  if (!parsed.ok) throw new Error(`invalid manifest.json:\n${parsed.errors.join('\n')}`);
  return parsed.manifest;
}
