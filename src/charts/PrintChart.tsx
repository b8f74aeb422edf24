/**
 * A chart for print: the option rendered once to an SVG string (ECharts' SVG renderer in SSR mode) at a fixed
 * size and inlined, so the printed page holds vector text and lines, and nothing depends on a resize or an
 * animation finishing before the print dialog takes its snapshot. The string is inserted as markup only after
 * `isSafeSvg` has read it (ECharts escapes the names it writes; this does not depend on it).
 */
import { useMemo } from 'react';
import type { EChartsOption } from 'echarts';
import { renderOptionToSvg, withFont } from './render-svg';
import { isSafeSvg } from './safe-svg';
import { chartText } from '../i18n/zh-charts';

export function PrintChart({ option, width, height, testId }: { option: EChartsOption; width: number; height: number; testId?: string }) {
  const svg = useMemo(() => renderOptionToSvg(withFont(option), width, height), [option, width, height]);
  const title = Array.isArray(option.title) ? option.title[0]?.text : option.title?.text;
  // Names in the chart come from the extract: the markup goes into the page only once it is known to be drawing only.
  if (!isSafeSvg(svg)) {
    return (
      <div className="print-chart" style={{ width, height }} data-testid={testId} role="img" aria-label={typeof title === 'string' ? title : undefined}>
        <p className="note">{chartText.unsafeSvg}</p>
      </div>
    );
  }
  return (
    <div className="print-chart" style={{ width, height }} data-testid={testId} role="img" aria-label={typeof title === 'string' ? title : undefined} dangerouslySetInnerHTML={{ __html: svg }} />
  );
}
