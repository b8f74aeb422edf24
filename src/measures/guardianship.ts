import { areaFilter, villageToArea, type AreaLevel, type AreaScope } from './areas';
import { evaluationDate, isMonth, monthsEnding } from './months';
import { dateLiteral, literal } from './sql';

export interface GuardianshipParams extends AreaScope {
  /** ISO date: children on the roll that day, with their flags as the extract holds them. */
  asOf: string;
  /** A latest colour assessment dated before `asOf` minus this many months is out of date (setting, 000 §10). */
  staleMonths: number;
}

/** One row per area, as returned by {@link guardianshipSql}. */
export interface GuardianshipRow {
  code: string;
  name: string;
  children: number;
  /** Left-behind children (category `left_behind`) on the roll. */
  left_behind: number;
  agreement_signed: number;
  agreement_unsigned: number;
  /** Left-behind children whose `care_agreement` is NULL (未填报). */
  agreement_unknown: number;
  /** signed + unsigned: the children the rate is over. */
  agreement_reported: number;
  /** signed / (signed + unsigned); NULL when no left-behind child has the flag filled in. */
  agreement_rate: number | null;
  pairing_done: number;
  pairing_missing: number;
  pairing_unknown: number;
  /** done / (done + missing); NULL when no left-behind child has the flag filled in. */
  pairing_rate: number | null;
  out_of_school: number;
  out_of_school_unknown: number;
  /** Children with `child_disabled` and `out_of_school` both TRUE. */
  disabled_out_of_school: number;
  /** Latest colour assessment on or before `asOf` is older than the interval. */
  colour_stale: number;
  /** No colour assessment on or before `asOf`. */
  colour_never: number;
}

/**
 * 监护落实 (guardianship and support): per area, the children on the roll at `asOf` and the duties recorded on them.
 *
 * - On the roll at D, as in the risk mix: `enrolled_on` NULL or ≤ D, `exited_on` NULL or > D.
 * - Care agreement (003 §6: 100%签订委托照护协议书) and 1+1+1 pairing (000 §6): among left-behind children only.
 *   A NULL flag is unknown (未填报), counted apart and left out of the rate's denominator; a flag filled in on a
 *   child who is not left-behind is ignored.
 * - Out of school (003 §3, 控辍保学, 动态清零): every child on the roll with `out_of_school` TRUE; NULL counted apart.
 *   Disabled and out of school: `child_disabled` AND `out_of_school` both TRUE.
 * - Colour out of date (000 §10, 每季度至少更新一次): latest assessment on or before D dated before D minus
 *   `staleMonths` months; never assessed on or before D counted apart.
 * - The flags are the extract's current values: an earlier date changes the roll and the assessments, not the flags.
 * - Every area of the scope is returned, with zeros when it has no child.
 */
export function guardianshipSql({ level, parentCode, asOf, staleMonths }: GuardianshipParams): string {
  if (!Number.isInteger(staleMonths) || staleMonths < 1) throw new Error(`staleMonths must be a positive integer: ${staleMonths}`);
  const d = dateLiteral(asOf);
  return `WITH roll AS (
  SELECT child_key, village_code, list_contains(categories, 'left_behind') AS lb,
    care_agreement, pairing_111, out_of_school, child_disabled
  FROM children
  WHERE (enrolled_on IS NULL OR enrolled_on <= ${d}) AND (exited_on IS NULL OR exited_on > ${d})
), latest AS (
  SELECT child_key, max(assessed_on) AS assessed_on
  FROM colour_assessments WHERE assessed_on <= ${d} GROUP BY child_key
), by_area AS (
  SELECT ${villageToArea(level)} AS code,
    count(*) AS children,
    count(*) FILTER (WHERE r.lb) AS left_behind,
    count(*) FILTER (WHERE r.lb AND r.care_agreement) AS agreement_signed,
    count(*) FILTER (WHERE r.lb AND NOT r.care_agreement) AS agreement_unsigned,
    count(*) FILTER (WHERE r.lb AND r.care_agreement IS NULL) AS agreement_unknown,
    count(*) FILTER (WHERE r.lb AND r.pairing_111) AS pairing_done,
    count(*) FILTER (WHERE r.lb AND NOT r.pairing_111) AS pairing_missing,
    count(*) FILTER (WHERE r.lb AND r.pairing_111 IS NULL) AS pairing_unknown,
    count(*) FILTER (WHERE r.out_of_school) AS out_of_school,
    count(*) FILTER (WHERE r.out_of_school IS NULL) AS out_of_school_unknown,
    count(*) FILTER (WHERE r.out_of_school AND r.child_disabled) AS disabled_out_of_school,
    count(*) FILTER (WHERE l.assessed_on < (${d} - INTERVAL (${staleMonths}) MONTH)::DATE) AS colour_stale,
    count(*) FILTER (WHERE l.assessed_on IS NULL) AS colour_never
  FROM roll r LEFT JOIN latest l USING (child_key) JOIN regions v ON v.code = r.village_code
  GROUP BY 1
)
SELECT a.code, a.name,
  coalesce(b.children, 0)::INTEGER AS children,
  coalesce(b.left_behind, 0)::INTEGER AS left_behind,
  coalesce(b.agreement_signed, 0)::INTEGER AS agreement_signed,
  coalesce(b.agreement_unsigned, 0)::INTEGER AS agreement_unsigned,
  coalesce(b.agreement_unknown, 0)::INTEGER AS agreement_unknown,
  coalesce(b.agreement_signed + b.agreement_unsigned, 0)::INTEGER AS agreement_reported,
  CASE WHEN b.agreement_signed + b.agreement_unsigned > 0 THEN b.agreement_signed / (b.agreement_signed + b.agreement_unsigned) END AS agreement_rate,
  coalesce(b.pairing_done, 0)::INTEGER AS pairing_done,
  coalesce(b.pairing_missing, 0)::INTEGER AS pairing_missing,
  coalesce(b.pairing_unknown, 0)::INTEGER AS pairing_unknown,
  CASE WHEN b.pairing_done + b.pairing_missing > 0 THEN b.pairing_done / (b.pairing_done + b.pairing_missing) END AS pairing_rate,
  coalesce(b.out_of_school, 0)::INTEGER AS out_of_school,
  coalesce(b.out_of_school_unknown, 0)::INTEGER AS out_of_school_unknown,
  coalesce(b.disabled_out_of_school, 0)::INTEGER AS disabled_out_of_school,
  coalesce(b.colour_stale, 0)::INTEGER AS colour_stale,
  coalesce(b.colour_never, 0)::INTEGER AS colour_never
FROM regions a LEFT JOIN by_area b ON b.code = a.code
WHERE ${areaFilter({ level, parentCode })}
ORDER BY a.code`;
}

