import { dateLiteral, literal } from './sql';
import { areaFilter, villageToArea, type AreaScope } from './areas';
import type { WATER_TYPES } from '../extract/schema';

export interface WaterSafetyParams extends AreaScope {
  /** ISO date: inspections on or before it, children on the roll that day. */
  asOf: string;
  /** Patrol interval in days (a setting: `inspectionIntervalDays(settings, asOf)`). */
  intervalDays: number;
}

/** One row per area, as returned by {@link waterSafetySql}. */
export interface WaterSafetyRow {
  code: string;
  name: string;
  points: number;
  /** Points with all four items: sign, ring, rope and pole. */
  complete: number;
  /** complete / points; NULL when the area has no point. */
  share_complete: number | null;
  missing_sign: number;
  missing_ring: number;
  missing_rope: number;
  missing_pole: number;
  /**
   * Points known to be overdue at `asOf`: never inspected, or whose latest inspection (on or before `asOf`) is
   * more than `intervalDays` before it. Points in `inspection_unknown` are not counted.
   */
  inspection_overdue: number;
  /**
   * Points whose state at `asOf` cannot be known: their latest inspection is after `asOf`, and the extract keeps
   * only the latest one (0 when `asOf` is the extract's date).
   */
  inspection_unknown: number;
  /** Children on the roll at `asOf` living in the area (all of them, not only near a point). */
  children: number;
}

export interface WaterPointsParams {
  /** A township code (or the county code) to keep only its points; all points when omitted. */
  parentCode?: string | null;
  asOf: string;
  intervalDays: number;
}

/** One water point, as returned by {@link waterPointsSql}. */
export interface WaterPointRow {
  point_id: string;
  village_code: string;
  village_name: string;
  township_code: string;
  township_name: string;
  lng: number;
  lat: number;
  water_type: (typeof WATER_TYPES)[number] | null;
  has_sign: boolean;
  has_ring: boolean;
  has_rope: boolean;
  has_pole: boolean;
  /** How many of the four items are present, 0–4. */
  items_present: number;
  /** The latest inspection on or before `asOf` (a DATE: epoch milliseconds through Arrow); NULL if none. */
  last_inspected_on: number | null;
  /** Days from `last_inspected_on` to `asOf`; NULL if none. */
  days_since_inspection: number | null;
  /** NULL when the state at `asOf` cannot be known (the latest inspection is after `asOf`). */
  inspection_overdue: boolean | null;
  /** Children on the roll at `asOf` living in the point's village. */
  children_in_village: number;
}

function checkInterval(intervalDays: number): string {
  if (!Number.isInteger(intervalDays) || intervalDays < 0) throw new Error(`not a whole number of days: ${intervalDays}`);
  return literal(intervalDays);
}

/**
 * Water points with the per-point facts both measures share: `items_present`, the inspection known at `d`
 * (`inspected_on`, NULL when never inspected or when the latest is after `d`), `unknown` (the latest inspection
 * is after `d`: the extract keeps only the latest one, so whether the point was inspected in time then cannot be
 * known), `days_since` and `overdue` (NULL when unknown).
 */
function pointsCte(d: string, interval: string): string {
  return `known AS (
  SELECT w.*,
    (w.has_sign::INTEGER + w.has_ring::INTEGER + w.has_rope::INTEGER + w.has_pole::INTEGER) AS items_present,
    CASE WHEN w.last_inspected_on <= ${d} THEN w.last_inspected_on END AS inspected_on,
    coalesce(w.last_inspected_on > ${d}, FALSE) AS unknown
  FROM water_points w
), points AS (
  SELECT k.*,
    date_diff('day', k.inspected_on, ${d}) AS days_since,
    CASE WHEN NOT k.unknown THEN (k.inspected_on IS NULL OR date_diff('day', k.inspected_on, ${d}) > ${interval}) END AS overdue
  FROM known k
)`;
}

const rollCte = (d: string) => `roll AS (
  SELECT village_code FROM children
  WHERE (enrolled_on IS NULL OR enrolled_on <= ${d}) AND (exited_on IS NULL OR exited_on > ${d})
)`;

