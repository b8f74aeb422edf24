/**
 * The extract format, version 2 (version 1 still loads): the one definition of every table and column.
 *
 * The demo generator writes tables from it, the validator checks loaded tables against it, the app reads the
 * column names from it, and the README's format section is generated from it (`npm run docs:format`).
 * Nothing here holds a name, ID number, phone, address or free text, and nothing may be added that does.
 */

export const FORMAT_NAME = 'care-atlas-extract';
export const FORMAT_VERSION = 2;
/** Every version the loader reads; a manifest of any other is refused. */
export const FORMAT_VERSIONS = [1, 2] as const;

/**
 * Version 2 partitions the raw tables by county: in an extract of more than one county, the manifest's `tables`
 * gives every table but `regions` as a file-name template holding this placeholder, replaced by each county's code
 * (`children.{county}.parquet` → `children.320682.parquet`), so the app can fetch one county's rows alone.
 */
export const COUNTY_PLACEHOLDER = '{county}';

/**
 * Levels of the top `regions` file of an extract whose manifest has `county_regions`: the township and village
 * rows are then in one file per county (the template `county_regions`, e.g. `regions.{county}.parquet`), fetched
 * with that county's raw files, so that a province opens without every village boundary. Without the field (v1,
 * one-county and earlier multi-county v2 extracts), `regions` holds every level.
 */
export const TOP_REGION_LEVELS = ['province', 'city', 'county'] as const;
/** Levels of a county's own `county_regions` file. */
export const COUNTY_REGION_LEVELS = ['township', 'village'] as const;

/** Logical column types, spelled as DuckDB reports them after Parquet → Arrow → DuckDB. */
export type ColumnType = 'VARCHAR' | 'VARCHAR[]' | 'DATE' | 'BOOLEAN' | 'INTEGER' | 'DOUBLE' | 'BLOB';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** A required column must exist and hold no NULL. */
  readonly required: boolean;
  /** Allowed values (for VARCHAR, and for each element of VARCHAR[]). */
  readonly values?: readonly string[];
  /** A regular expression (anchored) every non-null value must match. */
  readonly pattern?: string;
  /** Another table's key this column refers to: `table.column`. */
  readonly references?: `${string}.${string}`;
  /**
   * Longest value allowed, in characters (VARCHAR). With a `pattern`, the pattern must not allow longer values: the
   * loader looks at lengths only where the pattern fails.
   */
  readonly maxLength?: number;
  /** DATE: the window every non-null value must fall in (see {@link DateWindow}). */
  readonly dates?: DateWindow;
  /** DOUBLE: a longitude or latitude, which must be finite and inside the county's extent (see {@link EXTENT}). */
  readonly coordinate?: 'lng' | 'lat';
  /** BLOB: a boundary, decoded and checked while loading (see {@link GEOMETRY}). */
  readonly geometry?: true;
  readonly zh: string;
  readonly en: string;
}

export interface TableSpec {
  readonly name: TableName;
  readonly file: string;
  /** A required table must be present in every extract; an optional one may be left out. */
  readonly required: boolean;
  readonly key?: readonly string[];
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly ColumnSpec[];
}

