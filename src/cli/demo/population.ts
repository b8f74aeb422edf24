/**
 * The synthetic population of the demo county: children, their colour history, a year of visits, care stations,
 * staff and water-safety points. Pure (regions and options in, rows out, no I/O); every random draw comes from
 * `createRng`, one forked stream per table, so the same seed and options give the same rows.
 *
 * Everything here is invented. No row holds a name, ID number, phone, address or free text; child keys are random
 * hex, not HMACs of real identifiers. The shape follows the domain reference: categories (§3), four colours (§4),
 * monthly visits (§5), stations and people (§6), the four water-safety items (§7).
 */
import {
  AGE_BANDS,
  ALERTS,
  CATEGORIES,
  COLOURS,
  SEXES,
  STAFF_ROLES,
  VISIT_MODES,
  VISITOR_ROLES,
  WATER_TYPES,
  type Category,
  type Colour,
  type StationKind,
  type VisitMode,
} from '../../extract/schema';
import { createRng, hashString, type Rng } from './random';

export type AgeBand = (typeof AGE_BANDS)[number];
export type Sex = (typeof SEXES)[number];
export type Alert = (typeof ALERTS)[number];
export type VisitorRole = (typeof VISITOR_ROLES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];
export type WaterType = (typeof WATER_TYPES)[number];

export interface PopulationRegion {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  unitType: string;
  parentCode: string | null;
  label: [number, number];
}

export interface PopulationOptions {
  seed: number;
  /** ISO date (YYYY-MM-DD): the data is as of the end of this day. */
  asOf: string;
  /** Number of children on the roll (exact, as long as there is at least one village). */
  children: number;
  /** Random point inside a village's cell (or near its label when it has no cell). Provided by the caller. */
  pointIn: (villageCode: string, rng: Rng) => [number, number];
  /** Village-station targets per township code (from the 2021 plan annex), e.g. {'320682116': 35}. */
  villageStationTargets: Record<string, number>;
  /** Townships that lag on visits, agreements and stations, first the worse one (default: 如皋's, LAGGARD_TOWNSHIPS). */
  laggards?: readonly string[];
  /** Townships along rivers, with more water points (default: 如皋's, RIVERSIDE_TOWNSHIPS). */
  riverside?: readonly string[];
  /** Put before station, staff and water-point ids, so that counties merged into one extract keep them unique. */
  idPrefix?: string;
}

export interface ChildRow {
  child_key: string;
  village_code: string;
  hukou_village_code: string | null;
  categories: Category[];
  sex: Sex | null;
  age_band: AgeBand;
  enrolled_on: string | null;
  exited_on: string | null;
  care_agreement: boolean | null;
  pairing_111: boolean | null;
  out_of_school: boolean | null;
  child_disabled: boolean | null;
  parent_disabled: boolean | null;
  behavioural_concern: boolean | null;
  alerts: Alert[];
}

export interface ColourRow {
  child_key: string;
  assessed_on: string;
  colour: Colour;
}

export interface VisitRow {
  child_key: string;
  visited_on: string;
  mode: VisitMode;
  visitor_role: VisitorRole | null;
}

export interface StationRow {
  station_id: string;
  region_code: string;
  kind: StationKind;
  lng: number | null;
  lat: number | null;
  meets_standard: boolean | null;
  active: boolean;
  opened_on: string | null;
}

export interface StaffRow {
  staff_key: string;
  region_code: string;
  role: StaffRole;
  last_trained_on: string | null;
}

export interface WaterPointRow {
  point_id: string;
  village_code: string;
  lng: number;
  lat: number;
  water_type: WaterType | null;
  has_sign: boolean;
  has_ring: boolean;
  has_rope: boolean;
  has_pole: boolean;
  last_inspected_on: string | null;
}

export interface Population {
  children: ChildRow[];
  colour_assessments: ColourRow[];
  visits: VisitRow[];
  stations: StationRow[];
  staff: StaffRow[];
  water_points: WaterPointRow[];
}

/** 江安镇 and 搬经镇: the two townships that lag on visits, agreements and station counts in the demo story. */
export const LAGGARD_TOWNSHIPS: readonly string[] = ['320682113', '320682116'];
/** 长江镇, 江安镇, 九华镇, 石庄镇: the southern townships along the Yangtze, with more open water. */
export const RIVERSIDE_TOWNSHIPS: readonly string[] = ['320682111', '320682113', '320682108', '320682110'];

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const DAY_MS = 86_400_000;
const NO_EXIT = 2_000_000_000;

const dayOf = (y: number, m0: number, d: number): number => Math.floor(Date.UTC(y, m0, d) / DAY_MS);

function parseDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`asOf must be YYYY-MM-DD, got ${iso}`);
  const day = dayOf(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (isoOfDay(day) !== iso) throw new Error(`asOf is not a calendar date: ${iso}`);
  return day;
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number → 'YYYY-MM-DD', each distinct day formatted once and the string shared by every row. */
class DayStrings {
  private readonly base: number;
  private readonly cache: (string | undefined)[];
  constructor(lastDay: number, span: number) {
    this.base = lastDay - span;
    this.cache = new Array<string | undefined>(span + 1);
  }
  get(day: number): string {
    const i = day - this.base;
    if (i < 0 || i >= this.cache.length) return isoOfDay(day);
    let s = this.cache[i];
    if (s === undefined) {
      s = isoOfDay(day);
      this.cache[i] = s;
    }
    return s;
  }
}

/** Normalized cumulative weights, for `pickIndex`. */
function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i] ?? 0;
    c[i] = s;
  }
  for (let i = 0; i < c.length; i++) c[i] = (c[i] ?? 0) / s;
  return c;
}

function pickIndex(cum: Float64Array, u: number): number {
  const last = cum.length - 1;
  for (let i = 0; i < last; i++) if (u < (cum[i] ?? 1)) return i;
  return last;
}

