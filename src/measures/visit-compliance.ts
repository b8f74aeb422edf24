import { dateLiteral, literal } from './sql';
import { addMonths, isMonth, monthStart } from './months';
import { areaFilter, villageToArea, type AreaLevel, type AreaScope } from './areas';
import { overdueAfterDays, rankRules, type VisitProfile } from '../policy/profile';

/**
 * 走访合规 (visit compliance) under a visit-rule profile (`src/policy/profile.ts`, where the precedence between
 * rules is defined). All three builders share the SQL below; the Chinese definitions in `src/i18n/zh-visits.ts`
 * say the same thing.
 *
 * A month M ('YYYY-MM'):
 * - Evaluation date E = the earlier of the last day of M and `asOf` (the extract date): a month still running
 *   is judged on the days so far. A month that begins after `asOf` has no child due.
 * - DUE in M: on the roll for the whole of M up to E, i.e. `enrolled_on` NULL or ≤ the 1st of M, and
 *   `exited_on` NULL or > E (a child leaves on its exit day). A child who joins or leaves during M is not due
 *   that month (a grace month) — and must still match a rule asking for at least one visit a month.
 * - Colours in M: the colour held on the 1st (latest assessment on or before it) plus every colour assessed from
 *   the 2nd up to E; none at all up to E → 'ungraded'. The rule is the strictest over all of them (a child going
 *   yellow → red mid-month is held to red's rule for that month).
 * - Qualifying visits: visits dated from the 1st of M to E whose mode is one of the matched rule's modes.
 *   Compliant iff their number ≥ the rule's `visitsPerMonth`. rate = compliant / due, NULL when due = 0.
 *
 * At `asOf` (overdue, never visited, due now):
 * - On the roll at `asOf` (same test as risk mix), colour = latest assessment ≤ `asOf` (none → 'ungraded'), the
 *   strictest matching rule with ≥ 1 visit a month: these are the children needing visits (due_now).
 * - overdue: of those, no qualifying visit (mode in the rule's modes) on or before `asOf`, or the last one more
 *   than ceil(31 / visitsPerMonth) days before `asOf` (31 days for one a month, 16 for two).
 * - never_visited: of those, no visit of any mode on or before `asOf`.
 *
 * Performance: visits are aggregated once (per child, month and mode; per child and mode), colour history is
 * turned into periods with one window function, the profile is a small VALUES table joined once; no correlated
 * subquery per child.
 */

export interface VisitComplianceParams extends AreaScope {
  /** 'YYYY-MM'. */
  month: string;
  /** ISO date of the extract: cuts the month and dates overdue. */
  asOf: string;
  profile: VisitProfile;
}

/** One row per area of the scope, as returned by {@link visitComplianceSql}. */
export interface VisitComplianceRow {
  code: string;
  name: string;
  /** 应访儿童: children due a visit in the month. */
  due: number;
  /** 已合规: due children whose qualifying visits met the rule. */
  compliant: number;
  /** 走访合规率 = compliant / due; NULL when due = 0. */
  rate: number | null;
  /** 逾期未访 at asOf. */
  overdue: number;
  /** 从未走访 at asOf. */
  never_visited: number;
}

export interface VisitTrendParams {
  /** The area whose children are counted; `{ level: 'county', code: <county code> }` is the whole county. */
  area: { level: AreaLevel; code: string };
  /** Last month of the trend, 'YYYY-MM'. */
  endMonth: string;
  /** Number of months, 1–120, ending with `endMonth`. */
  months: number;
  asOf: string;
  profile: VisitProfile;
}

/** One row per month, oldest first, as returned by {@link visitTrendSql}. */
export interface VisitTrendRow {
  /** 'YYYY-MM'. */
  month: string;
  due: number;
  compliant: number;
  rate: number | null;
}

export interface OverdueByVillageParams {
  /** A township's code to list only its villages (the county's code, or nothing, lists every village). */
  parentCode?: string | null;
  asOf: string;
  profile: VisitProfile;
}

/** A village with at least one overdue child, as returned by {@link overdueByVillageSql}. */
export interface OverdueVillageRow {
  code: string;
  name: string;
  township_code: string;
  township_name: string;
  /** Children on the roll at asOf needing visits. */
  due_now: number;
  overdue: number;
}

