import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { ALERTS } from '../../extract/schema';
import { alertTasks } from '../../export/task-list';
import { formatCount, persons, ui, units, withUnit } from '../../i18n/zh';
import { alertClauses, alertKindNames, alertKindShort, alertText } from '../../i18n/zh-alerts';
import { fileText } from '../../i18n/zh-export';
import { alertsSql, type AlertsRow } from '../../measures/alerts';
import { measureQuery } from '../queries';
import { subLevelOf, type ThemeContext } from '../themes/context';
import { AreaTable } from './AreaTable';
import { exportAreaLabel, exportMetaOf } from './export-meta';

/** “独居或失联 2、监护缺失 1”: the kinds present in a row, with their counts (screen only). */
export function alertKindsText(row: AlertsRow): string {
  return alertText.kindsOf(ALERTS.map((k) => [alertKindShort[k], row[k]]));
}

/**
 * 强制报告, above every theme's panel and never hidden: the children on the roll at the extract's date with an
 * alert flag in the area on screen, by kind, with the clauses that make reporting a duty; below it, the
 * townships (or the villages of a township) that have any, clickable. The flags carry no date, so the figures are
 * those of the extract's as-of date whatever month is selected.
 */
export function AlertsSection({ ctx }: { ctx: ThemeContext }) {
  const { conn, extract, scope } = ctx;
  const { as_of: asOf, small_cell_threshold: threshold } = extract.manifest;
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery(measureQuery(conn, extract, 'alerts', alertsSql, { level: scope.level, parentCode: scope.parentCode, asOf }));
  const subQuery = useQuery({
    ...measureQuery(conn, extract, 'alerts', alertsSql, { level: subLevel ?? 'village', parentCode: scope.code, asOf }),
    enabled: subLevel !== null,
  });
  const row = scopeQuery.data ? (rowsOf<AlertsRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<AlertsRow>(subQuery.data) : null;
  const total = row?.children_with_alert ?? 0;
  const area = exportAreaLabel(ctx);
  return (
    <section className={`alerts${total > 0 ? ' alerts-on' : ''}`} data-testid="alerts" aria-busy={!row}>
      <div className="alerts-head">
        <h3>{alertText.title}</h3>
        <span className="alerts-total" title={alertText.definition(asOf)}>
          {alertText.children} <span data-testid="alerts-total">{row ? formatCount(total) : '…'}</span>
          <small> {units.person}</small>
        </span>
      </div>
      <p className="alerts-as-of" data-testid="alerts-as-of">
        {alertText.asOf(asOf)}
      </p>
      {row && total === 0 && <p className="note">{alertText.none}</p>}
      {row && total > 0 && (
        <ul className="alerts-kinds">
          {ALERTS.map((k) => (
            <li key={k} title={alertKindNames[k]}>
              {alertKindShort[k]} <b data-testid={`alerts-kind-${k}`}>{formatCount(row[k])}</b>
            </li>
          ))}
        </ul>
      )}
      {subLevel && total > 0 && (
        <>
          <h4>{alertText.listTitle[subLevel]}</h4>
          <AreaTable<AlertsRow>
            rows={subRows ? subRows.filter((r) => r.children_with_alert > 0) : null}
            exportRows={subRows ?? []}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="alerts-list"
            limit={5}
            exportName={`${area}_${fileText.taskListWord}_${alertText.taskTheme}_${asOf}`}
            exportMeta={exportMetaOf(ctx, `${area}${alertText.taskTheme}${fileText.taskListWord}`, asOf)}
            taskList={(rows) => alertTasks(rows, scope)}
            threshold={threshold}
            empty={alertText.listNone}
            columns={[
              { header: alertText.listTitle[subLevel].replace('各', ''), show: (r) => r.name },
              { header: withUnit(alertText.children, units.person), show: (r) => formatCount(r.children_with_alert), numeric: true, count: true, csv: (r) => r.children_with_alert },
              { header: alertText.kinds, show: alertKindsText },
            ]}
          />
        </>
      )}
      <p className="note" data-testid="alerts-clause">
        {alertText.clauseTitle}：{alertClauses[0]?.source}：{alertClauses[0]?.clause}
      </p>
      <details>
        <summary>{alertText.moreBasis}</summary>
        {alertClauses.slice(1).map((c) => (
          <p key={c.source}>
            {c.source}：{c.clause}
          </p>
        ))}
        <p>{alertText.definition(asOf)}</p>
        <p>
          {alertText.staffNote} {ui.csvNote(threshold)}
        </p>
      </details>
    </section>
  );
}

/** The screen's summary of a row for a tooltip: children and kinds. */
export function alertLines(row: AlertsRow): [string, string][] {
  return [
    [alertText.tooltipChildren, persons(row.children_with_alert)],
    [alertText.kinds, alertKindsText(row)],
  ];
}
