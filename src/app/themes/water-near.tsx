import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import type { QueryPriority } from '../../db/query-queue';
import { waterTasks } from '../../export/task-list';
import { formatCount, persons, ui } from '../../i18n/zh';
import { waterNearText } from '../../i18n/zh-alerts';
import { fileText } from '../../i18n/zh-export';
import { waterItemNames, waterLegend } from '../../i18n/zh-water';
import type { Rgba } from '../../map/colour-scales';
import type { LegendItem, PointSet } from '../../map/map-theme';
import { waterNearChildrenSql, type WaterNearChildrenRow } from '../../measures/water-near-children';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../policy/settings';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { Section } from '../panel/Section';
import { measureQuery } from '../queries';
import type { ThemeContext } from './context';

/** How many of the top-ranked points the map circles. */
export const NEAR_ON_MAP = 20;
export const NEAR_COLOUR: Rgba = [24, 104, 214, 255];
const MIN_RADIUS = 9;
const MAX_RADIUS = 26;

/** The ranked incomplete points of the township drilled into, else of the whole county. */
export function waterNearQuery(ctx: ThemeContext, priority: QueryPriority = 'panel') {
  const { conn, extract, date, township } = ctx;
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
  return measureQuery(conn, extract, 'water-near-children', waterNearChildrenSql, { parentCode: township ?? ctx.county?.code ?? extract.manifest.county_code, asOf: date, intervalDays }, priority);
}

function missingOf(p: WaterNearChildrenRow): string {
  const items: [boolean, string][] = [
    [p.has_sign, waterItemNames.sign],
    [p.has_ring, waterItemNames.ring],
    [p.has_rope, waterItemNames.rope],
    [p.has_pole, waterItemNames.pole],
  ];
  return items
    .filter(([present]) => !present)
    .map(([, name]) => name)
    .join('、');
}

/**
 * The map layer: rings around the `NEAR_ON_MAP` top-ranked incomplete points, their area growing with the
 * children in the point's village and its neighbours (relative to the first). Screen only: the counts behind it
 * are not in exported images.
 */
export function nearPointSet(rows: readonly WaterNearChildrenRow[]): PointSet {
  const top = rows.slice(0, NEAR_ON_MAP);
  const max = Math.max(1, ...top.map((r) => r.children_nearby));
  return {
    id: 'water-near',
    style: 'ring',
    screenOnly: true,
    points: top.map((r) => ({
      id: `near-${r.point_id}`,
      position: [r.lng, r.lat],
      colour: NEAR_COLOUR,
      radius: MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(r.children_nearby / max),
      title: `${r.village_name} · ${r.point_id}`,
      lines: [
        [waterLegend.missingColumn, missingOf(r)],
        [waterNearText.tooltipNearby, persons(r.children_nearby)],
        [waterNearText.columns.own, persons(r.children_in_village)],
        [waterNearText.columns.neighbours, `${persons(r.children_in_neighbours)}（${waterNearText.neighbourVillages(r.neighbour_villages)}）`],
      ],
    })),
  };
}

export const nearLegendItem: LegendItem = { label: waterNearText.mapLegend(NEAR_ON_MAP), colour: NEAR_COLOUR, shape: 'ring', screenOnly: true };

/**
 * 周边儿童最多的缺项点位: the incomplete points of the area on screen ranked by the children in their village and
 * the villages sharing a border with it. The screen shows the counts; the export is the water 督办清单 in this
 * order, whose 涉及儿童数 is the point's own village (suppressed): the neighbourhood sums overlap from row to row and
 * could give back a small village's count, so they stay on screen.
 */
export function WaterNearSection({ ctx }: { ctx: ThemeContext }) {
  const { date, scope, extract } = ctx;
  const threshold = extract.manifest.small_cell_threshold;
  const query = useQuery(waterNearQuery(ctx));
  const rows = query.data ? rowsOf<WaterNearChildrenRow>(query.data).filter((r) => scope.level !== 'village' || r.village_code === scope.code) : null;
  const area = exportAreaLabel(ctx);
  const meta = exportMetaOf(ctx, `${area}${waterNearText.exportTitle}${fileText.taskListWord}`, date);
  return (
    <Section title={`${ui.gapList} · ${waterNearText.title}`} testId="water-near">
      <p className="note" data-testid="water-near-placement">
        {waterNearText.placement}
      </p>
      <AreaTable<WaterNearChildrenRow>
        rows={rows}
        rowKey={(r) => r.point_id}
        onSelect={(r) => ctx.select(r.village_code)}
        testId="water-near-list"
        exportName={`${area}_${fileText.taskListWord}_${waterNearText.exportTitle}_${date}`}
        exportMeta={{ ...meta, notes: [waterNearText.exportNote] }}
        taskList={waterTasks}
        threshold={threshold}
        columns={[
          { header: waterNearText.columns.village, show: (r) => r.village_name },
          { header: waterNearText.columns.missing, show: missingOf },
          {
            header: waterNearText.columns.nearby,
            show: (r) => waterNearText.nearbyCell(formatCount(r.children_nearby), formatCount(r.children_in_village), formatCount(r.children_in_neighbours)),
            numeric: true,
          },
        ]}
      />
      <p className="note">
        {waterNearText.definition(date)} {ui.csvNote(threshold)}
      </p>
    </Section>
  );
}