const MAX_TREND_MONTHS = 120;

export interface GuardianshipTrendParams {
  /** The area whose children are counted; `{ level: 'county', code: <county code> }` is a whole county (likewise a city or a province). */
  area: { level: AreaLevel; code: string };
  /** Last month of the trend, 'YYYY-MM'. */
  endMonth: string;
  /** Number of months, 1–120, ending with `endMonth`. */
  months: number;
  /** ISO date of the extract: a month is evaluated at its last day or at this date, whichever is earlier. */
  asOf: string;
  staleMonths: number;
}

/** One row per month, oldest first, as returned by {@link guardianshipTrendSql}. */
export interface GuardianshipTrendRow {
  /** 'YYYY-MM'. */
  month: string;
  /** ISO date the month is evaluated at. */
  evaluated_on: string;
  children: number;
  left_behind: number;
  agreement_signed: number;
  agreement_reported: number;
  agreement_rate: number | null;
  pairing_done: number;
  /** done + missing: the children the 1+1+1 rate is over. */
  pairing_reported: number;
  pairing_rate: number | null;
  out_of_school: number;
  colour_stale: number;
  colour_never: number;
}

/**
 * 监护落实 month by month for one area: `months` months ending with `endMonth`, oldest first, each the area's row
 * of {@link guardianshipSql} at the month's evaluation date (its last day, or `asOf` when earlier). The flags are
 * the extract's current values, so only the roll and the assessments move from month to month. A month that
 * begins after `asOf` is evaluated at `asOf`, like the month containing it.
 */
export function guardianshipTrendSql({ area, endMonth, months, asOf, staleMonths }: GuardianshipTrendParams): string {
  if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) throw new Error(`months must be an integer 1–${MAX_TREND_MONTHS}: ${months}`);
  if (!isMonth(endMonth)) throw new Error(`not a month (YYYY-MM): ${endMonth}`);
  dateLiteral(asOf);
  const perMonth = monthsEnding(endMonth, months).map((month) => {
    const on = evaluationDate(month, asOf);
    return `SELECT ${literal(month)} AS month, ${dateLiteral(on)} AS evaluated_on, g.*
FROM (${guardianshipSql({ level: area.level, asOf: on, staleMonths })}) g
WHERE g.code = ${literal(area.code)}`;
  });
  return `SELECT t.month, strftime(t.evaluated_on, '%Y-%m-%d') AS evaluated_on, t.children, t.left_behind,
  t.agreement_signed, t.agreement_reported, t.agreement_rate,
  t.pairing_done, (t.pairing_done + t.pairing_missing)::INTEGER AS pairing_reported, t.pairing_rate,
  t.out_of_school, t.colour_stale, t.colour_never
FROM (
${perMonth.join('\nUNION ALL\n')}
) t
ORDER BY t.month`;
}