const MAX_TREND_MONTHS = 120;

/** DATE literal of the 1st of a validated month. */
function firstDay(month: string): string {
  if (!isMonth(month)) throw new Error(`not a month (YYYY-MM): ${month}`);
  return dateLiteral(monthStart(month));
}

const RULE_COLUMNS =
  'rank, rule_id, categories, colours, need_child_disabled, need_parent_disabled, need_behavioural, per_month, modes, overdue_days';

const varcharList = (values: readonly string[] | 'any') => (values === 'any' ? 'CAST(NULL AS VARCHAR[])' : `CAST(${literal(values)} AS VARCHAR[])`);

/**
 * The profile as a table, strictest rule first (rank 1), rules asking for no visit left out: a child's
 * requirement is the matching rule of lowest rank. NULL categories / colours mean 'any'.
 */
function rulesSql(profile: VisitProfile): string {
  const rows = rankRules(profile).map(
    (rule, i) =>
      `(${literal(i + 1)}, ${literal(rule.id)}, ${varcharList(rule.categories)}, ${varcharList(rule.colours)}, ` +
      `${literal(rule.when?.child_disabled === true)}, ${literal(rule.when?.parent_disabled === true)}, ` +
      `${literal(rule.when?.behavioural_concern === true)}, ${literal(rule.visitsPerMonth)}, ${varcharList(rule.modes)}, ` +
      `${literal(overdueAfterDays(rule))})`,
  );
  if (rows.length === 0) {
    return `SELECT * FROM (VALUES (CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR[]), CAST(NULL AS VARCHAR[]), FALSE, FALSE, FALSE, CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR[]), CAST(NULL AS INTEGER))) AS t(${RULE_COLUMNS}) WHERE rank IS NOT NULL`;
  }
  return `SELECT * FROM (VALUES\n    ${rows.join(',\n    ')}\n  ) AS t(${RULE_COLUMNS})`;
}

/** Rule `u` matches child row `c` whose colour is `colour` (a SQL expression). */
function ruleMatch(u: string, c: string, colour: string): string {
  return `(${u}.categories IS NULL OR list_has_any(${c}.categories, ${u}.categories))
    AND (${u}.colours IS NULL OR list_contains(${u}.colours, ${colour}))
    AND (NOT ${u}.need_child_disabled OR coalesce(${c}.child_disabled, FALSE))
    AND (NOT ${u}.need_parent_disabled OR coalesce(${c}.parent_disabled, FALSE))
    AND (NOT ${u}.need_behavioural OR coalesce(${c}.behavioural_concern, FALSE))`;
}

/**
 * CTEs for month compliance, ending in `child_m(child_key, m_start, village_code, compliant)`: one row per child
 * due in a month. Expects a CTE `rules`; `monthStarts` is a query with one DATE column `m_start`; `areaCondition`
 * is an extra condition on the child's village row `v` (or '').
 */