/**
 * 防溺水“四个一” (water safety): per area, the water points by which of the four items (一个警示牌、一个救生圈、
 * 一根救生绳、一根救生杆; `003` §10) they have, and how many are overdue for a patrol at `asOf`.
 *
 * - Complete: all four present. A point can miss several items, so the missing counts may add up to more than
 *   the incomplete points.
 * - Overdue: never inspected, or the latest inspection is on or before `asOf` and more than `intervalDays` days
 *   before it (exactly `intervalDays` days is still on time). A point whose latest inspection is after `asOf` (a
 *   past date looked at) is neither: it is `inspection_unknown`, since that inspection hides any earlier one.
 * - Children: on the roll at `asOf` (`enrolled_on` NULL or ≤ D, `exited_on` NULL or > D) living in the area.
 * - Every area of the scope is returned, with zeros when it has no point; `share_complete` is NULL then.
 */
export function waterSafetySql({ level, parentCode, asOf, intervalDays }: WaterSafetyParams): string {
  const d = dateLiteral(asOf);
  const interval = checkInterval(intervalDays);
  return `WITH ${pointsCte(d, interval)}, ${rollCte(d)}, by_points AS (
  SELECT ${villageToArea(level)} AS code,
    count(*) AS points,
    count(*) FILTER (WHERE p.items_present = 4) AS complete,
    count(*) FILTER (WHERE NOT p.has_sign) AS missing_sign,
    count(*) FILTER (WHERE NOT p.has_ring) AS missing_ring,
    count(*) FILTER (WHERE NOT p.has_rope) AS missing_rope,
    count(*) FILTER (WHERE NOT p.has_pole) AS missing_pole,
    count(*) FILTER (WHERE p.overdue) AS inspection_overdue,
    count(*) FILTER (WHERE p.unknown) AS inspection_unknown
  FROM points p JOIN regions v ON v.code = p.village_code
  GROUP BY 1
), by_children AS (
  SELECT ${villageToArea(level)} AS code, count(*) AS children
  FROM roll c JOIN regions v ON v.code = c.village_code
  GROUP BY 1
)
SELECT a.code, a.name,
  coalesce(b.points, 0)::INTEGER AS points,
  coalesce(b.complete, 0)::INTEGER AS complete,
  CASE WHEN b.points > 0 THEN b.complete::DOUBLE / b.points END AS share_complete,
  coalesce(b.missing_sign, 0)::INTEGER AS missing_sign,
  coalesce(b.missing_ring, 0)::INTEGER AS missing_ring,
  coalesce(b.missing_rope, 0)::INTEGER AS missing_rope,
  coalesce(b.missing_pole, 0)::INTEGER AS missing_pole,
  coalesce(b.inspection_overdue, 0)::INTEGER AS inspection_overdue,
  coalesce(b.inspection_unknown, 0)::INTEGER AS inspection_unknown,
  coalesce(k.children, 0)::INTEGER AS children
FROM regions a
LEFT JOIN by_points b ON b.code = a.code
LEFT JOIN by_children k ON k.code = a.code
WHERE ${areaFilter({ level, parentCode })}
ORDER BY a.code`;
}

/**
 * 点位清单 (water points): every point, optionally of one township (or the county), with its items, the
 * inspection known at `asOf` (as in {@link waterSafetySql}) and the children on the roll in its village.
 *
 * Ordered by items present (fewest first), then children in the village (most first), then point id: read from
 * the top, this is the gap list, the incomplete points ranked by the number of children near them; complete
 * points come last.
 */
export function waterPointsSql({ parentCode, asOf, intervalDays }: WaterPointsParams): string {
  const d = dateLiteral(asOf);
  const interval = checkInterval(intervalDays);
  const under = parentCode ? `WHERE ${literal(parentCode)} IN (v.parent_code, t.parent_code)` : '';
  return `WITH ${pointsCte(d, interval)}, ${rollCte(d)}, per_village AS (
  SELECT village_code, count(*) AS children FROM roll GROUP BY 1
)
SELECT p.point_id, p.village_code, v.name AS village_name, t.code AS township_code, t.name AS township_name,
  p.lng, p.lat, p.water_type, p.has_sign, p.has_ring, p.has_rope, p.has_pole,
  p.items_present::INTEGER AS items_present,
  p.inspected_on AS last_inspected_on,
  p.days_since::INTEGER AS days_since_inspection,
  p.overdue AS inspection_overdue,
  coalesce(k.children, 0)::INTEGER AS children_in_village
FROM points p
JOIN regions v ON v.code = p.village_code
JOIN regions t ON t.code = v.parent_code
LEFT JOIN per_village k ON k.village_code = p.village_code
${under}
ORDER BY p.items_present, children_in_village DESC, p.point_id`;
}
