/**
 * 站点规划 (station what-if plan): the figures of {@link stationCoverageSql} before and after a plan of actions
 * on villages. There is no second definition of coverage here: the "after" figures are the same builder run with
 * the `stations` and `staff` tables shadowed by views that add what the plan builds.
 */
import { dateLiteral, literal } from './sql';
import { type AreaScope } from './areas';
import { stationCoverageSql } from './station-coverage';
import { DEFAULT_SETTINGS, type CoverageTargetSettings } from '../policy/settings';

/** What a plan can do in a village: build a village station, appoint a child director, train its directors. */
export const PLAN_ACTIONS = ['station', 'director', 'training'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** One action in one village (12-digit code). A plan holds each (village, action) pair at most once. */
export interface PlanItem {
  village: string;
  action: PlanAction;
}

const VILLAGE = /^\d{12}$/;
const TOWNSHIP = /^\d{9}$/;

/** The 关爱之家 target a plan is read against where the extract sets none (`coverageTargets.townshipHomes`). */
export type HomeTarget = Pick<CoverageTargetSettings['townshipHomes'], 'perTownship' | 'unitTypes'>;

const DEFAULT_HOME_TARGET: HomeTarget = DEFAULT_SETTINGS.coverageTargets.townshipHomes;

/**
 * SQL: the 关爱之家 target of a `regions` row `r`: the extract's `target_township_homes` when set (0 included);
 * else, for a township-level unit of one of `target.unitTypes`, `target.perTownship`; else NULL.
 */
function homeTargetOf(target: HomeTarget, r = 'r'): string {
  const types = target.unitTypes.map((u) => literal(u)).join(', ');
  if (!Number.isInteger(target.perTownship) || target.perTownship < 0) throw new Error(`not a home target: ${target.perTownship}`);
  return `coalesce(${r}.target_township_homes, CASE WHEN ${r}.level = 'township' AND ${r}.unit_type IN (${types || 'NULL'}) THEN ${target.perTownship} END)`;
}

/** The townships planned to get a 关爱之家 as a SQL relation `(township_code)`. */
function homesRelation(homes: readonly string[]): string {
  for (const h of homes) if (!TOWNSHIP.test(h)) throw new Error(`not a plan township: ${JSON.stringify(h)}`);
  if (homes.length === 0) return 'SELECT CAST(NULL AS VARCHAR) AS township_code WHERE FALSE';
  return `SELECT * FROM (VALUES ${homes.map((h) => `(${literal(h)})`).join(', ')}) AS t(township_code)`;
}

/** The plan as a SQL relation `(village_code, action)`; an empty plan is an empty relation of the same shape. */
function planRelation(plan: readonly PlanItem[]): string {
  for (const p of plan) {
    if (!VILLAGE.test(p.village) || !PLAN_ACTIONS.includes(p.action)) throw new Error(`not a plan item: ${JSON.stringify(p)}`);
  }
  if (plan.length === 0) return 'SELECT CAST(NULL AS VARCHAR) AS village_code, CAST(NULL AS VARCHAR) AS action WHERE FALSE';
  return `SELECT * FROM (VALUES ${plan.map((p) => `(${literal(p.village)}, ${literal(p.action)})`).join(', ')}) AS t(village_code, action)`;
}

/**
 * `sql` (a query reading `regions`, `stations` and `staff`) run as if the plan were carried out at `asOf`:
 * - `station`: an active village station, opened on no date, registered to the village (meets_standard unknown);
 * - `director`: a child director registered to the village, trained at `asOf` when the plan also trains there,
 *   untrained otherwise;
 * - `training`: every child director registered to the village (existing or planned) trained at `asOf`. A
 *   training in a village without a director changes nothing.
 * - `homes` (township codes): an active `township_home` meeting the provincial standard, opened on no date,
 *   registered to the township.
 * - `regions`: each township's `target_township_homes` is its target under `homeTarget` ({@link homeTargetOf}),
 *   so that the 关爱之家 figures of a plan are read against the setting where the extract has no target. Run with an
 *   empty plan, this is the "before" the plan is compared with.
 * Planned stations and staff get ids beginning `plan:`, which no extract id can (ids are opaque and checked).
 */
export function withPlan(sql: string, plan: readonly PlanItem[], asOf: string, homes: readonly string[] = [], homeTarget: HomeTarget = DEFAULT_HOME_TARGET): string {
  const d = `DATE ${literal(asOf)}`;
  return `(WITH plan_items AS (${planRelation(plan)}),
plan_homes AS (${homesRelation(homes)}),
plan_regions AS (SELECT * REPLACE (${homeTargetOf(homeTarget)}::INTEGER AS target_township_homes) FROM regions r),
plan_trained AS (SELECT DISTINCT village_code FROM plan_items WHERE action = 'training'),
plan_stations AS (
  SELECT s.station_id, s.region_code, s.kind, s.lng, s.lat, s.meets_standard, s.active, s.opened_on FROM stations s
  UNION ALL
  SELECT 'plan:' || p.village_code, p.village_code, 'village_station', CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS BOOLEAN), TRUE, CAST(NULL AS DATE)
  FROM plan_items p WHERE p.action = 'station'
  UNION ALL
  SELECT 'plan:' || h.township_code, h.township_code, 'township_home', CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), TRUE, TRUE, CAST(NULL AS DATE)
  FROM plan_homes h
), plan_staff AS (
  SELECT f.staff_key, f.region_code, f.role,
    CASE WHEN f.role = 'child_director' AND f.region_code IN (SELECT village_code FROM plan_trained) THEN ${d} ELSE f.last_trained_on END AS last_trained_on
  FROM staff f
  UNION ALL
  SELECT 'plan:' || p.village_code, p.village_code, 'child_director',
    CASE WHEN p.village_code IN (SELECT village_code FROM plan_trained) THEN ${d} END
  FROM plan_items p WHERE p.action = 'director'
)
SELECT * FROM (WITH regions AS (SELECT * FROM plan_regions), stations AS (SELECT * FROM plan_stations), staff AS (SELECT * FROM plan_staff) SELECT * FROM (${sql})))`;
}

export interface PlanCoverageParams extends AreaScope {
  /** ISO date the plan is projected at: the extract's as-of date (children on the roll, trainings). */
  asOf: string;
  plan: readonly PlanItem[];
  /** Townships (9-digit codes) planned to get a 关爱之家 meeting the provincial standard. */
  homes?: readonly string[];
  /** Default: `coverageTargets.townshipHomes` of the settings. */
  homeTarget?: HomeTarget;
}

/** One area before (`b_…`) and after (`a_…`) the plan, as returned by {@link planCoverageSql}. */
export interface PlanCoverageRow {
  code: string;
  name: string;
  villages: number;
  /** Children on the roll at `asOf` living in the area. */
  children: number;
  b_villages_with_station: number;
  a_villages_with_station: number;
  b_share_with_station: number | null;
  a_share_with_station: number | null;
  /** Children living in a village with an active village station. */
  b_children_covered: number;
  a_children_covered: number;
  /** Children covered ÷ children (the coverage rate of children in scope); NULL without children. */
  b_child_coverage: number | null;
  a_child_coverage: number | null;
  /** a_children_covered − b_children_covered. */
  children_newly_covered: number;
  b_villages_with_director: number;
  a_villages_with_director: number;
  b_share_with_director: number | null;
  a_share_with_director: number | null;
  /** The township targets for village stations (NULL when none is set, and at village level). */
  target_village_stations: number | null;
  b_active_village_stations: number;
  a_active_village_stations: number;
  b_target_progress: number | null;
  a_target_progress: number | null;
  b_directors: number;
  a_directors: number;
  b_training_rate: number | null;
  a_training_rate: number | null;
  /** Township-level units of the area with a 关爱之家 target above 0 (the extract's, else the setting's). */
  townships: number;
  /** Of `townships`, those with at least their target of active 关爱之家 meeting the standard. */
  b_townships_home_ok: number;
  a_townships_home_ok: number;
}

/**
 * 规划前后 (before and after the plan): per area of the scope, the station-coverage figures of
 * {@link stationCoverageSql} at `asOf` without the plan and with it ({@link withPlan}; the 关爱之家 targets
 * completed from `homeTarget` on both sides), side by side, plus the
 * coverage rate of children: children living in a village with a station ÷ children, i.e.
 * (children − children_no_station) ÷ children. Ordered by code.
 */
export function planCoverageSql({ level, parentCode, asOf, plan, homes = [], homeTarget = DEFAULT_HOME_TARGET }: PlanCoverageParams): string {
  const coverage = stationCoverageSql({ level, parentCode, asOf });
  const both = (col: string) => `b.${col} AS b_${col}, a.${col} AS a_${col}`;
  const covered = (x: string) => `(${x}.children - ${x}.children_no_station)`;
  return `WITH plan_before AS ${withPlan(coverage, [], asOf, [], homeTarget)}, plan_after AS ${withPlan(coverage, plan, asOf, homes, homeTarget)}
SELECT b.code, b.name, b.villages, b.children,
  ${both('villages_with_station')}, ${both('share_with_station')},
  ${covered('b')}::INTEGER AS b_children_covered, ${covered('a')}::INTEGER AS a_children_covered,
  CASE WHEN b.children > 0 THEN ${covered('b')}::DOUBLE / b.children END AS b_child_coverage,
  CASE WHEN a.children > 0 THEN ${covered('a')}::DOUBLE / a.children END AS a_child_coverage,
  (${covered('a')} - ${covered('b')})::INTEGER AS children_newly_covered,
  ${both('villages_with_director')}, ${both('share_with_director')},
  b.target_village_stations,
  ${both('active_village_stations')}, ${both('target_progress')},
  ${both('directors')}, ${both('training_rate')},
  b.townships, ${both('townships_home_ok')}
FROM plan_before b JOIN plan_after a ON a.code = b.code
ORDER BY b.code`;
}

export interface PlanVillagesParams {
  /** A township or the county: its villages. */
  parentCode: string;
  asOf: string;
  plan: readonly PlanItem[];
}

/** A village that lacks something or is in the plan, as returned by {@link planVillagesSql}. */
export interface PlanVillageRow {
  code: string;
  name: string;
  township_code: string;
  township_name: string;
  /** Children on the roll at `asOf`. */
  children: number;
  has_station: boolean;
  has_director: boolean;
  /** Child directors registered to the village, and of them those not trained in the training window. */
  directors: number;
  directors_untrained: number;
  /** The village's township: its village-station target (NULL when none) and progress before the plan. */
  township_target: number | null;
  township_progress: number | null;
  /** 1, 2, …: the suggested order (see {@link planVillagesSql}). */
  suggested_rank: number;
  /** The plan's actions in this village. */
  planned_station: boolean;
  planned_director: boolean;
  planned_training: boolean;
}

/**
 * 规划候选村（社区）: the villages of `parentCode` lacking a station or a child director, or with an untrained
 * director, and every village in the plan, with the figures of {@link stationCoverageSql} at village level
 * (before the plan) and the suggested order, numbered in `suggested_rank`:
 * 1. villages without a station before those with one;
 * 2. villages in a township below its village-station target before the others (townships without a target
 *    count as not below);
 * 3. more children on the roll first;
 * 4. the township further behind its target (lower target completion) first;
 * 5. villages without a child director first, then village code.
 * Rows come in that order.
 */
export function planVillagesSql({ parentCode, asOf, plan }: PlanVillagesParams): string {
  const villages = stationCoverageSql({ level: 'village', asOf });
  const townships = stationCoverageSql({ level: 'township', asOf });
  const below = `(t.target_progress IS NOT NULL AND t.target_progress < 1)`;
  return `WITH plan_items AS (${planRelation(plan)}),
vc AS (${villages}), tc AS (${townships}),
rows AS (
  SELECT v.code, v.name, r.parent_code AS township_code, t.name AS township_name, v.children,
    v.villages_with_station > 0 AS has_station, v.villages_with_director > 0 AS has_director,
    v.directors, (v.directors - v.directors_trained) AS directors_untrained,
    t.target_village_stations AS township_target, t.target_progress AS township_progress,
    ${below} AS township_below,
    EXISTS (SELECT 1 FROM plan_items p WHERE p.village_code = v.code AND p.action = 'station') AS planned_station,
    EXISTS (SELECT 1 FROM plan_items p WHERE p.village_code = v.code AND p.action = 'director') AS planned_director,
    EXISTS (SELECT 1 FROM plan_items p WHERE p.village_code = v.code AND p.action = 'training') AS planned_training
  FROM vc v
  JOIN regions r ON r.code = v.code
  JOIN tc t ON t.code = r.parent_code
  WHERE ${literal(parentCode)} IN (r.parent_code, (SELECT k.parent_code FROM regions k WHERE k.code = r.parent_code))
), candidates AS (
  SELECT * FROM rows
  WHERE NOT has_station OR NOT has_director OR directors_untrained > 0 OR planned_station OR planned_director OR planned_training
)
SELECT code, name, township_code, township_name, children::INTEGER AS children, has_station, has_director,
  directors::INTEGER AS directors, directors_untrained::INTEGER AS directors_untrained, township_target, township_progress,
  row_number() OVER (ORDER BY has_station, township_below DESC, children DESC, township_progress NULLS LAST, has_director, code)::INTEGER AS suggested_rank,
  planned_station, planned_director, planned_training
FROM candidates
ORDER BY suggested_rank`;
}

export interface PlanTownshipsParams {
  /** The county (its townships) or one township. */
  parentCode: string;
  asOf: string;
  /** Townships planned to get a 关爱之家. */
  homes: readonly string[];
  homeTarget?: HomeTarget;
}

/** A township short of its 关爱之家 target, or planned to get one, as returned by {@link planTownshipsSql}. */
export interface PlanTownshipRow {
  code: string;
  name: string;
  /** Children on the roll at `asOf` living in the township. */
  children: number;
  /** Its 关爱之家 target (above 0), and whether the extract set it (else it is the setting's). */
  target_homes: number;
  target_from_extract: boolean;
  /** The township meets its target before the plan (as `townships_home_ok` of stationCoverageSql). */
  meets_target: boolean;
  /**
   * 关爱之家 registered to the township or one of its villages: in operation (active, opened by `asOf`) meeting the
   * standard, known not to meet it, whose standard the extract does not give (`meets_standard` NULL), not in operation.
   */
  homes_ok: number;
  homes_below: number;
  homes_unknown: number;
  homes_closed: number;
  /** 1, 2, …: the suggested order (see {@link planTownshipsSql}). */
  suggested_rank: number;
  planned: boolean;
}

/**
 * 规划候选乡镇（街道）: the township-level units of `parentCode` with a 关爱之家 target (the extract's, else the
 * setting's) that do not meet it at `asOf`, and every township in the plan, in the suggested order
 * (`suggested_rank`): those short of their target first, then more children on the roll first, then code. A home
 * whose `meets_standard` is not given does not count as meeting the standard (as in {@link stationCoverageSql}):
 * `homes_unknown` says how many such homes a township has.
 */
export function planTownshipsSql({ parentCode, asOf, homes, homeTarget = DEFAULT_HOME_TARGET }: PlanTownshipsParams): string {
  const d = dateLiteral(asOf);
  const before = withPlan(stationCoverageSql({ level: 'township', asOf }), [], asOf, [], homeTarget);
  return `WITH plan_homes AS (${homesRelation(homes)}),
tc AS ${before},
homes AS (
  SELECT CASE r.level WHEN 'village' THEN r.parent_code ELSE r.code END AS township_code,
    s.active AND (s.opened_on IS NULL OR s.opened_on <= ${d}) AS running, s.meets_standard
  FROM stations s JOIN regions r ON r.code = s.region_code
  WHERE s.kind = 'township_home' AND r.level IN ('township', 'village')
), rows AS (
  SELECT r.code, r.name, t.children, ${homeTargetOf(homeTarget)} AS target_homes, r.target_township_homes IS NOT NULL AS target_from_extract,
    t.townships_home_ok > 0 AS meets_target,
    (SELECT count(*) FROM homes h WHERE h.township_code = r.code AND h.running AND h.meets_standard) AS homes_ok,
    (SELECT count(*) FROM homes h WHERE h.township_code = r.code AND h.running AND NOT h.meets_standard) AS homes_below,
    (SELECT count(*) FROM homes h WHERE h.township_code = r.code AND h.running AND h.meets_standard IS NULL) AS homes_unknown,
    (SELECT count(*) FROM homes h WHERE h.township_code = r.code AND NOT h.running) AS homes_closed,
    r.code IN (SELECT township_code FROM plan_homes) AS planned
  FROM regions r JOIN tc t ON t.code = r.code
  WHERE r.level = 'township' AND ${literal(parentCode)} IN (r.code, r.parent_code)
)
SELECT code, name, children::INTEGER AS children, target_homes::INTEGER AS target_homes, target_from_extract, meets_target,
  homes_ok::INTEGER AS homes_ok, homes_below::INTEGER AS homes_below, homes_unknown::INTEGER AS homes_unknown, homes_closed::INTEGER AS homes_closed,
  row_number() OVER (ORDER BY meets_target, children DESC, code)::INTEGER AS suggested_rank, planned
FROM rows
WHERE target_homes > 0 AND (NOT meets_target OR planned)
ORDER BY suggested_rank`;
}