function monthCtes(monthStarts: string, fromMonth: string, asOf: string, areaCondition: string): string {
  const d = dateLiteral(asOf);
  return `months AS (
  SELECT m_start, least(last_day(m_start), ${d}) AS m_end FROM (${monthStarts})
), roll_m AS (
  SELECT c.child_key, c.village_code, c.categories, c.child_disabled, c.parent_disabled, c.behavioural_concern, m.m_start, m.m_end
  FROM children c JOIN regions v ON v.code = c.village_code CROSS JOIN months m
  WHERE m.m_start <= m.m_end
    AND (c.enrolled_on IS NULL OR c.enrolled_on <= m.m_start)
    AND (c.exited_on IS NULL OR c.exited_on > m.m_end)${areaCondition}
), periods AS (
  SELECT child_key, colour, assessed_on AS valid_from,
    lead(assessed_on) OVER (PARTITION BY child_key ORDER BY assessed_on) AS valid_to
  FROM colour_assessments WHERE assessed_on <= ${d}
), held_m AS (
  -- The colours each child held during each month. An equi-join filtered afterwards: a LEFT JOIN with the range
  -- conditions in its ON clause is planned as an inequality join, ten times slower here.
  SELECT r.child_key, r.m_start, p.colour
  FROM roll_m r JOIN periods p ON p.child_key = r.child_key
  WHERE p.valid_from <= r.m_end AND (p.valid_to IS NULL OR p.valid_to > r.m_start)
), need_m AS (
  SELECT r.child_key, r.m_start, any_value(r.village_code) AS village_code, min(u.rank) AS rank
  FROM roll_m r
  LEFT JOIN held_m h ON h.child_key = r.child_key AND h.m_start = r.m_start
  JOIN rules u ON ${ruleMatch('u', 'r', "coalesce(h.colour, 'ungraded')")}
  GROUP BY r.child_key, r.m_start
), visits_m AS (
  SELECT child_key, CAST(date_trunc('month', visited_on) AS DATE) AS m_start, mode, count(*) AS n
  FROM visits WHERE visited_on >= ${firstDay(fromMonth)} AND visited_on <= ${d}
  GROUP BY ALL
), child_m AS (
  SELECT n.child_key, n.m_start, n.village_code,
    coalesce(sum(vm.n) FILTER (WHERE list_contains(u.modes, vm.mode)), 0) >= any_value(u.per_month) AS compliant
  FROM need_m n JOIN rules u ON u.rank = n.rank
  LEFT JOIN visits_m vm ON vm.child_key = n.child_key AND vm.m_start = n.m_start
  GROUP BY n.child_key, n.m_start, n.village_code
)`;
}

/**
 * CTEs for the state at `asOf`, ending in `status_now(child_key, village_code, overdue, never_visited)`: one row
 * per child on the roll needing visits. Expects a CTE `rules`.
 */
function nowCtes(asOf: string, areaCondition: string): string {
  const d = dateLiteral(asOf);
  return `roll_now AS (
  SELECT c.child_key, c.village_code, c.categories, c.child_disabled, c.parent_disabled, c.behavioural_concern
  FROM children c JOIN regions v ON v.code = c.village_code
  WHERE (c.enrolled_on IS NULL OR c.enrolled_on <= ${d}) AND (c.exited_on IS NULL OR c.exited_on > ${d})${areaCondition}
), colour_now AS (
  SELECT child_key, arg_max(colour, assessed_on) AS colour
  FROM colour_assessments WHERE assessed_on <= ${d} GROUP BY child_key
), need_now AS (
  SELECT r.child_key, any_value(r.village_code) AS village_code, min(u.rank) AS rank
  FROM roll_now r LEFT JOIN colour_now k ON k.child_key = r.child_key
  JOIN rules u ON ${ruleMatch('u', 'r', "coalesce(k.colour, 'ungraded')")}
  GROUP BY r.child_key
), last_visit AS (
  SELECT child_key, mode, max(visited_on) AS last_on
  FROM visits WHERE visited_on <= ${d} GROUP BY ALL
), status_now AS (
  SELECT n.child_key, n.village_code,
    coalesce(date_diff('day', max(l.last_on) FILTER (WHERE list_contains(u.modes, l.mode)), ${d}) > any_value(u.overdue_days), TRUE) AS overdue,
    count(l.mode) = 0 AS never_visited
  FROM need_now n JOIN rules u ON u.rank = n.rank
  LEFT JOIN last_visit l ON l.child_key = n.child_key
  GROUP BY n.child_key, n.village_code
)`;
}

/** Condition on village row `v`: its area at `scope.level` is one of the scope's areas. */
function inScope(scope: AreaScope): string {
  return `\n    AND ${villageToArea(scope.level)} IN (SELECT a.code FROM regions a WHERE ${areaFilter(scope)})`;
}

/**
 * 走访合规 per area for one month, with overdue and never-visited counts at `asOf` (semantics above). Every area
 * of the scope is returned, with zeros (and a NULL rate) when it has no child due.
 */
