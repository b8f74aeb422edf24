/**
 * Cell values as county spreadsheets really hold them → the extract's values: dates in five spellings and as
 * Excel serials or Date cells, yes/no in a dozen words, coordinates in decimal or degree–minute–second, and the
 * schema's codes from the Chinese words for them (built-in vocabularies a mapping can extend).
 */
import {
  ALERTS,
  CATEGORIES,
  COLOURS,
  SEXES,
  STAFF_ROLES,
  STATION_KINDS,
  UNIT_TYPES,
  VISIT_MODES,
  VISITOR_ROLES,
  WATER_TYPES,
  AGE_BANDS,
} from '../../extract/schema';

/** A cell as read from CSV (always text) or XLSX (text, number, boolean or Date). */
export type RawCell = string | number | boolean | Date | null;

/** Text of a cell, trimmed; '' for empty. Numbers print without exponent where they are integers. */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) && Math.abs(cell) < 1e21 ? cell.toFixed(0) : String(cell);
  return String(cell).trim();
}

export const isBlank = (cell: RawCell): boolean => cellText(cell) === '';

// ---------------------------------------------------------------------------------------------------------------
// Dates

const pad = (n: number): string => String(n).padStart(2, '0');

function isoIfValid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's day 0 in the 1900 date system is 1899-12-30 (which absorbs Lotus's 1900 leap-year bug after March 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_1904_OFFSET_DAYS = 1462;
const DAY_MS = 86_400_000;
/** Serials accepted as dates: 1927-05-18 (10000) to 2119-01-10 (80000); anything else is not a plausible date. */
const SERIAL_MIN = 10_000;
const SERIAL_MAX = 80_000;

function fromSerial(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
  const days = Math.floor(serial) + (date1904 ? EXCEL_1904_OFFSET_DAYS : 0);
  return new Date(EXCEL_EPOCH_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A date as `YYYY-MM-DD`, or null when the cell is not a valid date. Accepts a Date cell (read in UTC, as the XLSX
 * reader returns them), an Excel serial number (1900 system unless `date1904`), and text:
 * 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, a serial as text, each optionally followed by a time.
 */
export function parseDate(cell: RawCell, date1904 = false): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return isoIfValid(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 22001231) return parseDate(String(cell));
    return fromSerial(cell, date1904);
  }
  if (typeof cell === 'boolean') return null;
  const s = cell.normalize('NFKC').trim();
  if (s === '') return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(s);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}(\.\d+)?$/.test(s)) return fromSerial(Number(s), date1904);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers and coordinates

