import { dateLiteral, literal } from './sql';
import { areaFilter, countyToArea, villageToArea, type AreaLevel, type AreaScope } from './areas';
import { DEFAULT_SETTINGS, trainingWindowStart } from '../policy/settings';
import type { StationKind } from '../extract/schema';

export interface StationCoverageParams extends AreaScope {
  /** ISO date: children on the roll that day; trainings on or before it. */
  asOf: string;
  /**
   * ISO date: a child director trained on or after this day (and on or before `asOf`) counts as trained.
   * Default: `trainingWindowStart(DEFAULT_SETTINGS, asOf)`, i.e. 1 January of the year of `asOf`.
   */
  trainedSince?: string;
}

/** One row per area, as returned by {@link stationCoverageSql}. */
export interface StationCoverageRow {
  code: string;
  name: string;
  /** Village-level units (村委会, 居委会/社区, and virtual units) in the area; 1 at village level. */
  villages: number;
  /** Villages with at least one active village station registered to the village itself. */
  villages_with_station: number;
  /** Villages with at least one child director registered to the village itself. */
  villages_with_director: number;
  /** villages_with_station / villages; NULL when villages = 0. */
  share_with_station: number | null;
  /** villages_with_director / villages; NULL when villages = 0. */
  share_with_director: number | null;
  /** Of `townships`, those with at least their target number of active homes meeting the standard. */
  townships_home_ok: number;
  /** Township-level units in the area with a township-home target above 0; 0 at village level. */
  townships: number;
  /** Sum of the township targets for village stations in the area; NULL when none is set (and at village level). */
  target_village_stations: number | null;
  /** Active village stations located in the area (at a village of it, or registered to a township of it). */
  active_village_stations: number;
  /** Active village stations in the area's townships that have a target ÷ the sum of those targets; NULL without target. */
  target_progress: number | null;
  /** Child directors located in the area (registered to a village, a township or the county). */
  directors: number;
  /** Of `directors`, those known to be trained in the training window at `asOf`. */
  directors_trained: number;
  /**
   * Of `directors`, those whose state at `asOf` cannot be known: their latest training is after `asOf`, and the
   * extract keeps only the latest one (0 when `asOf` is the extract's date).
   */
  directors_training_unknown: number;
  /** directors_trained / directors; NULL when directors = 0 or when any director is in `directors_training_unknown`. */
  training_rate: number | null;
  /** Children on the roll at `asOf` living in the area. */
  children: number;
  /** children / directors; NULL when directors = 0. */
  children_per_director: number | null;
  /** Children on the roll living in villages without an active village station. */
  children_no_station: number;
  /** Children on the roll living in villages without a child director. */
  children_no_director: number;
}

/**
 * SQL mapping a row `p` carrying `village_code`, `township_code` and `county_code` (resolved from a region of any level) to the
 * code of its area at `level`; NULL when the row sits above that level (e.g. a township-registered director at
 * village level).
 */
function placedToArea(level: AreaLevel, p: string): string {
  switch (level) {
    case 'village':
      return `${p}.village_code`;
    case 'township':
      return `${p}.township_code`;
    default:
      return countyToArea(level, `${p}.county_code`);
  }
}

/** SQL mapping a township row `t` of `regions` to the code of its area at `level`; NULL at village level. */
function townshipToArea(level: AreaLevel, t: string): string {
  switch (level) {
    case 'village':
      return 'CAST(NULL AS VARCHAR)';
    case 'township':
      return `${t}.code`;
    default:
      return countyToArea(level, `${t}.parent_code`);
  }
}

/** The on-the-roll predicate at `d` (a DATE literal) on a `children` row. */
const onRoll = (d: string, c = 'c') =>
  `(${c}.enrolled_on IS NULL OR ${c}.enrolled_on <= ${d}) AND (${c}.exited_on IS NULL OR ${c}.exited_on > ${d})`;

