/**
 * The tree-shaken ECharts used by every chart of the app (the <Chart> component and server-side rendering),
 * and a helper that renders an option to an SVG string without a DOM: for tests now, for exports later.
 *
 * The modules registered here are exactly those the builders in ./options use; a builder that needs another
 * series type or component must add it here, or the chart silently renders without it.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { CHART_FONT_FAMILY } from './options';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent,
  SVGRenderer,
]);

export { echarts };

/** The option with the page's CJK font as the default of every text that does not set its own. */
export function withFont(option: EChartsOption): EChartsOption {
  const textStyle = Array.isArray(option.textStyle) ? option.textStyle[0] : option.textStyle;
  return { ...option, textStyle: { ...textStyle, fontFamily: textStyle?.fontFamily ?? CHART_FONT_FAMILY } };
}

/** Renders an option server-side (no DOM needed) to a standalone SVG document string of the given size in px. */
export function renderOptionToSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
