/**
 * A chart for print: the option rendered once to an SVG string (ECharts' SVG renderer in SSR mode) at a fixed
 * size and inlined, so the printed page holds vector text and lines, and nothing depends on a resize or an
 * animation finishing before the print dialog takes its snapshot.
 */
import { useMemo } from 'react';
import type { EChartsOption } from 'echarts';
import { renderOptionToSvg, withFont } from './render-svg';

export function PrintChart({ option, width, height, testId }: { option: EChartsOption; width: number; height: number; testId?: string }) {
  const svg = useMemo(() => renderOptionToSvg(withFont(option), width, height), [option, width, height]);
  const title = Array.isArray(option.title) ? option.title[0]?.text : option.title?.text;
  return (
    <div className="print-chart" style={{ width, height }} data-testid={testId} role="img" aria-label={typeof title === 'string' ? title : undefined} dangerouslySetInnerHTML={{ __html: svg }} />
  );
}