function poisson(lambda: number, u: number): number {
  let p = Math.exp(-lambda);
  let s = p;
  let k = 0;
  while (u > s && k < 50) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const hex8 = (u: number): string => (Math.floor(u * 4294967296) >>> 0).toString(16).padStart(8, '0');

/**
 * A synthetic child key: 16 hex digits from two draws, the first mixed (XOR) with a hash of the county's code.
 * Counties are generated apart and merged later by combine, which refuses a key found in two counties; mulberry32's
 * streams all lie on one cycle of 2^32 draws, so two counties' streams can overlap (the benchmark's 500,000-children
 * province had 1,436 shared keys). The salt keeps the draws (every other column is unchanged) and makes two
 * counties' keys differ even where their streams meet.
 */
function childKey(r: Rng, salt: number): string {
  const high = (Math.floor(r.next() * 4294967296) ^ salt) >>> 0;
  return high.toString(16).padStart(8, '0') + hex8(r.next());
}

function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

/** Fisher–Yates on a copy. */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Domain constants (indices into the schema's lists)

const CAT_OI = CATEGORIES.indexOf('orphan_institution');
const CAT_OS = CATEGORIES.indexOf('orphan_scattered');
const CAT_DF = CATEGORIES.indexOf('de_facto_unsupported');
const CAT_SD = CATEGORIES.indexOf('severe_disability_illness');
const CAT_LB = CATEGORIES.indexOf('left_behind');
const CAT_OD = CATEGORIES.indexOf('other_difficulty');

/** Primary-category shares of the whole roll (institution orphans are placed separately). */
const SHARE = { lb: 0.59, od: 0.155, sd: 0.07, df: 0.075, os: 0.04, oi: 0.01 };
/** Among children who are neither left-behind nor in an institution. */
const NON_LB_CATS = [CAT_OD, CAT_SD, CAT_DF, CAT_OS];
const NON_LB_CUM = cumulative([SHARE.od, SHARE.sd, SHARE.df, SHARE.os]);
const SECOND_CATEGORY_RATE = 0.07;
/** Plausible second categories per primary (orphans are never also left-behind or de-facto unsupported). */
const SECOND: Record<number, { cats: number[]; cum: Float64Array }> = {
  [CAT_LB]: { cats: [CAT_SD, CAT_OD], cum: cumulative([0.55, 0.45]) },
  [CAT_OD]: { cats: [CAT_SD, CAT_LB], cum: cumulative([0.75, 0.25]) },
  [CAT_SD]: { cats: [CAT_LB, CAT_OD, CAT_DF], cum: cumulative([0.3, 0.4, 0.3]) },
  [CAT_DF]: { cats: [CAT_SD], cum: cumulative([1]) },
  [CAT_OS]: { cats: [CAT_SD], cum: cumulative([1]) },
  [CAT_OI]: { cats: [CAT_SD], cum: cumulative([1]) },
};

const BAND_0_2 = AGE_BANDS.indexOf('0-2');
const BAND_15_17 = AGE_BANDS.indexOf('15-17');
/** Left-behind children are under 16 (§3), so never in the 15–17 band. */
const AGE_CUM_LB = cumulative([0.07, 0.17, 0.47, 0.29, 0]);
const AGE_CUM_OTHER = cumulative([0.06, 0.13, 0.36, 0.22, 0.23]);
const AGE_CUM_OI = cumulative([0.05, 0.12, 0.35, 0.23, 0.25]);
/** How far back (years) a child of each band can have been enrolled. */
const AGE_MAX_YEARS_BACK = [2, 4, 7, 8, 8];

const RED = 0;
const YELLOW = 1;
const BLUE = 2;
const GREEN = 3;
/** Latest-colour distribution (red, yellow, blue, green) by category, before the family/behaviour shift. */
const COLOUR_CUM: Record<number, Float64Array> = {
  [CAT_LB]: cumulative([0.006, 0.038, 0.27, 0.686]),
  [CAT_OD]: cumulative([0.013, 0.065, 0.32, 0.602]),
  [CAT_SD]: cumulative([0.024, 0.115, 0.37, 0.491]),
  [CAT_DF]: cumulative([0.035, 0.14, 0.36, 0.465]),
  [CAT_OS]: cumulative([0.018, 0.085, 0.33, 0.567]),
  [CAT_OI]: cumulative([0.004, 0.025, 0.24, 0.731]),
};
const COLOUR_CUM_DEFAULT = cumulative([0.0175, 0.07, 0.3, 0.6125]);
/** Which category decides the colour when a child has two: the riskier one. */
const RISK_ORDER = [CAT_DF, CAT_SD, CAT_OS, CAT_OD, CAT_LB, CAT_OI];

/** Visit-mode mixes (home, phone, video, third_party). */
const MODE_INQUIRY_OK = cumulative([0.65, 0.24, 0.07, 0.04]);
const MODE_INQUIRY_OK_LAG = cumulative([0.57, 0.32, 0.07, 0.04]);
const MODE_IN_PERSON = cumulative([0.88, 0.07, 0.03, 0.02]);
const MODE_IN_PERSON_LAG = cumulative([0.82, 0.12, 0.04, 0.02]);
const MODE_DISABLED = cumulative([0.74, 0.16, 0.06, 0.04]);
const MODE_DISABLED_LAG = cumulative([0.67, 0.22, 0.07, 0.04]);
const MODE_HOME = VISIT_MODES.indexOf('home');

/** Visitor roles in VISITOR_ROLES order: child_director, supervisor, village_cadre, social_worker, volunteer, other. */
const ROLE_CUM_NORMAL = cumulative([0.78, 0.06, 0.08, 0.045, 0.03, 0.005]);
const ROLE_CUM_NO_DIRECTOR = cumulative([0, 0.16, 0.62, 0.12, 0.08, 0.02]);
const ROLE_CUM_INSTITUTION = cumulative([0.3, 0.1, 0, 0.55, 0, 0.05]);

/** Alert flags in ALERTS order. */
const ALERT_CUM = cumulative([0.3, 0.4, 0.15, 0.15]);

/** Water types in WATER_TYPES order: river, channel, pond, lake, reservoir, other. */
const WATER_CUM = cumulative([0.1, 0.38, 0.32, 0.02, 0.03, 0.15]);
const WATER_CUM_RIVERSIDE = cumulative([0.24, 0.36, 0.26, 0.02, 0.02, 0.1]);

// Village kinds
const VC = 0; // village_committee (rural)
const RC_TOWN = 1; // residents_committee in a town
const RC_URBAN = 2; // residents_committee in a street or zone
const VIRTUAL = 3; // farms, institutes and other virtual units
/** Children in a virtual unit: 0, 1, 2 or 3. */
const VIRTUAL_SIZE_CUM = cumulative([0.35, 0.3, 0.2, 0.15]);

interface Town {
  code: string;
  label: [number, number];
  real: boolean;
  laggard: boolean;
  riverside: boolean;
  villages: number[];
  sizeFactor: number;
  lbFactor: number;
  careRate: number;
  pairRate: number;
  neverAssessedRate: number;
  staffGap: boolean;
  waterComplete: number;
  waterStale: number;
  trainRate: number;
}

interface Village {
  code: string;
  town: number;
  kind: number;
  weight: number;
  lbOdds: number;
  size: number;
  institution: number;
  directors: number;
}

interface Month {
  start: number;
  end: number;
  calMonth: number;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Generate the synthetic population of a county from its divisions.
 *
 * `regions` must hold the county (optional), its townships and their villages; every village's parent must be one
 * of the townships. Children live in villages; visits cover the 12 months ending at `asOf`; colour history covers
 * about two years. O(children) in time and memory.
 */
export function generatePopulation(regions: readonly PopulationRegion[], options: PopulationOptions): Population {
  const asOf = parseDay(options.asOf);
  const asOfDate = new Date(asOf * DAY_MS);
  const asOfYear = asOfDate.getUTCFullYear();
  const windowStart = dayOf(asOfYear - 1, asOfDate.getUTCMonth(), asOfDate.getUTCDate()) + 1;
  /** About two years of colour history: whole screening rounds that start after this day. */
  const histStart = asOf - 800;
  const days = new DayStrings(asOf, 12 * 366);
  const n = Math.max(0, Math.floor(options.children));

  const root = createRng(options.seed);
  const rTowns = root.fork('townships');
  const rVillages = root.fork('villages');
  const rChildren = root.fork('children');
  const rAssess = root.fork('colour_assessments');
  const rStations = root.fork('stations');
  const rStaff = root.fork('staff');
  const rVisits = root.fork('visits');
  const rWater = root.fork('water_points');

  // ---- Geography -------------------------------------------------------------------------------------------
  const county = regions.find((r) => r.level === 'county');
  const townRegions = regions.filter((r) => r.level === 'township');
  const laggardCodes = options.laggards ?? LAGGARD_TOWNSHIPS;
  const riversideCodes = options.riverside ?? RIVERSIDE_TOWNSHIPS;
  const serial = (prefix: string, n: number): string => (options.idPrefix ?? '') + prefix + String(n).padStart(4, '0');
  const townIndex = new Map<string, number>();
  const towns: Town[] = townRegions.map((t, i) => {
    townIndex.set(t.code, i);
    const laggard = laggardCodes.includes(t.code);
    return {
      code: t.code,
      label: t.label,
      real: false,
      laggard,
      riverside: riversideCodes.includes(t.code),
      villages: [],
      sizeFactor: clamp(rTowns.normal(1, 0.22), 0.5, 1.6),
      lbFactor: Math.exp(rTowns.normal(0, 0.2)),
      careRate: laggard ? clamp(rTowns.normal(0.8, 0.02), 0.74, 0.85) : clamp(rTowns.normal(0.93, 0.025), 0.87, 0.99),
      pairRate: laggard ? clamp(rTowns.normal(0.82, 0.02), 0.76, 0.87) : clamp(rTowns.normal(0.91, 0.025), 0.85, 0.98),
      neverAssessedRate: laggard ? 0.055 : 0.025,
      staffGap: false,
      waterComplete: clamp(rTowns.normal(0.8, 0.05), 0.68, 0.9),
      waterStale: 0.12,
      trainRate: laggard ? 0.72 : clamp(rTowns.normal(0.88, 0.04), 0.8, 0.97),
    };
  });
  const townUrban = townRegions.map((t) => t.unitType === 'street' || t.unitType === 'zone');

  const villages: Village[] = [];
  for (const r of regions) {
    if (r.level !== 'village') continue;
    const ti = r.parentCode === null ? undefined : townIndex.get(r.parentCode);
    if (ti === undefined) throw new Error(`village ${r.code} has no township parent in regions`);
    const community = townUrban[ti] ? RC_URBAN : RC_TOWN;
    const kind = r.unitType === 'other' ? VIRTUAL : r.unitType === 'residents_committee' ? community : VC;
    const town = at(towns, ti);
    town.villages.push(villages.length);
    villages.push({ code: r.code, town: ti, kind, weight: 0, lbOdds: 0, size: 0, institution: 0, directors: 0 });
  }
  for (let ti = 0; ti < towns.length; ti++) {
    const t = at(towns, ti);
    const typ = at(townRegions, ti).unitType;
    const township = typ === 'town' || typ === 'street' || typ === 'zone';
    t.real = township && t.villages.some((v) => at(villages, v).kind !== VIRTUAL);
  }
  const realTowns = towns.map((_, i) => i).filter((i) => at(towns, i).real);
  const countyCode = county?.code ?? townRegions[0]?.parentCode ?? '';
  const keySalt = hashString(countyCode);

  // The county seat: the '…001' street if present, else the first street, else the first real township.
  const seatTown =
    realTowns.find((i) => at(towns, i).code === `${countyCode}001`) ??
    realTowns.find((i) => at(townRegions, i).unitType === 'street') ??
    realTowns[0] ??
    -1;

  // Township roles in the story, chosen once.
  const laggards = realTowns.filter((i) => at(towns, i).laggard);
  const others = shuffled(
    realTowns.filter((i) => !at(towns, i).laggard && i !== seatTown),
    rTowns,
  );
  const improvingTown = others[0] ?? -1;
  // Gaps in staffing and in water-point upkeep sit in a couple of townships (one in a small county).
  const nGapTowns = realTowns.length >= 6 ? 2 : 1;
  const defined = (i: number | undefined): i is number => i !== undefined;
  const staffGapTowns = new Set([laggards[0] ?? others[1], others[1] ?? others[2]].filter(defined).slice(0, nGapTowns));
  for (const i of staffGapTowns) at(towns, i).staffGap = true;
  const waterBadTowns = new Set([laggards[0] ?? others[2], others[2] ?? others[3]].filter(defined).slice(0, nGapTowns));
  for (const i of waterBadTowns) {
    at(towns, i).waterComplete = clamp(rTowns.normal(0.42, 0.04), 0.34, 0.5);
    at(towns, i).waterStale = 0.32;
  }

  // ---- Village sizes ---------------------------------------------------------------------------------------
  const regularIdx = villages.map((_, i) => i).filter((i) => at(villages, i).kind !== VIRTUAL);
  const KIND_SIZE = [1, 0.8, 0.55, 0];
  const KIND_LB = [1, 0.45, 0.12, 0.3];
  let budget = n;
  for (const v of villages) {
    const t = at(towns, v.town);
    v.weight = v.kind === VIRTUAL ? 0 : t.sizeFactor * (KIND_SIZE[v.kind] ?? 1) * Math.exp(rVillages.normal(0, 0.75));
    v.lbOdds = (KIND_LB[v.kind] ?? 1) * t.lbFactor * Math.exp(rVillages.normal(0, 0.25));
    if (v.kind === VIRTUAL) {
      const k = Math.min(budget, pickIndex(VIRTUAL_SIZE_CUM, rVillages.next()));
      v.size = k;
      budget -= k;
    }
  }
  // Institution orphans: all in one or two urban communities of the county seat, where a welfare home would be.
  const isCommunity = (vi: number): boolean => at(villages, vi).kind === RC_URBAN || at(villages, vi).kind === RC_TOWN;
  const seatCommunities = seatTown >= 0 ? at(towns, seatTown).villages.filter(isCommunity) : [];
  const anyCommunities = villages.map((_, i) => i).filter(isCommunity);
  const instCandidates = shuffled(
    seatCommunities.length > 0 ? seatCommunities : anyCommunities.length > 0 ? anyCommunities : regularIdx,
    rVillages,
  );
  const instVillages = instCandidates.slice(0, instCandidates.length >= 2 && rVillages.chance(0.6) ? 2 : 1);
  if (instVillages.length > 0) {
    let inst = Math.min(budget, Math.round(n * SHARE.oi));
    budget -= inst;
    const share = instVillages.length === 2 ? Math.round(inst * 0.7) : inst;
    at(villages, at(instVillages, 0)).institution = share;
    inst -= share;
    if (instVillages.length === 2) at(villages, at(instVillages, 1)).institution = inst;
  }
  // The rest by largest remainder over the skewed weights, at least one child per village when there are enough.
  const regular = villages.filter((v) => v.kind !== VIRTUAL);
  if (regular.length > 0) {
    const floor1 = budget >= 2 * regular.length ? 1 : 0;
    const rest = budget - floor1 * regular.length;
    const totalW = regular.reduce((s, v) => s + v.weight, 0);
    const rema: { v: Village; r: number }[] = [];
    let given = 0;
    for (const v of regular) {
      const exact = (rest * v.weight) / totalW;
      const k = Math.floor(exact);
      v.size += floor1 + k;
      given += floor1 + k;
      rema.push({ v, r: exact - k });
    }
    rema.sort((a, b) => b.r - a.r);
    for (let i = 0; given < budget; i++, given++) at(rema, i % rema.length).v.size++;
  } else if (budget > 0) {
    // Only virtual units: put everyone there.
    for (let i = 0; budget > 0 && villages.length > 0; i++, budget--) at(villages, i % villages.length).size++;
  }

  // Left-behind odds: scale so the county-wide share of left-behind children hits its target.
  const lbTarget = SHARE.lb / (1 - SHARE.oi);
  const sizedTotal = villages.reduce((s, v) => s + v.size, 0);
  let lo = -12;
  let hi = 12;
  for (let it = 0; it < 60 && sizedTotal > 0; it++) {
    const mid = (lo + hi) / 2;
    const a = Math.exp(mid);
    let lb = 0;
    for (const v of villages) lb += (v.size * a * v.lbOdds) / (1 + a * v.lbOdds);
    if (lb / sizedTotal < lbTarget) lo = mid;
    else hi = mid;
  }
  const lbScale = Math.exp((lo + hi) / 2);

  // ---- Children ----------------------------------------------------------------------------------------------
  const total = sizedTotal + villages.reduce((s, v) => s + v.institution, 0);
  const children: ChildRow[] = new Array<ChildRow>(total);
  const cVillage = new Int32Array(total);
  const cEnrol = new Int32Array(total);
  const cExit = new Int32Array(total);
  const cLatent = new Uint8Array(total);
  /** 0: inquiry allowed (left-behind, other), 1: in person (orphans, de facto unsupported), 2: severe disability. */
  const cModeGroup = new Uint8Array(total);
  const cNeedsMore = new Uint8Array(total);
  const cInstitution = new Uint8Array(total);
  const keys = new Set<string>();
  const newRate0 = 0.2;
  const newRate = 0.07;
  const campaignStart = dayOf(asOfYear - 5, 2, 1);
  const campaignEnd = dayOf(asOfYear - 5, 4, 31);

  let ci = 0;
  for (let vi = 0; vi < villages.length; vi++) {
    const v = at(villages, vi);
    const town = at(towns, v.town);
    const pLb = (lbScale * v.lbOdds) / (1 + lbScale * v.lbOdds);
    const count = v.size + v.institution;
    for (let j = 0; j < count; j++, ci++) {
      const r = rChildren;
      const institution = j >= v.size;
      // Categories
      const primary = institution
        ? CAT_OI
        : r.next() < pLb
          ? CAT_LB
          : at(NON_LB_CATS, pickIndex(NON_LB_CUM, r.next()));
      const cats = [primary];
      if (r.next() < SECOND_CATEGORY_RATE) {
        const s = SECOND[primary];
        if (s) cats.push(at(s.cats, pickIndex(s.cum, r.next())));
      }
      const second = cats[1] ?? -1;
      const isLb = primary === CAT_LB || second === CAT_LB;
      const severe = primary === CAT_SD || second === CAT_SD;
      const defacto = primary === CAT_DF || second === CAT_DF;
      const orphan = primary === CAT_OI || primary === CAT_OS;
      // Age and sex
      const band = pickIndex(isLb ? AGE_CUM_LB : primary === CAT_OI ? AGE_CUM_OI : AGE_CUM_OTHER, r.next());
      const sex: Sex = r.next() < (isLb ? 0.54 : 0.53) ? 'M' : 'F';
      // Enrolment and exit
      let enrol: number;
      if (r.next() < (band === BAND_0_2 ? newRate0 : newRate)) {
        enrol = windowStart + Math.floor(r.next() * (asOf - windowStart + 1));
      } else {
        const maxBack = (AGE_MAX_YEARS_BACK[band] ?? 8) * 365;
        const earliest = asOf - maxBack;
        if (earliest <= campaignStart && r.next() < 0.12) {
          enrol = campaignStart + Math.floor(r.next() * (campaignEnd - campaignStart + 1));
        } else {
          const span = Math.max(1, windowStart - 1 - earliest);
          enrol = windowStart - 1 - Math.floor(Math.pow(r.next(), 1.4) * span);
        }
      }
      let exit = NO_EXIT;
      const pExit = isLb ? 0.035 : band === BAND_15_17 ? 0.12 : 0.02;
      if (r.next() < pExit) {
        const from = Math.max(windowStart, enrol + 60);
        if (from < asOf) exit = from + Math.floor(r.next() * (asOf - from));
      }
      // Flags
      const childDisabled = severe ? r.next() < 0.85 : r.next() < (primary === CAT_OD ? 0.04 : 0.012);
      const parentDisabled = r.next() < (defacto ? 0.45 : 0.07);
      const behaviour = r.next() < (defacto || orphan ? 0.09 : isLb ? 0.05 : 0.04);
      const schoolAge = band > 1;
      const outOfSchool = schoolAge ? r.next() < (childDisabled ? 0.025 : band >= 3 ? 0.005 : 0.0012) : null;
      // Latent (latest) colour: the riskier category, one step worse now and then for family or behaviour.
      const riskCat = second >= 0 && RISK_ORDER.indexOf(second) < RISK_ORDER.indexOf(primary) ? second : primary;
      let colour = pickIndex(COLOUR_CUM[riskCat] ?? COLOUR_CUM_DEFAULT, r.next());
      if ((childDisabled || parentDisabled || behaviour) && colour > RED && r.next() < 0.22) colour--;
      // Alerts: rare, mostly among red children, never on children who have left.
      const alerts: Alert[] = [];
      const pAlert = colour === RED ? 0.25 : colour === YELLOW ? 0.03 : 0.004;
      if (exit === NO_EXIT && r.next() < pAlert) alerts.push(at(ALERTS, pickIndex(ALERT_CUM, r.next())));
      // Hukou elsewhere for about one child in ten, mostly within the same township.
      let hukou: string | null = null;
      if (!institution && r.next() < 0.1) {
        const pool = r.next() < 0.7 ? town.villages.filter((x) => at(villages, x).kind !== VIRTUAL) : regularIdx;
        if (pool.length > 1) {
          let h = at(pool, Math.floor(r.next() * pool.length));
          if (h === vi) h = at(pool, (pool.indexOf(h) + 1) % pool.length);
          hukou = at(villages, h).code;
        }
      }
      let key = childKey(r, keySalt);
      while (keys.has(key)) key = childKey(r, keySalt);
      keys.add(key);

      children[ci] = {
        child_key: key,
        village_code: v.code,
        hukou_village_code: hukou,
        categories: cats.map((c) => at(CATEGORIES, c)),
        sex,
        age_band: at(AGE_BANDS, band),
        enrolled_on: days.get(enrol),
        exited_on: exit === NO_EXIT ? null : days.get(exit),
        care_agreement: isLb ? r.next() < town.careRate : null,
        pairing_111: isLb ? r.next() < town.pairRate : null,
        out_of_school: outOfSchool,
        child_disabled: childDisabled,
        parent_disabled: parentDisabled,
        behavioural_concern: behaviour,
        alerts,
      };
      cVillage[ci] = vi;
      cEnrol[ci] = enrol;
      cExit[ci] = exit;
      cLatent[ci] = colour;
      cModeGroup[ci] = orphan || defacto ? 1 : severe ? 2 : 0;
      cNeedsMore[ci] = childDisabled || parentDisabled || behaviour ? 1 : 0;
      cInstitution[ci] = institution ? 1 : 0;
    }
  }

  // ---- Colour assessments --------------------------------------------------------------------------------------
  // Two screenings a year (一年两排): spring (Mar–Apr) and autumn (Sep–Oct), plus an intake grading on enrolment.
  const rounds: [number, number][] = [];
  for (let y = asOfYear - 3; y <= asOfYear; y++) {
    for (const [m0, m1] of [
      [2, 4],
      [8, 10],
    ] as const) {
      const s = Math.max(dayOf(y, m0, 1), histStart);
      const e = Math.min(dayOf(y, m1, 0), asOf);
      if (s <= e) rounds.push([s, e]);
    }
  }
  const colourAssessments: ColourRow[] = [];
  const aStart = new Int32Array(total + 1);
  const aDay: number[] = [];
  const aColour: number[] = [];
  const kCum = cumulative([0.12, 0.3, 0.36, 0.22]);
  const dates: number[] = [];
  for (let c = 0; c < total; c++) {
    const r = rAssess;
    aStart[c] = aDay.length;
    const enrol = cEnrol[c] ?? 0;
    const exit = cExit[c] ?? NO_EXIT;
    const s = Math.max(histStart, enrol);
    const e = Math.min(asOf, exit);
    const town = at(towns, at(villages, cVillage[c] ?? 0).town);
    const recent = asOf - enrol < 75;
    if (s > e || r.next() < (recent ? 0.4 : town.neverAssessedRate)) continue;
    const latent = cLatent[c] ?? GREEN;
    let k = 1 + pickIndex(kCum, r.next());
    if (latent <= YELLOW && k < 4 && r.next() < 0.5) k++;
    dates.length = 0;
    if (enrol >= histStart && enrol <= e) dates.push(Math.min(e, enrol + Math.floor(r.next() * 21)));
    for (let ri = rounds.length - 1; ri >= 0 && dates.length < k; ri--) {
      const [rs, re] = at(rounds, ri);
      const a = Math.max(rs, s);
      const b = Math.min(re, e);
      if (a > b) continue;
      if (r.next() < (ri === rounds.length - 1 ? 0.85 : 0.75)) dates.push(a + Math.floor(r.next() * (b - a + 1)));
    }
    if (dates.length === 0) dates.push(s + Math.floor(r.next() * (e - s + 1)));
    dates.sort((x, y) => x - y);
    // Red now: often graded red at an extra assessment this quarter, after a yellow.
    let yellowToRed = false;
    const lastDate = dates[dates.length - 1] ?? s;
    if (latent === RED && dates.length < 4 && r.next() < 0.15) {
      const a = Math.max(lastDate + 1, asOf - 89, s);
      if (a <= e) {
        dates.push(a + Math.floor(r.next() * (e - a + 1)));
        yellowToRed = true;
      }
    }
    // Distinct days, ascending; colours walk backwards from the latest one.
    let prevDay = -1;
    const first = aDay.length;
    for (const d of dates) {
      if (d <= prevDay) continue;
      aDay.push(d);
      aColour.push(0);
      prevDay = d;
    }
    let col = latent;
    for (let i = aDay.length - 1; i >= first; i--) {
      aColour[i] = col;
      if (i === aDay.length - 1 && yellowToRed) {
        col = YELLOW;
        continue;
      }
      const u = r.next();
      if (col === RED) col = u < 0.75 ? RED : YELLOW;
      else if (col === GREEN) col = u < 0.86 ? GREEN : BLUE;
      else col = u < 0.72 ? col : u < 0.88 ? col + 1 : col - 1;
    }
    const key = at(children, c).child_key;
    for (let i = first; i < aDay.length; i++) {
      colourAssessments.push({
        child_key: key,
        assessed_on: days.get(aDay[i] ?? asOf),
        colour: at(COLOURS, aColour[i] ?? GREEN),
      });
    }
  }
  aStart[total] = aDay.length;

  // ---- Stations ----------------------------------------------------------------------------------------------
  const stations: StationRow[] = [];
  const openFrom = asOf - 30 > dayOf(2020, 0, 1) ? dayOf(2019, 0, 1) : asOf - 3 * 365;
  const openSpan = Math.max(1, asOf - 30 - openFrom);
  const stationId = (): string => serial('ST', stations.length + 1);
  // Most village stations were built under the 2021 plan (roughly 2020–2022); the rest before or since.
  const planShare = (r: Rng): number => (r.next() < 0.65 ? 0.2 + 0.3 * r.next() : r.next());
  if (seatTown >= 0) {
    const t = at(towns, seatTown);
    stations.push({
      station_id: stationId(),
      region_code: t.code,
      kind: 'county_centre',
      lng: round6(t.label[0] + 0.004),
      lat: round6(t.label[1] - 0.003),
      meets_standard: true,
      active: true,
      opened_on: days.get(openFrom + Math.floor(rStations.next() * Math.min(openSpan, 365))),
    });
  }
  const inactiveHomes = new Set(
    shuffled(
      realTowns.filter((i) => i !== seatTown),
      rStations,
    ).slice(0, realTowns.length >= 8 ? 2 : 1),
  );
  for (const ti of realTowns) {
    const t = at(towns, ti);
    const candidates = t.villages.filter((x) => at(villages, x).kind !== VIRTUAL);
    const central = candidates.filter((x) => at(villages, x).kind !== VC);
    const host = at(villages, rStations.pick(central.length > 0 ? central : candidates));
    const [lng, lat] = options.pointIn(host.code, rStations);
    const active = !inactiveHomes.has(ti);
    stations.push({
      station_id: stationId(),
      region_code: t.code,
      kind: 'township_home',
      lng: round6(lng),
      lat: round6(lat),
      meets_standard: active && rStations.next() < 0.82,
      active,
      opened_on: days.get(openFrom + Math.floor(Math.pow(rStations.next(), 1.5) * openSpan * 0.6)),
    });
  }
  // Village stations: the annex target less a shortfall in three or four townships (the laggards among them).
  const nShort = Math.min(4, Math.round(realTowns.length * 0.25));
  const shortTowns = new Set(
    laggards.concat(shuffled(realTowns.filter((i) => !at(towns, i).laggard), rStations)).slice(0, nShort),
  );
  for (const ti of realTowns) {
    const t = at(towns, ti);
    const eligible = t.villages.filter((x) => at(villages, x).kind !== VIRTUAL);
    const target = options.villageStationTargets[t.code] ?? eligible.length;
    const shortfall = shortTowns.has(ti) ? rStations.int(1, 4) : 0;
    const count = clamp(Math.min(target, eligible.length) - shortfall, 0, eligible.length);
    // Small villages are the ones more often still without a station.
    const order = eligible
      .map((x) => ({ x, k: rStations.next() * Math.sqrt(at(villages, x).weight) }))
      .sort((a, b) => b.k - a.k)
      .slice(0, count)
      .map((o) => o.x)
      .sort((a, b) => a - b);
    for (const x of order) {
      const v = at(villages, x);
      const [lng, lat] = options.pointIn(v.code, rStations);
      const active = rStations.next() >= 0.03;
      const u = rStations.next();
      stations.push({
        station_id: stationId(),
        region_code: v.code,
        kind: 'village_station',
        lng: round6(lng),
        lat: round6(lat),
        meets_standard: active ? u < (t.laggard ? 0.8 : 0.92) : u < 0.2,
        active,
        opened_on: days.get(openFrom + Math.floor(planShare(rStations) * openSpan)),
      });
    }
  }

  // ---- Staff -------------------------------------------------------------------------------------------------
  const staff: StaffRow[] = [];
  const yearStart = dayOf(asOfYear, 0, 1);
  const sessionFrom = Math.min(yearStart + 30, asOf);
  const sessions = [0, 1, 2, 3]
    .map(() => sessionFrom + Math.floor(rStaff.next() * Math.max(1, asOf - 7 - sessionFrom)))
    .sort((a, b) => a - b);
  const trained = (rate: number): string | null => {
    const u = rStaff.next();
    if (u < rate) {
      return days.get(
        rStaff.next() < 0.8
          ? rStaff.pick(sessions)
          : yearStart + Math.floor(rStaff.next() * (asOf - yearStart + 1)),
      );
    }
    if (u >= 0.975) return null;
    const twoYearsBack = dayOf(asOfYear - 2, 0, 1);
    return days.get(twoYearsBack + Math.floor(rStaff.next() * (yearStart - twoYearsBack)));
  };
  const noSupervisor = realTowns.length >= 3 ? rStaff.pick(realTowns) : -1;
  for (const ti of realTowns) {
    if (ti === noSupervisor) continue;
    const t = at(towns, ti);
    const last = trained(t.trainRate);
    staff.push({
      staff_key: serial('SF', staff.length + 1),
      region_code: t.code,
      role: 'supervisor',
      last_trained_on: last,
    });
  }
  const sortedSizes = regular.map((v) => v.size + v.institution).sort((a, b) => a - b);
  const median = sortedSizes[Math.floor(sortedSizes.length / 2)] ?? 0;
  const bigVillage = Math.max(30, 2 * median);
  // About 4% of villages without a child director, most of them in the staff-gap townships.
  const vacant = new Set<Village>();
  {
    const k = Math.round(0.04 * regular.length);
    const inGap = shuffled(
      regular.filter((v) => at(towns, v.town).staffGap),
      rStaff,
    );
    const kGap = Math.min(inGap.length, k - Math.round(k * 0.2));
    for (const v of inGap.slice(0, kGap)) vacant.add(v);
    for (const v of shuffled(regular, rStaff)) {
      if (vacant.size >= k) break;
      vacant.add(v);
    }
  }
  for (const v of villages) {
    const t = at(towns, v.town);
    let k: number;
    if (v.kind === VIRTUAL) k = rStaff.next() < 0.6 ? 1 : 0;
    else if (vacant.has(v)) k = 0;
    else k = v.size + v.institution >= bigVillage ? 2 : 1;
    v.directors = k;
    for (let i = 0; i < k; i++) {
      const last = trained(t.trainRate);
      staff.push({
        staff_key: serial('SF', staff.length + 1),
        region_code: v.code,
        role: 'child_director',
        last_trained_on: last,
      });
    }
  }

  // ---- Visits ------------------------------------------------------------------------------------------------
  // Months of the 12-month window, clipped to the window at both ends.
  const months: Month[] = [];
  {
    const ws = new Date(windowStart * DAY_MS);
    for (let m = 0; ; m++) {
      const start = Math.max(windowStart, dayOf(ws.getUTCFullYear(), ws.getUTCMonth() + m, 1));
      if (start > asOf) break;
      const end = Math.min(asOf, dayOf(ws.getUTCFullYear(), ws.getUTCMonth() + m + 1, 0));
      months.push({ start, end, calMonth: new Date(start * DAY_MS).getUTCMonth() + 1 });
    }
  }
  const nm = months.length;
  // Compliance propensity per township and month: most 93–98%, laggards 80–88%, one township improving all year;
  // dips at the Spring Festival (February) and in August.
  const townMonthP = new Float64Array(towns.length * nm);
  for (let ti = 0; ti < towns.length; ti++) {
    const t = at(towns, ti);
    const base = t.laggard
      ? clamp(rTowns.normal(t.code === laggardCodes[1] ? 0.83 : 0.86, 0.01), 0.8, 0.88)
      : 0.93 + rTowns.next() * 0.05;
    for (let m = 0; m < nm; m++) {
      const mo = at(months, m);
      let p = ti === improvingTown ? 0.84 + ((0.97 - 0.84) * m) / Math.max(1, nm - 1) : base;
      if (mo.calMonth === 2) p -= 0.08;
      else if (mo.calMonth === 8) p -= 0.035;
      else if (mo.calMonth === 1) p -= 0.01;
      townMonthP[ti * nm + m] = clamp(p, 0, 1);
    }
  }
  const visits: VisitRow[] = [];
  for (let c = 0; c < total; c++) {
    const r = rVisits;
    const vi = cVillage[c] ?? 0;
    const v = at(villages, vi);
    const ti = v.town;
    const lag = at(towns, ti).laggard;
    const enrol = cEnrol[c] ?? 0;
    const exit = cExit[c] ?? NO_EXIT;
    // A few children are never reached all year; some are hard to reach.
    const u0 = r.next();
    if (u0 < (lag ? 0.02 : 0.008)) continue;
    const offset = u0 < 0.09 ? -0.12 : 0.0105;
    const group = cModeGroup[c] ?? 0;
    const modeCum =
      group === 1
        ? lag
          ? MODE_IN_PERSON_LAG
          : MODE_IN_PERSON
        : group === 2
          ? lag
            ? MODE_DISABLED_LAG
            : MODE_DISABLED
          : lag
            ? MODE_INQUIRY_OK_LAG
            : MODE_INQUIRY_OK;
    const roleCum = cInstitution[c] ? ROLE_CUM_INSTITUTION : v.directors === 0 ? ROLE_CUM_NO_DIRECTOR : ROLE_CUM_NORMAL;
    const needsMore = cNeedsMore[c] === 1;
    const key = at(children, c).child_key;
    let ap = aStart[c] ?? 0;
    const aEnd = aStart[c + 1] ?? ap;
    for (let m = 0; m < nm; m++) {
      const mo = at(months, m);
      const a = Math.max(mo.start, enrol);
      const b = Math.min(mo.end, exit);
      if (a > b) continue;
      while (ap < aEnd && (aDay[ap] ?? 0) <= mo.start) ap++;
      const colour = ap > (aStart[c] ?? 0) ? (aColour[ap - 1] ?? BLUE) : BLUE;
      if (r.next() >= (townMonthP[ti * nm + m] ?? 0) + offset) continue;
      let k = 1;
      const u = r.next();
      if (colour === RED) k += u < 0.25 ? 2 : u < 0.75 ? 1 : 0;
      else if (colour === YELLOW) k += u < 0.05 ? 2 : u < 0.4 ? 1 : 0;
      else if (needsMore) k += u < 0.15 ? 1 : 0;
      else k += u < 0.04 ? 1 : 0;
      const len = b - a + 1;
      if (k > len) k = len;
      for (let j = 0; j < k; j++) {
        const sa = a + Math.floor((j * len) / k);
        const sb = a + Math.floor(((j + 1) * len) / k) - 1;
        let d = k === 1 && r.next() < 0.22 ? Math.max(sa, sb - 6) : sa;
        d += Math.floor(r.next() * (sb - d + 1));
        // Fewer visits on Sundays: move most of them to the next or previous day.
        if ((d + 4) % 7 === 0 && r.next() < 0.6) d = r.next() < 0.5 ? (d > sa ? d - 1 : d) : d < sb ? d + 1 : d;
        const mode = j === 0 && colour <= YELLOW && r.next() < 0.85 ? MODE_HOME : pickIndex(modeCum, r.next());
        visits.push({
          child_key: key,
          visited_on: days.get(d),
          mode: at(VISIT_MODES, mode),
          visitor_role: r.next() < 0.003 ? null : at(VISITOR_ROLES, pickIndex(roleCum, r.next())),
        });
      }
    }
  }

  // ---- Water points ------------------------------------------------------------------------------------------
  const water: WaterPointRow[] = [];
  const KIND_WATER = [1.2, 0.35, 0.08, 0.3];
  const KIND_WATER_CAP = [4, 2, 1, 1];
  for (const v of villages) {
    const t = at(towns, v.town);
    const lambda = (KIND_WATER[v.kind] ?? 0) * (t.riverside ? (v.kind === VC ? 1.9 : 1.6) : 1);
    const k = Math.min(KIND_WATER_CAP[v.kind] ?? 0, poisson(lambda, rWater.next()));
    for (let i = 0; i < k; i++) {
      const [lng, lat] = options.pointIn(v.code, rWater);
      const type = at(WATER_TYPES, pickIndex(t.riverside ? WATER_CUM_RIVERSIDE : WATER_CUM, rWater.next()));
      let sign = true;
      let ring = true;
      let rope = true;
      let pole = true;
      if (rWater.next() >= t.waterComplete) {
        sign = rWater.next() >= 0.15;
        ring = rWater.next() >= 0.45;
        rope = rWater.next() >= 0.5;
        pole = rWater.next() >= 0.72;
        if (sign && ring && rope && pole) pole = false;
      }
      const u = rWater.next();
      let inspected: number | null;
      if (u < 0.03) inspected = null;
      else if (u < 0.03 + t.waterStale) inspected = asOf - 91 - Math.floor(rWater.next() * 300);
      else if (u < 0.08 + t.waterStale) inspected = asOf - 61 - Math.floor(rWater.next() * 30);
      else inspected = asOf - Math.floor(Math.pow(rWater.next(), 1.3) * 61);
      water.push({
        point_id: serial('WP', water.length + 1),
        village_code: v.code,
        lng: round6(lng),
        lat: round6(lat),
        water_type: type,
        has_sign: sign,
        has_ring: ring,
        has_rope: rope,
        has_pole: pole,
        last_inspected_on: inspected === null ? null : days.get(inspected),
      });
    }
  }

  return { children, colour_assessments: colourAssessments, visits, stations, staff, water_points: water };
}