/**
 * Stations and staff rows located through `regions r`: `village_code` when registered to a village,
 * `township_code` when registered to a village (its township) or to a township, both NULL when registered to
 * the county; `county_code` the county they are in (NULL when registered above any county).
 */
const placedColumns = (r = 'r') =>
  `CASE ${r}.level WHEN 'village' THEN ${r}.code END AS village_code,
    CASE ${r}.level WHEN 'village' THEN ${r}.parent_code WHEN 'township' THEN ${r}.code END AS township_code,
    CASE ${r}.level WHEN 'village' THEN (SELECT k.parent_code FROM regions k WHERE k.code = ${r}.parent_code)
      WHEN 'township' THEN ${r}.parent_code WHEN 'county' THEN ${r}.code END AS county_code`;

/**
 * 阵地覆盖 (station coverage): per area, village stations, township care homes, child directors and their
 * training, against the children on the roll at `asOf`.
 *
 * - A station counts only when `active` and opened on or before `asOf` (or with no opening date). `active` is the
 *   extract's current state: for a past date, a station closed since then still counts. Stations and staff may be registered to a village, a township or the
 *   county code: they count towards every area that contains that region (a township-registered director counts
 *   for the township and the county, never for a village).
 * - Villages are all village-level units, whatever their unit type: village committees, residents' committees
 *   (社区) and virtual units (unit_type `other`, e.g. a farm's or a zone's virtual community) alike.
 * - A village "has a station" when at least one active `village_station` is registered to its own code, and
 *   "has a director" when at least one `child_director` is (supervisors never count).
 * - Township homes: the township-level units whose `target_township_homes` is above 0 are `townships`; one is
 *   `townships_home_ok` when at least that many active `township_home` stations meeting the standard
 *   (`meets_standard` TRUE; NULL counts as not meeting it) are registered to it or to one of its villages.
 * - Targets come from the extract's township rows. `target_village_stations` sums them (NULL when none is set);
 *   `target_progress` is the active village stations in the townships that do have a target ÷ those targets, so a
 *   township without a target adds to neither side. It may exceed 1. Village level has no target: NULL.
 * - A child director is trained when `last_trained_on` lies in [`trainedSince`, `asOf`]. The extract keeps only
 *   the latest training, so when it is after `asOf` (a past date looked at) it hides any earlier one: the
 *   director is neither trained nor untrained but `directors_training_unknown`, and the training rate is not
 *   given (NULL) — a rate over the others would be a different figure.
 * - On the roll at D: `enrolled_on` NULL or ≤ D, and `exited_on` NULL or > D.
 * - Every area of the scope is returned, with zeros when empty; ratios are NULL when their denominator is 0.
 */