/** A finite number from a cell, or null. Accepts thousands separators and full-width digits. */
export function parseNumber(cell: RawCell): number | null {
  if (cell === null || typeof cell === 'boolean' || cell instanceof Date) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  const s = cell.normalize('NFKC').trim().replace(/,/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** An integer from a cell (e.g. "12", "12.0", "12个"), or null. */
export function parseInteger(cell: RawCell): number | null {
  const direct = parseNumber(cell);
  if (direct !== null) return Number.isInteger(direct) ? direct : null;
  if (typeof cell !== 'string') return null;
  const m = /^\s*(\d+)\s*(个|处|名|人|岁|周岁)?\s*$/.exec(cell.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

/**
 * A longitude or latitude in decimal degrees from a cell: 120.5, "120.5", "东经120.5", "120.5E",
 * "120°30'15.2\"", "120度30分15.2秒". Southern or western hemispheres give negative values.
 */
export function parseCoordinate(cell: RawCell): number | null {
  const direct = parseNumber(cell);
  if (direct !== null) return direct;
  if (typeof cell !== 'string') return null;
  let s = cell.normalize('NFKC').trim().replace(/\s+/g, '');
  let sign = 1;
  if (/^(东经|北纬)/.test(s)) s = s.slice(2);
  else if (/^(西经|南纬)/.test(s)) [s, sign] = [s.slice(2), -1];
  if (/[EN]$/i.test(s)) s = s.slice(0, -1);
  else if (/[WS]$/i.test(s)) [s, sign] = [s.slice(0, -1), -1];
  const plain = parseNumber(s);
  if (plain !== null) return sign * plain;
  const m = /^(\d+(?:\.\d+)?)[°度](?:(\d+(?:\.\d+)?)['′分])?(?:(\d+(?:\.\d+)?)(?:"|″|''|秒))?$/.exec(s);
  if (!m) return null;
  const minutes = Number(m[2] ?? 0);
  const seconds = Number(m[3] ?? 0);
  if (minutes >= 60 || seconds >= 60) return null;
  return sign * (Number(m[1]) + minutes / 60 + seconds / 3600);
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies

/** Normalizes a word for vocabulary lookup: NFKC, whitespace out, lower case, brackets unified. */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .toLowerCase();
}

export type Vocabulary = ReadonlyMap<string, string>;

function vocabulary(codes: readonly string[], words: Record<string, readonly string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const code of codes) map.set(normalizeWord(code), code);
  for (const [code, list] of Object.entries(words)) for (const w of list) map.set(normalizeWord(w), code);
  return map;
}

/** The vocabularies each enumerated target column starts from; the codes themselves always map to themselves. */
export const BUILTIN_VOCABULARIES: Readonly<Record<string, Vocabulary>> = {
  categories: vocabulary(CATEGORIES, {
    orphan_institution: ['集中供养孤儿', '机构供养孤儿', '机构养育孤儿', '福利机构孤儿'],
    orphan_scattered: ['社会散居孤儿', '散居孤儿'],
    de_facto_unsupported: ['事实无人抚养儿童', '事实无人抚养'],
    severe_disability_illness: ['重残重病儿童', '重病重残儿童', '重残儿童', '重病儿童', '重残重病'],
    left_behind: ['农村留守儿童', '留守儿童', '留守'],
    other_difficulty: ['其他困境儿童', '困境儿童', '其他'],
  }),
  colour: vocabulary(COLOURS, {
    red: ['红', '红色', '红色预警', '高风险', '红色(高风险)'],
    yellow: ['黄', '黄色', '黄色预警', '中风险', '较高风险', '黄色(中风险)'],
    blue: ['蓝', '蓝色', '蓝色预警', '低风险', '一般风险', '蓝色(低风险)'],
    green: ['绿', '绿色', '无风险', '良好', '健康成长', '绿色(无风险)'],
  }),
  mode: vocabulary(VISIT_MODES, {
    home: ['入户', '入户走访', '上门', '上门走访', '走访', '实地走访', '面访', '家访'],
    phone: ['电话', '电话询访', '电话访问', '电话回访', '电访'],
    video: ['视频', '视频询访', '微信视频', '视频通话', '微信'],
    third_party: ['第三方', '校园', '学校', '校园询访', '第三方询访', '向学校了解'],
  }),
  visitor_role: vocabulary(VISITOR_ROLES, {
    child_director: ['儿童主任', '村(居)儿童主任', '村儿童主任'],
    supervisor: ['儿童督导员', '督导员', '乡镇儿童督导员'],
    village_cadre: ['村干部', '村(居)干部', '社区干部', '村两委'],
    social_worker: ['社工', '社会工作者', '专业社工'],
    volunteer: ['志愿者'],
    other: ['其他', '其它'],
  }),
  sex: vocabulary(SEXES, { M: ['男', '男性', '1', 'male'], F: ['女', '女性', '2', 'female'] }),
  age_band: vocabulary(AGE_BANDS, {
    '0-2': ['0-2岁', '0至2岁'],
    '3-5': ['3-5岁', '3至5岁'],
    '6-11': ['6-11岁', '6至11岁'],
    '12-14': ['12-14岁', '12至14岁'],
    '15-17': ['15-17岁', '15至17岁'],
  }),
  alerts: vocabulary(ALERTS, {
    living_alone_or_missing: ['独居', '失踪', '独居或失踪', '脱离监护单独居住生活', '失踪或独居'],
    guardian_unable: ['监护人无力监护', '监护人无能力', '监护缺失', '监护人不能履行监护职责', '监护人拒不履行监护职责'],
    suspected_violence: ['疑似遭受暴力', '疑似家暴', '遭受家庭暴力', '家暴'],
    injury_or_harm: ['受到伤害', '受到不法侵害', '意外伤害', '不法侵害'],
  }),
  kind: vocabulary(STATION_KINDS, {
    county_centre: ['未成年人救助保护中心', '救助保护中心', '县级未成年人救助保护中心', '未成年人保护中心'],
    township_home: ['关爱之家', '儿童关爱之家', '未成年人保护工作站', '乡镇未成年人保护工作站', '乡镇关爱之家'],
    village_station: ['儿童关爱站点', '关爱站点', '儿童之家', '村(居)儿童之家', '儿童关爱服务站'],
  }),
  role: vocabulary(STAFF_ROLES, {
    child_director: ['儿童主任', '村(居)儿童主任'],
    supervisor: ['儿童督导员', '督导员'],
  }),
  water_type: vocabulary(WATER_TYPES, {
    river: ['河', '河流', '河道', '江'],
    channel: ['沟渠', '渠', '水渠', '沟', '河沟'],
    pond: ['塘', '池塘', '鱼塘', '水塘', '坑塘'],
    lake: ['湖', '湖泊'],
    reservoir: ['水库'],
    other: ['其他', '其它'],
  }),
  unit_type: vocabulary(UNIT_TYPES, {
    county: ['县', '市', '区', '县级'],
    town: ['镇', '乡'],
    street: ['街道', '街道办事处'],
    zone: ['开发区', '园区', '高新区', '经济开发区'],
    village_committee: ['村委会', '村', '村民委员会'],
    residents_committee: ['居委会', '社区', '社区居委会', '居民委员会'],
    other: ['其他', '农场', '虚拟'],
  }),
};

const TRUE_WORDS = ['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '✔', '已签订', '已签', '已落实', '已结对', '达标', '已达标', '运行', '正常', '在用', '已配备', '配备', '齐全'];
const FALSE_WORDS = ['否', '无', 'n', 'no', 'false', '0', '×', '✗', '✘', '未签订', '未签', '未落实', '未结对', '不达标', '未达标', '停用', '停运', '未运行', '未配备', '缺失', '缺'];

export const BUILTIN_BOOLEANS: Vocabulary = new Map<string, string>([
  ...TRUE_WORDS.map((w): [string, string] => [normalizeWord(w), 'true']),
  ...FALSE_WORDS.map((w): [string, string] => [normalizeWord(w), 'false']),
]);

/** A vocabulary extended by a mapping's own words (which win over the built-in ones). */
export function extendVocabulary(base: Vocabulary | undefined, extra: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const map = new Map(base ?? []);
  for (const [word, code] of Object.entries(extra ?? {})) map.set(normalizeWord(word), code);
  return map;
}

export function lookup(vocab: Vocabulary, word: string): string | undefined {
  return vocab.get(normalizeWord(word));
}

/** Splits a multi-valued cell ("留守儿童、重残重病儿童") into its words. */
export function splitWords(text: string): string[] {
  return text
    .split(/[、,，;；/|＋+\n\r\t ]+/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/** Values that look like a person's identifier, so a report or an output never shows them. */
export function looksIdentifying(text: string): boolean {
  const s = text.normalize('NFKC').replace(/[\s-]/g, '');
  return /\d{15,17}[\dXx]?/.test(s) || /(^|\D)1[3-9]\d{9}($|\D)/.test(s) || /(^|\D)0\d{2,3}\d{7,8}($|\D)/.test(s);
}

/** A cell value safe to quote in the report: masked when it looks identifying, shortened when long. */
export function quoteValue(text: string): string {
  if (looksIdentifying(text)) return '（疑似号码，已隐去）';
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}