export const TABLE_NAMES = [
  'regions',
  'children',
  'colour_assessments',
  'visits',
  'stations',
  'staff',
  'water_points',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Division levels, top down: province (2-digit code), city (4), county (6), township (9), village (12). */
export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
/** The levels an extract may have at its top: one county, or the counties of a city or a province. */
export const TOP_LEVELS = ['county', 'city', 'province'] as const;
export type TopLevel = (typeof TOP_LEVELS)[number];
/** Code length of each level (统计用区划代码: 2 province, 4 city, 6 county, 9 township, 12 village digits). */
export const LEVEL_CODE_LENGTH: Readonly<Record<RegionLevel, number>> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

/** Statistical unit types (统计用区划 城乡分类 simplified). */
export const UNIT_TYPES = ['province', 'city', 'county', 'town', 'street', 'zone', 'village_committee', 'residents_committee', 'other'] as const;

export const CATEGORIES = [
  'orphan_institution',
  'orphan_scattered',
  'de_facto_unsupported',
  'severe_disability_illness',
  'left_behind',
  'other_difficulty',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const COLOURS = ['red', 'yellow', 'blue', 'green'] as const;
export type Colour = (typeof COLOURS)[number];

export const SEXES = ['M', 'F'] as const;
export const AGE_BANDS = ['0-2', '3-5', '6-11', '12-14', '15-17'] as const;
export const ALERTS = ['living_alone_or_missing', 'guardian_unable', 'suspected_violence', 'injury_or_harm'] as const;
export const VISIT_MODES = ['home', 'phone', 'video', 'third_party'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];
export const VISITOR_ROLES = ['child_director', 'supervisor', 'village_cadre', 'social_worker', 'volunteer', 'other'] as const;
export const STATION_KINDS = ['county_centre', 'township_home', 'village_station'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const STAFF_ROLES = ['child_director', 'supervisor'] as const;
export const WATER_TYPES = ['river', 'channel', 'pond', 'lake', 'reservoir', 'other'] as const;

/**
 * A plausible window for a date column: not before `min`, and not after the manifest's `as_of` plus
 * `maxYearsAfterAsOf` years (0: the as-of date itself).
 */
export interface DateWindow {
  readonly min: string;
  readonly maxYearsAfterAsOf: number;
}

/** No record of today's children's care system predates this (its national framework dates from 2016; 2000 leaves room). */
export const EARLIEST_RECORD = '2000-01-01';
/** Something that happened (a visit, an assessment, an enrolment, a training, an inspection): not after the as-of date. */
const HAPPENED: DateWindow = { min: EARLIEST_RECORD, maxYearsAfterAsOf: 0 };
/** An exit may be recorded ahead, e.g. at the 18th birthday of a child now aged 0–2; later than that it is an error. */
const EXIT: DateWindow = { min: EARLIEST_RECORD, maxYearsAfterAsOf: 18 };
/** A welfare institution or care home may predate the 2000s; none predates the People's Republic's welfare system. */
const OPENING: DateWindow = { min: '1950-01-01', maxYearsAfterAsOf: 0 };

/**
 * The county's extent, against which every coordinate (label points, stations, water points, boundary vertices) is
 * checked while loading: the bounding box of the county's own surveyed boundary (the `regions` row of level
 * `county`, `boundary_schematic` not true) grown by `marginKm` on every side, and in any case `china` (WGS84
 * [west, south, east, north], China's land and sea territory). The margin allows for points taken with a coarse
 * picker or an uncorrected GCJ-02 offset (under 1 km) and a station just across the border, and still refuses
 * another county's coordinates. A schematic outline is drawn around the villages' points and is no ground for
 * refusing a point (as in the extract tool), so without a surveyed county boundary only `china` applies; it still
 * refuses zeros and swapped longitude and latitude.
 */
export const EXTENT = {
  china: [73, 3, 136, 54] as const,
  marginKm: 10,
} as const;

/**
 * Boundaries (WKB, see src/extract/wkb.ts) must be 2D Polygon or MultiPolygon with closed rings of at least four
 * positions, finite coordinates inside the county's extent, and at most these many vertices: per boundary, and in
 * the whole `regions` table. A surveyed village boundary simplified for a county map needs a few thousand (the
 * demo's schematic ones 3,490 in all); beyond the budget the map would take seconds per frame and gigabytes of
 * memory, so a larger boundary file must be simplified first (e.g. mapshaper `-simplify`).
 */
export const GEOMETRY = {
  types: ['Polygon', 'MultiPolygon'] as const,
  maxVerticesPerGeometry: 100_000,
  maxVerticesTotal: 1_000_000,
} as const;

/** Longest name of a division, in characters (the longest real ones are about 20). */
export const MAX_NAME_LENGTH = 100;

const CODE_ANY = '[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12}';
const CODE_VILLAGE = '[0-9]{12}';
const CHILD_KEY = '[0-9a-f]{16,64}';
const OPAQUE_ID = '[0-9A-Za-z_-]{1,40}';

export const TABLES: readonly TableSpec[] = [
  {
    name: 'regions',
    file: 'regions.parquet',
    required: true,
    key: ['code'],
    zh: '行政区划：省、市、县、乡镇（街道）、村（社区），GeoParquet；多县数据的乡镇、村可按县分文件（见 county_regions）',
    en: 'Divisions: province and city (v2, when the extract holds their counties), counties, townships, villages/communities; a GeoParquet file (several counties: townships and villages may be one file per county, see county_regions)',
    columns: [
      { name: 'code', type: 'VARCHAR', required: true, pattern: CODE_ANY, maxLength: 12, zh: '统计用区划代码（2/4/6/9/12位）', en: 'statistical division code (2, 4, 6, 9 or 12 digits)' },
      { name: 'name', type: 'VARCHAR', required: true, maxLength: MAX_NAME_LENGTH, zh: '区划名称', en: 'official name of the division' },
      { name: 'level', type: 'VARCHAR', required: true, values: REGION_LEVELS, zh: '层级', en: 'level' },
      { name: 'unit_type', type: 'VARCHAR', required: false, values: UNIT_TYPES, zh: '单位类型（镇/街道/园区/村委会/居委会）', en: 'unit type' },
      { name: 'parent_code', type: 'VARCHAR', required: false, pattern: CODE_ANY, maxLength: 12, references: 'regions.code', zh: '上级区划代码（最高一级为空）', en: 'parent division code (empty at the top level)' },
      { name: 'label_lng', type: 'DOUBLE', required: true, coordinate: 'lng', zh: '标注点经度（WGS84）', en: 'label point longitude, WGS84' },
      { name: 'label_lat', type: 'DOUBLE', required: true, coordinate: 'lat', zh: '标注点纬度（WGS84）', en: 'label point latitude, WGS84' },
      { name: 'geometry', type: 'BLOB', required: false, geometry: true, zh: '边界（WKB，WGS84；可为空）', en: 'boundary as WKB Polygon/MultiPolygon, WGS84; may be NULL' },
      { name: 'boundary_schematic', type: 'BOOLEAN', required: false, zh: '边界是否为示意', en: 'true when the boundary is schematic, not surveyed' },
      { name: 'target_township_homes', type: 'INTEGER', required: false, zh: '目标：达省标关爱之家数（乡镇级）', en: 'target: provincial-standard township care homes (township rows)' },
      { name: 'target_village_stations', type: 'INTEGER', required: false, zh: '目标：村（居）关爱站点数（乡镇级）', en: 'target: village care stations (township rows)' },
    ],
  },
  {
    name: 'children',
    file: 'children.parquet',
    required: true,
    key: ['child_key'],
    zh: '纳入关爱的儿童（匿名）',
    en: 'Children in care, anonymized',
    columns: [
      { name: 'child_key', type: 'VARCHAR', required: true, pattern: CHILD_KEY, maxLength: 64, zh: '加盐单向密钥（HMAC，十六进制）', en: 'salted one-way key (HMAC, hex)' },
      { name: 'village_code', type: 'VARCHAR', required: true, pattern: CODE_VILLAGE, maxLength: 12, references: 'regions.code', zh: '居住地村（社区）代码', en: 'residence village code' },
      { name: 'hukou_village_code', type: 'VARCHAR', required: false, pattern: CODE_VILLAGE, maxLength: 12, zh: '户籍地村（社区）代码（与居住地不同时填写）', en: 'hukou village code, when different from residence' },
      { name: 'categories', type: 'VARCHAR[]', required: true, values: CATEGORIES, zh: '儿童类别（可多选，至少一项）', en: 'categories, one or more' },
      { name: 'sex', type: 'VARCHAR', required: false, values: SEXES, zh: '性别', en: 'sex' },
      { name: 'age_band', type: 'VARCHAR', required: true, values: AGE_BANDS, zh: '年龄段（截至数据日期）', en: 'age band at the as-of date' },
      { name: 'enrolled_on', type: 'DATE', required: false, dates: HAPPENED, zh: '纳入关爱日期', en: 'date the child entered the roll' },
      { name: 'exited_on', type: 'DATE', required: false, dates: EXIT, zh: '退出关爱日期', en: 'date the child left the roll' },
      { name: 'care_agreement', type: 'BOOLEAN', required: false, zh: '已签订委托照护协议（留守儿童）', en: 'care agreement signed (left-behind)' },
      { name: 'pairing_111', type: 'BOOLEAN', required: false, zh: '已落实“1+1+1”结对', en: '1+1+1 pairing in place' },
      { name: 'out_of_school', type: 'BOOLEAN', required: false, zh: '失学辍学', en: 'out of school' },
      { name: 'child_disabled', type: 'BOOLEAN', required: false, zh: '儿童本人残疾', en: 'the child is disabled' },
      { name: 'parent_disabled', type: 'BOOLEAN', required: false, zh: '父母一方或双方残疾', en: 'a parent is disabled' },
      { name: 'behavioural_concern', type: 'BOOLEAN', required: false, zh: '存在心理或行为问题', en: 'psychological or behavioural problems' },
      { name: 'alerts', type: 'VARCHAR[]', required: false, values: ALERTS, zh: '需立即报告的情形', en: 'immediate-report alert flags' },
    ],
  },
  {
    name: 'colour_assessments',
    file: 'colour_assessments.parquet',
    required: true,
    key: ['child_key', 'assessed_on'],
    zh: '四色评估记录（历史）',
    en: 'Four-colour risk assessments, full history',
    columns: [
      { name: 'child_key', type: 'VARCHAR', required: true, pattern: CHILD_KEY, maxLength: 64, references: 'children.child_key', zh: '儿童密钥', en: 'child key' },
      { name: 'assessed_on', type: 'DATE', required: true, dates: HAPPENED, zh: '评估日期', en: 'assessment date' },
      { name: 'colour', type: 'VARCHAR', required: true, values: COLOURS, zh: '风险等级颜色', en: 'risk colour' },
    ],
  },
  {
    name: 'visits',
    file: 'visits.parquet',
    required: true,
    zh: '走访、询访记录',
    en: 'Visits and inquiries',
    columns: [
      { name: 'child_key', type: 'VARCHAR', required: true, pattern: CHILD_KEY, maxLength: 64, references: 'children.child_key', zh: '儿童密钥', en: 'child key' },
      { name: 'visited_on', type: 'DATE', required: true, dates: HAPPENED, zh: '走访日期', en: 'visit date' },
      { name: 'mode', type: 'VARCHAR', required: true, values: VISIT_MODES, zh: '方式（入户/电话/视频/第三方）', en: 'mode' },
      { name: 'visitor_role', type: 'VARCHAR', required: false, values: VISITOR_ROLES, zh: '走访人角色', en: 'visitor role' },
    ],
  },
  {
    name: 'stations',
    file: 'stations.parquet',
    required: false,
    key: ['station_id'],
    zh: '关爱阵地（保护中心、关爱之家、关爱站点）',
    en: 'Care stations',
    columns: [
      { name: 'station_id', type: 'VARCHAR', required: true, pattern: OPAQUE_ID, maxLength: 40, zh: '站点编号', en: 'station id' },
      { name: 'region_code', type: 'VARCHAR', required: true, pattern: CODE_ANY, maxLength: 12, references: 'regions.code', zh: '所在区划代码', en: 'division it serves' },
      { name: 'kind', type: 'VARCHAR', required: true, values: STATION_KINDS, zh: '类型', en: 'kind' },
      { name: 'lng', type: 'DOUBLE', required: false, coordinate: 'lng', zh: '经度（WGS84）', en: 'longitude, WGS84' },
      { name: 'lat', type: 'DOUBLE', required: false, coordinate: 'lat', zh: '纬度（WGS84）', en: 'latitude, WGS84' },
      { name: 'meets_standard', type: 'BOOLEAN', required: false, zh: '达到省级标准', en: 'meets the provincial standard' },
      { name: 'active', type: 'BOOLEAN', required: true, zh: '正常运行', en: 'in operation' },
      { name: 'opened_on', type: 'DATE', required: false, dates: OPENING, zh: '建成日期', en: 'opening date' },
    ],
  },
  {
    name: 'staff',
    file: 'staff.parquet',
    required: false,
    key: ['staff_key'],
    zh: '儿童主任和儿童督导员（匿名）',
    en: 'Child directors and supervisors, anonymized',
    columns: [
      { name: 'staff_key', type: 'VARCHAR', required: true, pattern: OPAQUE_ID, maxLength: 40, zh: '人员编号（匿名）', en: 'anonymous staff key' },
      { name: 'region_code', type: 'VARCHAR', required: true, pattern: CODE_ANY, maxLength: 12, references: 'regions.code', zh: '负责区划代码', en: 'division served' },
      { name: 'role', type: 'VARCHAR', required: true, values: STAFF_ROLES, zh: '角色', en: 'role' },
      { name: 'last_trained_on', type: 'DATE', required: false, dates: HAPPENED, zh: '最近培训日期', en: 'date of the latest training' },
    ],
  },
  {
    name: 'water_points',
    file: 'water_points.parquet',
    required: false,
    key: ['point_id'],
    zh: '防溺水“四个一”点位',
    en: 'Water-safety points (the four items)',
    columns: [
      { name: 'point_id', type: 'VARCHAR', required: true, pattern: OPAQUE_ID, maxLength: 40, zh: '点位编号', en: 'point id' },
      { name: 'village_code', type: 'VARCHAR', required: true, pattern: CODE_VILLAGE, maxLength: 12, references: 'regions.code', zh: '所在村（社区）代码', en: 'village code' },
      { name: 'lng', type: 'DOUBLE', required: true, coordinate: 'lng', zh: '经度（WGS84）', en: 'longitude, WGS84' },
      { name: 'lat', type: 'DOUBLE', required: true, coordinate: 'lat', zh: '纬度（WGS84）', en: 'latitude, WGS84' },
      { name: 'water_type', type: 'VARCHAR', required: false, values: WATER_TYPES, zh: '水域类型', en: 'type of water' },
      { name: 'has_sign', type: 'BOOLEAN', required: true, zh: '有警示牌', en: 'warning sign present' },
      { name: 'has_ring', type: 'BOOLEAN', required: true, zh: '有救生圈', en: 'life ring present' },
      { name: 'has_rope', type: 'BOOLEAN', required: true, zh: '有救生绳', en: 'rescue rope present' },
      { name: 'has_pole', type: 'BOOLEAN', required: true, zh: '有救生杆', en: 'rescue pole present' },
      { name: 'last_inspected_on', type: 'DATE', required: false, dates: HAPPENED, zh: '最近巡查日期', en: 'date of the latest inspection' },
    ],
  },
];

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table ${name}`);
  return spec;
}

/**
 * Column names that must never appear in an extract, whatever a mapping asks: direct identifiers and free text.
 * The validator refuses a table holding any of them.
 */
export const FORBIDDEN_COLUMN_PATTERNS: readonly RegExp[] = [
  /name|姓名/i,
  /id_?(card|number|no)|身份证|证件/i,
  /phone|mobile|tel|电话|手机/i,
  /address|住址|地址/i,
  /school|学校/i,
  /bank|account|银行|账号/i,
  /certificate|证号/i,
  /note|remark|comment|备注|说明/i,
];

/**
 * Allowed exceptions: `regions.name` is a division's official name, not a person's; `out_of_school` is a flag,
 * not a school.
 */
export const FORBIDDEN_COLUMN_EXCEPTIONS: readonly string[] = [
  'regions.name',
  'children.out_of_school',
  // Counts of children in the guardianship aggregate, loaded by the app above the county.
  'agg_guardianship.out_of_school',
  'agg_guardianship.out_of_school_unknown',
  'agg_guardianship.disabled_out_of_school',
];

export const DATUMS = ['WGS84', 'CGCS2000'] as const;

/** One county of an extract, as the version-2 manifest lists it. */
export interface ManifestCounty {
  /** 6-digit county code; its rows are in the files `tables` names, the placeholder replaced by this code. */
  code: string;
  name: string;
  /** The county's own as-of date (ISO); never after the manifest's `as_of`. */
  as_of: string;
  /** Rows of each raw table in this county's partition (absent when read from a version-1 manifest). */
  rows?: Partial<Record<TableName, number>>;
  /** The county's source rows as its extract tool accounted for them (its own manifest's `quality`), when recorded. */
  source_rows?: Partial<Record<TableName, SourceRowCounts>>;
}

/**
 * manifest.json, the extract's table of contents, as `parseManifest` returns it for either version: a version-1
 * manifest gains `area_*` (its county) and a one-county `counties`; a version-2 one gains `county_code` and
 * `county_name`, which then name the extract's top area (a city's 4-digit code for a city extract), the one area the
 * app's single-county screens still show.
 */
export interface Manifest {
  format: typeof FORMAT_NAME;
  format_version: number;
  /** v1: the county. v2: filled in by parseManifest from `area_code` / `area_name`. */
  county_code: string;
  county_name: string;
  /** v2: the level, code and name of the area the extract covers (one county, a city or a province). */
  area_level: TopLevel;
  area_code: string;
  area_name: string;
  /** v2: the counties the extract holds, by code. */
  counties: ManifestCounty[];
  /** v2, with counties of different as-of dates: the rule applied, one Chinese sentence the app can show. */
  as_of_rule?: string;
  /** ISO date (YYYY-MM-DD): the data is as of the end of this day (v2: the latest county's). */
  as_of: string;
  division_code_edition: string;
  datum: (typeof DATUMS)[number];
  synthetic: boolean;
  small_cell_threshold: number;
  source_systems: string[];
  attribution: string[];
  /** Where the targets in `regions` come from, when present. */
  targets_source?: string;
  /** Table name → file name (or, v2, file-name template with {@link COUNTY_PLACEHOLDER}), relative to the manifest. */
  tables: Partial<Record<TableName, string>>;
  /**
   * v2, several counties: the file-name template (with {@link COUNTY_PLACEHOLDER}) of each county's township and
   * village rows of `regions`; `tables.regions` then holds only {@link TOP_REGION_LEVELS}. Absent: one regions file.
   */
  county_regions?: string;
  generated_at?: string;
  /** The aggregate tables made at extract time, when the extract has them (see {@link AGGREGATE_TABLES}). */
  aggregates?: ManifestAggregates;
  /** What the tool that wrote the extract did with the source rows (see {@link ManifestQuality}); absent when not recorded. */
  quality?: ManifestQuality;
}

/** Source rows of one table: `read` = `written` + `merged` + `rejected`. */
export interface SourceRowCounts {
  /** Data rows read from the source files feeding the table. */
  read: number;
  written: number;
  /** Merged into another row as a duplicate (e.g. the same child twice: the latest update wins). */
  merged: number;
  /** Rejected with a reason (the tool's report lists them by file and row). */
  rejected: number;
}

/** manifest.json's optional `quality`: the source rows per table, as the extract tool accounted for them. */
export interface ManifestQuality {
  source_rows: Partial<Record<TableName, SourceRowCounts>>;
}

/** What a writer gives: a version-1 style header (one county); the version-2 fields are derived when omitted. */
export type ManifestHeader = Omit<Manifest, 'tables' | 'area_level' | 'area_code' | 'area_name' | 'counties'> &
  Partial<Pick<Manifest, 'area_level' | 'area_code' | 'area_name' | 'counties'>>;

export interface ManifestFieldSpec {
  readonly name: keyof Manifest;
  readonly type: 'string' | 'number' | 'boolean' | 'string[]' | 'object' | 'object[]';
  readonly required: boolean;
  /** The format versions the field belongs to; every version when absent. */
  readonly versions?: readonly number[];
  /** Longest text allowed, in characters (for string[], of each element). */
  readonly maxLength?: number;
  readonly zh: string;
  readonly en: string;
}

export const MANIFEST_FIELDS: readonly ManifestFieldSpec[] = [
  { name: 'format', type: 'string', required: true, zh: `固定为 ${FORMAT_NAME}`, en: `always "${FORMAT_NAME}"` },
  { name: 'format_version', type: 'number', required: true, zh: '格式版本', en: 'format version (1 or 2)' },
  { name: 'county_code', type: 'string', required: true, versions: [1], zh: '县级区划代码（6位；仅第1版）', en: 'county code, 6 digits (version 1 only)' },
  { name: 'county_name', type: 'string', required: true, versions: [1], maxLength: MAX_NAME_LENGTH, zh: '县（市、区）名称（仅第1版）', en: 'county name (version 1 only)' },
  { name: 'area_level', type: 'string', required: true, versions: [2], zh: '数据覆盖的最高层级：county、city 或 province', en: 'top level of the extract: county, city or province' },
  { name: 'area_code', type: 'string', required: true, versions: [2], zh: '最高层级区划代码（6/4/2位）', en: 'code of the top area (6, 4 or 2 digits)' },
  { name: 'area_name', type: 'string', required: true, versions: [2], maxLength: MAX_NAME_LENGTH, zh: '最高层级区划名称', en: 'name of the top area' },
  { name: 'counties', type: 'object[]', required: true, versions: [2], zh: '所含各县：代码、名称、数据截止日期、各表行数、源数据行（可选）', en: 'the counties held: code, name, as_of, rows per table, source rows per table (optional: read, written, merged, rejected)' },
  { name: 'as_of', type: 'string', required: true, zh: '数据截止日期 YYYY-MM-DD', en: 'as-of date, YYYY-MM-DD (v2: the latest of the counties\')' },
  { name: 'as_of_rule', type: 'string', required: false, versions: [2], maxLength: 500, zh: '各县截止日期不同时采用的规则（可直接显示）', en: 'the rule applied when the counties\' as-of dates differ, a Chinese sentence to show' },
  { name: 'division_code_edition', type: 'string', required: true, maxLength: 20, zh: '区划代码版本（年份）', en: 'division-code edition (year)' },
  { name: 'datum', type: 'string', required: true, zh: '坐标基准（WGS84 或 CGCS2000）', en: 'coordinate datum' },
  { name: 'synthetic', type: 'boolean', required: true, zh: '是否为虚构示例数据', en: 'true for synthetic demo data' },
  { name: 'small_cell_threshold', type: 'number', required: true, zh: '小数抑制阈值（默认5）', en: 'small-cell suppression threshold (default 5)' },
  { name: 'source_systems', type: 'string[]', required: true, maxLength: 200, zh: '来源系统', en: 'source systems' },
  { name: 'attribution', type: 'string[]', required: true, maxLength: 500, zh: '署名与数据来源说明', en: 'attribution lines' },
  { name: 'targets_source', type: 'string', required: false, maxLength: 500, zh: '目标值来源文件与条款', en: 'source of the targets in regions' },
  { name: 'tables', type: 'object', required: true, zh: '表名 → 文件名（多县时除 regions 外为含 {county} 的模板）', en: 'table name → file name (several counties: every table but regions a template with {county})' },
  { name: 'county_regions', type: 'string', required: false, versions: [2], zh: '各县乡镇、村区划的文件名模板（含 {county}）；有此项时 regions 只含省、市、县', en: 'file-name template with {county} of each county\'s township and village rows; with it, regions holds only the province, city and county rows' },
  { name: 'generated_at', type: 'string', required: false, maxLength: 40, zh: '生成时间', en: 'time the extract was written' },
  { name: 'aggregates', type: 'object', required: false, zh: '预先汇总表：表名 → 文件名、月份、走访规则', en: 'aggregate tables made at extract time: files, months, visit profiles' },
  { name: 'quality', type: 'object', required: false, zh: '抽取时各表源数据行：读取、写入、合并、拒绝', en: 'source rows per table as the extract tool accounted for them: read, written, merged, rejected' },
];

/**
 * Aggregate tables, made at extract time by native DuckDB from the raw tables with the measures' own SQL builders
 * (src/measures/aggregates.ts): one long table per theme, one row per region (every level), month of the window
 * and, for visits, built-in visit profile. Optional: an extract without them loads as before, and the app does not
 * read them yet. They are listed in the manifest's `aggregates`, never in `tables`, so the loader's checks of the
 * raw tables are unchanged.
 */
export const AGGREGATE_TABLE_NAMES = ['agg_risk', 'agg_visits', 'agg_stations', 'agg_water', 'agg_guardianship', 'agg_quality'] as const;
export type AggregateTableName = (typeof AGGREGATE_TABLE_NAMES)[number];

export interface AggregateTableSpec extends Omit<TableSpec, 'name' | 'required'> {
  readonly name: AggregateTableName;
  /** The measure builder whose rows the table stacks. */
  readonly measure: string;
}

/** manifest.json's `aggregates`. */
export interface ManifestAggregates {
  /** Aggregate table name → file name, relative to the manifest. */
  tables: Partial<Record<AggregateTableName, string>>;
  /** The months aggregated, oldest first (`YYYY-MM`). */
  months: string[];
  /** Ids of the visit profiles `agg_visits` holds. */
  profiles: string[];
}

const col = (name: string, type: ColumnType, required: boolean, zh: string, en: string): ColumnSpec => ({ name, type, required, zh, en });
const count = (name: string, zh: string, en: string) => col(name, 'INTEGER', true, zh, en);
const share = (name: string, zh: string, en: string) => col(name, 'DOUBLE', false, zh, en);

const AGGREGATE_KEYS: readonly ColumnSpec[] = [
  { name: 'level', type: 'VARCHAR', required: true, values: REGION_LEVELS, zh: '层级', en: 'level of the region' },
  { name: 'region_code', type: 'VARCHAR', required: true, pattern: CODE_ANY, references: 'regions.code', zh: '区划代码', en: 'region code' },
  { name: 'month', type: 'VARCHAR', required: true, pattern: '[0-9]{4}-(0[1-9]|1[0-2])', zh: '月份', en: 'month, YYYY-MM' },
  col('evaluated_on', 'DATE', true, '统计日期（月末，或数据截止日期）', 'date the month is evaluated at: its last day, or the as-of date when earlier'),
];

export const AGGREGATE_TABLES: readonly AggregateTableSpec[] = [
  {
    name: 'agg_risk',
    file: 'agg_risk.parquet',
    measure: 'riskMixSql',
    key: ['level', 'region_code', 'month'],
    zh: '风险分色汇总：各区划各月在册儿童按当前颜色',
    en: 'Risk colours per region and month: children on the roll by current colour',
    columns: [
      ...AGGREGATE_KEYS,
      count('children', '在册儿童', 'children on the roll'),
      count('red', '红色', 'red'),
      count('yellow', '黄色', 'yellow'),
      count('blue', '蓝色', 'blue'),
      count('green', '绿色', 'green'),
      count('ungraded', '未评估', 'never assessed'),
      share('share_red_yellow', '红黄色占比', '(red + yellow) ÷ children; NULL without children'),
      share('share_graded', '四色评估覆盖率', 'graded ÷ children; NULL without children'),
    ],
  },
  {
    name: 'agg_visits',
    file: 'agg_visits.parquet',
    measure: 'visitComplianceSql',
    key: ['profile_id', 'level', 'region_code', 'month'],
    zh: '走访合规汇总：各内置走访规则下各区划各月',
    en: 'Visit compliance per built-in visit profile, region and month',
    columns: [
      col('profile_id', 'VARCHAR', true, '走访规则编号', 'visit profile id'),
      ...AGGREGATE_KEYS,
      count('due', '应访儿童', 'children due a visit in the month'),
      count('compliant', '已合规', 'due children whose visits met the rule'),
      share('rate', '走访合规率', 'compliant ÷ due; NULL when none is due'),
      count('overdue', '逾期未访（截至统计日期）', "overdue at evaluated_on (the month's end, or the as-of date)"),
      count('never_visited', '从未走访（截至统计日期）', 'never visited up to evaluated_on'),
      count('role_excluded_visits', '走访人不符未计入的走访', "visits in the month of an accepted mode not counted because of their visitor's role"),
      count('role_unrecorded_visits', '未记录走访人角色的走访', 'visits in the month with no visitor role recorded (counted or not by the profile)'),
    ],
  },
  {
    name: 'agg_stations',
    file: 'agg_stations.parquet',
    measure: 'stationCoverageSql',
    key: ['level', 'region_code', 'month'],
    zh: '阵地覆盖汇总：各区划各月',
    en: 'Care stations and child directors per region and month',
    columns: [
      ...AGGREGATE_KEYS,
      count('villages', '村（社区）数', 'village-level units'),
      count('villages_with_station', '有关爱站点的村', 'villages with an active village station'),
      count('villages_with_director', '有儿童主任的村', 'villages with a child director'),
      share('share_with_station', '站点覆盖率', 'villages_with_station ÷ villages'),
      share('share_with_director', '儿童主任覆盖率', 'villages_with_director ÷ villages'),
      count('townships_home_ok', '关爱之家达标乡镇', 'townships meeting their care-home target'),
      count('townships', '有关爱之家目标的乡镇', 'townships with a care-home target'),
      col('target_village_stations', 'INTEGER', false, '村级站点目标数', 'village-station target; NULL when none is set'),
      count('active_village_stations', '运行中的村级站点', 'active village stations'),
      share('target_progress', '目标完成率', 'active village stations ÷ target'),
      count('directors', '儿童主任', 'child directors'),
      count('directors_trained', '已培训儿童主任', 'child directors trained this year'),
      count('directors_training_unknown', '培训状态无法判断', 'directors whose latest training postdates evaluated_on (their state then is unknown)'),
      share('training_rate', '培训率', 'directors_trained ÷ directors; NULL when any director is directors_training_unknown'),
      count('children', '在册儿童', 'children on the roll'),
      share('children_per_director', '每名儿童主任服务儿童数', 'children ÷ directors'),
      count('children_no_station', '无站点村的儿童', 'children in villages without a station'),
      count('children_no_director', '无儿童主任村的儿童', 'children in villages without a director'),
    ],
  },
  {
    name: 'agg_water',
    file: 'agg_water.parquet',
    measure: 'waterSafetySql',
    key: ['level', 'region_code', 'month'],
    zh: '防溺水“四个一”汇总：各区划各月',
    en: 'Water-safety points per region and month',
    columns: [
      ...AGGREGATE_KEYS,
      count('interval_days', '巡查间隔（天，设置项）', 'patrol interval applied, in days (a setting)'),
      count('points', '点位数', 'water points'),
      count('complete', '“四个一”齐全点位', 'points with all four items'),
      share('share_complete', '齐全率', 'complete ÷ points'),
      count('missing_sign', '缺警示牌', 'points missing the sign'),
      count('missing_ring', '缺救生圈', 'points missing the ring'),
      count('missing_rope', '缺救生绳', 'points missing the rope'),
      count('missing_pole', '缺救生杆', 'points missing the pole'),
      count('inspection_overdue', '巡查逾期', 'points known to be overdue for a patrol at evaluated_on'),
      count('inspection_unknown', '巡查状态无法判断', 'points whose latest inspection postdates evaluated_on'),
      count('children', '在册儿童', 'children on the roll'),
    ],
  },
  {
    name: 'agg_guardianship',
    file: 'agg_guardianship.parquet',
    measure: 'guardianshipSql',
    key: ['level', 'region_code', 'month'],
    zh: '监护落实汇总：各区划各月（协议、结对、失学辍学为抽取时的填报值）',
    en: 'Guardianship per region and month (agreement, pairing and schooling flags as of the extract)',
    columns: [
      ...AGGREGATE_KEYS,
      count('stale_months', '评估更新间隔（月，设置项）', 'months after which a colour assessment is out of date (a setting, 000 §10)'),
      count('children', '在册儿童', 'children on the roll'),
      count('left_behind', '在册留守儿童', 'left-behind children on the roll'),
      count('agreement_signed', '已签委托照护协议', 'left-behind, care agreement signed'),
      count('agreement_unsigned', '未签委托照护协议', 'left-behind, care agreement not signed'),
      count('agreement_unknown', '协议未填报', 'left-behind, care agreement not filled in'),
      count('agreement_reported', '已填报协议情况', 'signed + unsigned'),
      share('agreement_rate', '委托照护协议签订率', 'signed ÷ (signed + unsigned); NULL when none filled in'),
      count('pairing_done', '已落实“1+1+1”结对', 'left-behind, pairing in place'),
      count('pairing_missing', '未落实结对', 'left-behind, no pairing'),
      count('pairing_unknown', '结对未填报', 'left-behind, pairing not filled in'),
      share('pairing_rate', '“1+1+1”结对落实率', 'done ÷ (done + missing); NULL when none filled in'),
      count('out_of_school', '失学辍学', 'children out of school'),
      count('out_of_school_unknown', '就学情况未填报', 'schooling not filled in'),
      count('disabled_out_of_school', '残疾儿童失学辍学', 'disabled and out of school'),
      count('colour_stale', '评估超过一个季度未更新', 'latest colour older than the interval'),
      count('colour_never', '从未评估', 'never assessed'),
    ],
  },
  {
    name: 'agg_quality',
    file: 'agg_quality.parquet',
    measure: 'qualitySql',
    key: ['level', 'region_code', 'month'],
    zh: '数据质量汇总：各区划各月（站点、点位与区划为抽取时的登记；可选，旧数据包无此表）',
    en: 'Data quality per region and month (stations, water points and regions as registered at extract time; optional: older extracts lack it)',
    columns: [
      ...AGGREGATE_KEYS,
      count('stale_months', '评估更新间隔（月，设置项）', 'months after which a colour assessment is out of date (a setting, 000 §10)'),
      count('children', '在册儿童', 'children on the roll'),
      count('ungraded', '未评估', 'children never assessed'),
      count('stale', '评估超过间隔未更新', 'children whose latest colour is older than stale_months'),
      count('visits_off_roll', '不在册期间的走访', 'visits dated when their child was not on the roll'),
      count('assessments_off_roll', '不在册期间的评估', 'colour assessments dated when their child was not on the roll'),
      count('stations', '关爱阵地', 'stations registered to the region or inside it'),
      count('stations_no_coords', '无坐标的关爱阵地', 'stations without a longitude or latitude'),
      count('water_points', '防溺水点位', 'water points'),
      count('villages', '村（社区）数', 'village-level units'),
      count('villages_no_shape', '无边界的村（社区）', 'village-level units without a boundary'),
      count('townships_no_shape', '无边界的乡镇（街道）', 'township-level units without a boundary'),
      count('virtual_units', '虚拟单位', 'township- and village-level units of unit type other'),
    ],
  },
];