export function stationCoverageSql({ level, parentCode, asOf, trainedSince }: StationCoverageParams): string {
  const d = dateLiteral(asOf);
  const since = dateLiteral(trainedSince ?? trainingWindowStart(DEFAULT_SETTINGS, asOf));
  return `WITH roll AS (
  SELECT c.village_code FROM children c WHERE ${onRoll(d)}
), active_stations AS (
  SELECT s.kind, s.meets_standard, ${placedColumns()}
  FROM stations s JOIN regions r ON r.code = s.region_code
  WHERE s.active AND (s.opened_on IS NULL OR s.opened_on <= ${d})
), directors AS (
  SELECT coalesce(f.last_trained_on >= ${since} AND f.last_trained_on <= ${d}, FALSE) AS trained,
    coalesce(f.last_trained_on > ${d}, FALSE) AS training_unknown, ${placedColumns()}
  FROM staff f JOIN regions r ON r.code = f.region_code
  WHERE f.role = 'child_director'
), village_units AS (
  SELECT v.code, v.parent_code,
    EXISTS (SELECT 1 FROM active_stations p WHERE p.village_code = v.code AND p.kind = 'village_station') AS has_station,
    EXISTS (SELECT 1 FROM directors p WHERE p.village_code = v.code) AS has_director,
    (SELECT count(*) FROM roll c WHERE c.village_code = v.code) AS children
  FROM regions v WHERE v.level = 'village'
), by_villages AS (
  SELECT ${villageToArea(level)} AS code,
    count(*) AS villages,
    count(*) FILTER (WHERE v.has_station) AS villages_with_station,
    count(*) FILTER (WHERE v.has_director) AS villages_with_director,
    sum(v.children) AS children,
    coalesce(sum(v.children) FILTER (WHERE NOT v.has_station), 0) AS children_no_station,
    coalesce(sum(v.children) FILTER (WHERE NOT v.has_director), 0) AS children_no_director
  FROM village_units v
  GROUP BY 1
), township_units AS (
  SELECT t.code, t.parent_code, t.target_township_homes, t.target_village_stations,
    (SELECT count(*) FROM active_stations p
     WHERE p.township_code = t.code AND p.kind = 'township_home' AND coalesce(p.meets_standard, FALSE)) AS homes_ok,
    (SELECT count(*) FROM active_stations p WHERE p.township_code = t.code AND p.kind = 'village_station') AS village_stations
  FROM regions t WHERE t.level = 'township'
), by_townships AS (
  SELECT ${townshipToArea(level, 't')} AS code,
    count(*) FILTER (WHERE t.target_township_homes > 0) AS townships,
    count(*) FILTER (WHERE t.target_township_homes > 0 AND t.homes_ok >= t.target_township_homes) AS townships_home_ok,
    sum(t.target_village_stations) AS target_village_stations,
    sum(t.village_stations) FILTER (WHERE t.target_village_stations IS NOT NULL) AS targeted_stations
  FROM township_units t
  GROUP BY 1
), by_stations AS (
  SELECT ${placedToArea(level, 'p')} AS code, count(*) AS active_village_stations
  FROM active_stations p WHERE p.kind = 'village_station'
  GROUP BY 1
), by_directors AS (
  SELECT ${placedToArea(level, 'p')} AS code, count(*) AS directors, count(*) FILTER (WHERE p.trained) AS directors_trained,
    count(*) FILTER (WHERE p.training_unknown) AS directors_training_unknown
  FROM directors p
  GROUP BY 1
)
SELECT a.code, a.name,
  coalesce(bv.villages, 0)::INTEGER AS villages,
  coalesce(bv.villages_with_station, 0)::INTEGER AS villages_with_station,
  coalesce(bv.villages_with_director, 0)::INTEGER AS villages_with_director,
  CASE WHEN bv.villages > 0 THEN bv.villages_with_station::DOUBLE / bv.villages END AS share_with_station,
  CASE WHEN bv.villages > 0 THEN bv.villages_with_director::DOUBLE / bv.villages END AS share_with_director,
  coalesce(bt.townships_home_ok, 0)::INTEGER AS townships_home_ok,
  coalesce(bt.townships, 0)::INTEGER AS townships,
  bt.target_village_stations::INTEGER AS target_village_stations,
  coalesce(bs.active_village_stations, 0)::INTEGER AS active_village_stations,
  CASE WHEN bt.target_village_stations > 0 THEN coalesce(bt.targeted_stations, 0)::DOUBLE / bt.target_village_stations END AS target_progress,
  coalesce(bd.directors, 0)::INTEGER AS directors,
  coalesce(bd.directors_trained, 0)::INTEGER AS directors_trained,
  coalesce(bd.directors_training_unknown, 0)::INTEGER AS directors_training_unknown,
  CASE WHEN bd.directors > 0 AND bd.directors_training_unknown = 0 THEN bd.directors_trained::DOUBLE / bd.directors END AS training_rate,
  coalesce(bv.children, 0)::INTEGER AS children,
  CASE WHEN bd.directors > 0 THEN coalesce(bv.children, 0)::DOUBLE / bd.directors END AS children_per_director,
  coalesce(bv.children_no_station, 0)::INTEGER AS children_no_station,
  coalesce(bv.children_no_director, 0)::INTEGER AS children_no_director
FROM regions a
LEFT JOIN by_villages bv ON bv.code = a.code
LEFT JOIN by_townships bt ON bt.code = a.code
LEFT JOIN by_stations bs ON bs.code = a.code
LEFT JOIN by_directors bd ON bd.code = a.code
WHERE ${areaFilter({ level, parentCode })}
ORDER BY a.code`;
}

