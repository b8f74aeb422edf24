import { dateLiteral, literal } from './sql';
import { waterPointsSql, type WaterPointRow } from './water-safety';

export interface WaterNearChildrenParams {
  /** A township code (or the county code) to keep only its points; all points when omitted. */
  parentCode?: string | null;
  /** ISO date: children on the roll that day, inspections known that day. */
  asOf: string;
  /** Patrol interval in days (as for waterPointsSql). */
  intervalDays: number;
}

/** One incomplete water point, as returned by {@link waterNearChildrenSql}. */
export interface WaterNearChildrenRow extends WaterPointRow {
  /** Villages sharing a border with the point's village (`village_adjacency`). */
  neighbour_villages: number;
  /** Children on the roll at `asOf` living in those villages. */
  children_in_neighbours: number;
  /** children_in_village + children_in_neighbours. */
  children_nearby: number;
}

/**
 * 周边儿童最多的缺项点位 (DOMAIN §7: "which incomplete points lie nearest to many children"): the water points
 * missing any of the four items, ranked by the children on the roll at `asOf` in the point's village and in the
 * villages sharing a border with it (table `village_adjacency`, derived from the boundaries at load:
 * src/db/adjacency-table.ts).
 *
 * - Children are located by their village only: "near" means living in the point's village or a neighbouring
 *   one, never a distance to a child (the extract places no child at a coordinate).
 * - A neighbouring village counts wherever it lies, also in another township; a village without a boundary has
 *   no neighbours, so its points rank by their own village's children.
 * - Each point's facts (items, inspection known at `asOf`, children in its own village) are those of
 *   {@link waterPointsSql}, whose rows this filters and extends.
 * - Ordered by `children_nearby` (most first), then items present (fewest first), then point id.
 */
export function waterNearChildrenSql({ parentCode, asOf, intervalDays }: WaterNearChildrenParams): string {
  const d = dateLiteral(asOf);
  return `WITH wp AS (
${waterPointsSql({ parentCode, asOf, intervalDays })}
), per_village AS (
  SELECT village_code, count(*) AS children FROM children
  WHERE (enrolled_on IS NULL OR enrolled_on <= ${d}) AND (exited_on IS NULL OR exited_on > ${d})
  GROUP BY 1
), around AS (
  SELECT n.code, count(*) AS villages, coalesce(sum(k.children), 0) AS children
  FROM village_adjacency n LEFT JOIN per_village k ON k.village_code = n.neighbour_code
  GROUP BY 1
)
SELECT wp.*,
  coalesce(a.villages, 0)::INTEGER AS neighbour_villages,
  coalesce(a.children, 0)::INTEGER AS children_in_neighbours,
  (wp.children_in_village + coalesce(a.children, 0))::INTEGER AS children_nearby
FROM wp LEFT JOIN around a ON a.code = wp.village_code
WHERE wp.items_present < ${literal(4)}
ORDER BY children_nearby DESC, wp.items_present, wp.point_id`;
}