export function visitComplianceSql({ level, parentCode, month, asOf, profile }: VisitComplianceParams): string {
  const scope: AreaScope = { level, parentCode };
  const area = villageToArea(level);
  return `WITH rules AS (
  ${rulesSql(profile)}
), ${monthCtes(`SELECT ${firstDay(month)} AS m_start`, month, asOf, inScope(scope))}, ${nowCtes(asOf, inScope(scope))},
month_by_area AS (
  SELECT ${area} AS code, count(*) AS due, count(*) FILTER (WHERE cm.compliant) AS compliant
  FROM child_m cm JOIN regions v ON v.code = cm.village_code GROUP BY 1
), now_by_area AS (
  SELECT ${area} AS code, count(*) FILTER (WHERE s.overdue) AS overdue, count(*) FILTER (WHERE s.never_visited) AS never_visited
  FROM status_now s JOIN regions v ON v.code = s.village_code GROUP BY 1
)
SELECT a.code, a.name,
  CAST(coalesce(m.due, 0) AS INTEGER) AS due,
  CAST(coalesce(m.compliant, 0) AS INTEGER) AS compliant,
  CASE WHEN m.due > 0 THEN CAST(m.compliant AS DOUBLE) / m.due END AS rate,
  CAST(coalesce(n.overdue, 0) AS INTEGER) AS overdue,
  CAST(coalesce(n.never_visited, 0) AS INTEGER) AS never_visited
FROM regions a LEFT JOIN month_by_area m ON m.code = a.code LEFT JOIN now_by_area n ON n.code = a.code
WHERE ${areaFilter(scope)}
ORDER BY a.code`;
}

/**
 * 走访合规率 month by month for one area: `months` months ending with `endMonth`, oldest first, every month
 * present (zeros and a NULL rate when no child is due, e.g. a month after `asOf`). One statement.
 */
export function visitTrendSql({ area, endMonth, months, asOf, profile }: VisitTrendParams): string {
  if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) throw new Error(`months must be an integer 1–${MAX_TREND_MONTHS}: ${months}`);
  const startMonth = addMonths(endMonth, -(months - 1));
  const monthStarts = `SELECT CAST(g.m AS DATE) AS m_start FROM generate_series(${firstDay(startMonth)}, ${firstDay(endMonth)}, INTERVAL 1 MONTH) AS g(m)`;
  const areaCondition = `\n    AND ${villageToArea(area.level)} = ${literal(area.code)}`;
  return `WITH rules AS (
  ${rulesSql(profile)}
), ${monthCtes(monthStarts, startMonth, asOf, areaCondition)},
by_month AS (
  SELECT m_start, count(*) AS due, count(*) FILTER (WHERE compliant) AS compliant FROM child_m GROUP BY m_start
)
SELECT strftime(m.m_start, '%Y-%m') AS month,
  CAST(coalesce(b.due, 0) AS INTEGER) AS due,
  CAST(coalesce(b.compliant, 0) AS INTEGER) AS compliant,
  CASE WHEN b.due > 0 THEN CAST(b.compliant AS DOUBLE) / b.due END AS rate
FROM months m LEFT JOIN by_month b ON b.m_start = m.m_start
ORDER BY m.m_start`;
}

/**
 * Villages with at least one overdue child at `asOf` (optionally only those of one township), most overdue
 * first, then by code; `due_now` = children on the roll there needing visits.
 */
export function overdueByVillageSql({ parentCode, asOf, profile }: OverdueByVillageParams): string {
  const areaCondition = parentCode ? `\n    AND (v.parent_code = ${literal(parentCode)} OR ${villageToArea('county')} = ${literal(parentCode)})` : '';
  return `WITH rules AS (
  ${rulesSql(profile)}
), ${nowCtes(asOf, areaCondition)},
by_village AS (
  SELECT village_code AS code, count(*) AS due_now, count(*) FILTER (WHERE overdue) AS overdue FROM status_now GROUP BY 1
)
SELECT v.code, v.name, t.code AS township_code, t.name AS township_name,
  CAST(b.due_now AS INTEGER) AS due_now, CAST(b.overdue AS INTEGER) AS overdue
FROM by_village b JOIN regions v ON v.code = b.code LEFT JOIN regions t ON t.code = v.parent_code
WHERE b.overdue > 0
ORDER BY b.overdue DESC, v.code`;
}