export interface VillageGapsParams {
  /** A township code (or the county code) to keep only its villages; all villages when omitted. */
  parentCode?: string | null;
  /** ISO date: children on the roll that day. */
  asOf: string;
}

/** One village lacking a station or a child director, as returned by {@link villageGapsSql}. */
export interface VillageGapRow {
  code: string;
  name: string;
  township_code: string;
  township_name: string;
  has_station: boolean;
  has_director: boolean;
  children: number;
}

/** WHERE condition keeping villages `v` (with township `t`) under `parentCode`, a township or the county. */
function villageUnder(parentCode: string | null | undefined, v = 'v', t = 't'): string {
  if (!parentCode) return 'TRUE';
  return `${literal(parentCode)} IN (${v}.parent_code, ${t}.parent_code)`;
}

/**
 * 缺口村居 (village gaps): the villages without an active village station, or without a child director, or
 * both, with the children on the roll at `asOf` living there: the largest gaps first (children desc, then code).
 * "Has a station" and "has a director" are as in {@link stationCoverageSql}: registered to the village itself.
 */
export function villageGapsSql({ parentCode, asOf }: VillageGapsParams): string {
  const d = dateLiteral(asOf);
  return `WITH gaps AS (
  SELECT v.code, v.name, t.code AS township_code, t.name AS township_name,
    EXISTS (SELECT 1 FROM stations s WHERE s.region_code = v.code AND s.kind = 'village_station' AND s.active
      AND (s.opened_on IS NULL OR s.opened_on <= ${d})) AS has_station,
    EXISTS (SELECT 1 FROM staff f WHERE f.region_code = v.code AND f.role = 'child_director') AS has_director,
    (SELECT count(*) FROM children c WHERE c.village_code = v.code AND ${onRoll(d)})::INTEGER AS children
  FROM regions v JOIN regions t ON t.code = v.parent_code
  WHERE v.level = 'village' AND ${villageUnder(parentCode)}
)
SELECT code, name, township_code, township_name, has_station, has_director, children
FROM gaps
WHERE NOT (has_station AND has_director)
ORDER BY children DESC, code`;
}

export interface StationPointsParams {
  /** A township code (or the county code) to keep only its stations; all stations when omitted. */
  parentCode?: string | null;
}

/** One station with coordinates, as returned by {@link stationPointsSql}. */
export interface StationPointRow {
  station_id: string;
  kind: StationKind;
  region_code: string;
  region_name: string;
  lng: number;
  lat: number;
  active: boolean;
  meets_standard: boolean | null;
}

/**
 * 阵地点位 (station points): every station with both coordinates, active or not, for the map. With a township
 * `parentCode`, the stations registered to that township (its own home) or to one of its villages; with the
 * county code, every station. Ordered county centre → township homes → village stations, then region, then id.
 */
export function stationPointsSql({ parentCode }: StationPointsParams = {}): string {
  const under = parentCode
    ? `AND ${literal(parentCode)} IN (r.code, r.parent_code, t.parent_code)`
    : '';
  return `SELECT s.station_id, s.kind, s.region_code, r.name AS region_name, s.lng, s.lat, s.active, s.meets_standard
FROM stations s
JOIN regions r ON r.code = s.region_code
LEFT JOIN regions t ON t.code = r.parent_code
WHERE s.lng IS NOT NULL AND s.lat IS NOT NULL ${under}
ORDER BY CASE s.kind WHEN 'county_centre' THEN 0 WHEN 'township_home' THEN 1 ELSE 2 END, s.region_code, s.station_id`;
}
