import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../db/connector';
import { alertText } from '../i18n/zh-alerts';
import type { Rgba } from '../map/colour-scales';
import type { MapTheme, PointSet } from '../map/map-theme';
import { alertsSql, type AlertsRow } from '../measures/alerts';
import { alertLines } from './panel/AlertsSection';
import { measureQuery } from './queries';
import type { ThemeContext } from './themes/context';

/** A magenta no theme uses for its own points or fills. */
export const ALERT_COLOUR: Rgba = [176, 0, 130, 255];
const RING_RADIUS = 11;

/**
 * 显示强制报告村: the villages with any child on the roll (at the extract's date) carrying an alert, as rings at
 * the villages' label points — a village's point, never a child's. Screen only: left out of exported images.
 * Null while switched off or loading.
 */
export function useAlertVillages(ctx: ThemeContext, on: boolean): PointSet | null {
  const { conn, extract, geometry } = ctx;
  const query = useQuery({
    ...measureQuery(conn, extract, 'alerts', alertsSql, { level: 'village', asOf: extract.manifest.as_of }, 'map'),
    enabled: on,
  });
  return useMemo(() => {
    if (!on || !query.data) return null;
    const points = rowsOf<AlertsRow>(query.data).flatMap((r) => {
      const village = geometry.byCode.get(r.code);
      if (r.children_with_alert === 0 || !village) return [];
      return [{ id: r.code, position: village.label, colour: ALERT_COLOUR, radius: RING_RADIUS, title: r.name, lines: alertLines(r) }];
    });
    return { id: 'alert-villages', points, style: 'ring', screenOnly: true };
  }, [on, query.data, geometry]);
}

/** The theme with the alert villages drawn over it and named in the legend. */
export function withAlertVillages(theme: MapTheme, alerts: PointSet | null): MapTheme {
  if (!alerts) return theme;
  return {
    ...theme,
    points: [...theme.points, alerts],
    legend: {
      ...theme.legend,
      items: [...theme.legend.items, { label: alertText.mapLegend, colour: ALERT_COLOUR, shape: 'ring', screenOnly: true }],
    },
  };
}
