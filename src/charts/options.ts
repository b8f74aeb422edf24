/**
 * Chart option builders: already-computed small arrays in, an ECharts option out.
 *
 * Charts never compute statistics. Every builder takes figures that the measures layer has already computed
 * (counts, rates, targets) and only lays them out: no DuckDB, no React, no sums or shares here. The only
 * arithmetic is presentational (the change since the previous period for a label, the direction of a risk
 * transition for a cell's tint). Rows are drawn in the order given: callers sort (e.g. a ranking, best first).
 *
 * Every chart carries a Chinese title, a subtitle with the unit and the as-of date, axis names with units,
 * Chinese-formatted tooltips and, for synthetic data, the mark 示例数据（虚构） in the top-right corner.
 * Layouts are tuned for 400–600 px wide; horizontal bar charts grow with their rows (see barChartHeight).
 */
import type {
  BarSeriesOption,
  EChartsOption,
  GraphicComponentOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  TitleComponentOption,
  TooltipComponentFormatterCallbackParams,
  TooltipComponentOption,
  YAXisComponentOption,
} from 'echarts';
import type { Colour } from '../extract/schema';
import { app, colourNames, formatCount, formatShare } from '../i18n/zh';
import { CJK_FONT_FAMILY, RISK_COLOURS } from '../map/colour-scales';
import { chartText } from '../i18n/zh-charts';

export { chartText };

export interface ChartContext {
  /** The extract's as-of date, YYYY-MM-DD. */
  asOf: string;
  /** The data are synthetic (the demo extract): every chart then carries 示例数据（虚构）. */
  synthetic: boolean;
  /** For exports and print: no animation. */
  static?: boolean;
}

export type Grade = Colour | 'ungraded';

export interface ColourMixRow {
  name: string;
  red: number;
  yellow: number;
  blue: number;
  green: number;
  ungraded: number;
  /** Exports: counts hidden by small-cell suppression, with their mark ("<5" or "*"); drawn as nothing. */
  marks?: Partial<Record<Grade, string>>;
}

export interface TransitionRow {
  from: Grade;
  to: Grade;
  children: number;
  /** Exports: the count is hidden by small-cell suppression; the cell shows this mark instead. */
  mark?: string;
}

export interface ComplianceRow {
  /** YYYY-MM */
  month: string;
  /** 0–1; null when nobody was due that month. */
  rate: number | null;
  /** Children due a visit that month. */
  due: number;
}

export interface RankingRow {
  name: string;
  value: number | null;
  previous: number | null;
}

export interface TargetRow {
  name: string;
  target: number | null;
  actual: number;
}

export interface MissingItemsRow {
  name: string;
  missing_sign: number;
  missing_ring: number;
  missing_rope: number;
  missing_pole: number;
}

// ---------------------------------------------------------------------------------------------------------
// Chinese labels and formatting
// ---------------------------------------------------------------------------------------------------------


const QUARTERS = ['一', '二', '三', '四'] as const;

/** 2026-Q3 (or 2026Q3) → 2026年第三季度; anything else is returned as it is. */
export function formatQuarterZh(period: string): string {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(period.trim());
  if (!m) return period;
  return `${m[1]}年第${QUARTERS[Number(m[2]) - 1]}季度`;
}

/**
 * A change of a rate (a share 0–1) in percentage points, rounded half away from zero to one decimal:
 * 0.012 → ↑1.2个百分点, -0.005 → ↓0.5个百分点; a change that rounds to 0.0 (|delta| < 0.0005) is 持平.
 */
export function formatPointChange(delta: number): string {
  if (!Number.isFinite(delta)) return chartText.none;
  // Round on the decimal string of the absolute value (toFixed), so +x and -x round alike.
  const points = roundHalfUp(Math.abs(delta) * 100, 1);
  if (Number(points) === 0) return chartText.steady;
  return chartText.pointChange(delta > 0 ? '↑' : '↓', points);
}

/** A change of a count: 3 → ↑3名, -12 → ↓12名, 0 → 持平. Fractions are rounded to whole units. */
export function formatCountChange(delta: number, unit = '名'): string {
  if (!Number.isFinite(delta)) return chartText.none;
  const n = Math.round(Math.abs(delta));
  if (n === 0) return chartText.steady;
  return `${delta > 0 ? '↑' : '↓'}${formatCount(n)}${unit}`;
}

/** Half away from zero for a non-negative number, robust to binary noise such as 1.2000000000000002 or 0.049999999. */
function roundHalfUp(x: number, digits: number): string {
  const scale = 10 ** digits;
  return (Math.round(Number((x * scale).toPrecision(12))) / scale).toFixed(digits);
}

/** 2026-01 → 2026年1月; with `short`, 2026-03 → 3月. Anything else is returned as it is. */
export function formatMonthZh(month: string, short = false): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return short ? `${Number(m[2])}月` : `${m[1]}年${Number(m[2])}月`;
}

/** Pixel height that keeps a horizontal bar chart readable: about 26 px a row plus the title, legend and axis. */
export function barChartHeight(rows: number): number {
  return Math.max(240, 130 + 26 * rows);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function asNumber(v: unknown): number | null {
  const n = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

const countWith = (unit: string) => (v: unknown) => {
  const n = asNumber(v);
  return n === null ? chartText.none : `${formatCount(n)}${unit}`;
};

const shareOf = (v: unknown) => formatShare(asNumber(v));

// ---------------------------------------------------------------------------------------------------------
// Shared layout
// ---------------------------------------------------------------------------------------------------------

const INK = '#1b2330';
const MUTED = '#5b6676';
const LINE = '#d8dee6';
const ACCENT = '#b3261e';
const BAR = '#3d6690';

/**
 * CJK_FONT_FAMILY with single quotes: the SVG renderer writes the family into a double-quoted style attribute
 * without escaping it, so double quotes would break the SVG a server-side render produces.
 */
export const CHART_FONT_FAMILY = CJK_FONT_FAMILY.replace(/"/g, "'");
const FONT = { fontFamily: CHART_FONT_FAMILY };
const TITLE_SIZE = 15;
const TEXT_SIZE = 12;
const SIDE = 12;
/** Axis labels of area names wrap at this width (about eight characters). */
const NAME_WIDTH = 98;
/** Width of a band's name (e.g. 占比高于搬经镇的村（社区）（12个）, on two lines). */
const BAND_NAME_WIDTH = 150;
/** The bar of children neither red nor yellow: a neutral grey, apart from the four colours. */
const REST_COLOUR = '#b8c2cc';

/** Vertical position, in px, of the first thing below a header with this many title and subtitle lines. */
function belowHeader(titleLines: number, subtitleLines: number): number {
  return 10 + 22 * titleLines + 4 + 17 * subtitleLines + 6;
}

interface Frame {
  title: string;
  /** Subtitle lines; the last one is the unit and the as-of date. */
  subtitle: string[];
  legend?: string[];
  tooltip: TooltipComponentOption;
}

/** Rough width in px of one line of text: CJK and full-width characters 1 em, others about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.6 * fontSize : fontSize;
  return w;
}

/** The synthetic mark is about this wide; a title wider than the rest of a 400 px chart pushes it to the bottom. */
const MARK_WIDTH = 112;
const NARROWEST = 400;
/** Height of the strip at the bottom that holds the synthetic mark when the title leaves no room at the top. */
const MARK_STRIP = 26;

/**
 * The parts every chart shares: title, subtitle, synthetic mark, font, animation, background. Returns the
 * option and the free band (top, bottom) in px for the grid.
 */
function frame(ctx: ChartContext, f: Frame): { option: EChartsOption; top: number; bottom: number } {
  // A title too long for the narrowest chart wraps at that width (and the header grows by its lines).
  const titleWidth = textWidth(f.title, TITLE_SIZE);
  const wrapAt = NARROWEST - 2 * SIDE;
  const titleLines = titleWidth > wrapAt ? Math.ceil(titleWidth / wrapAt) : 1;
  const title: TitleComponentOption = {
    text: f.title,
    subtext: f.subtitle.join('\n'),
    left: SIDE,
    top: 10,
    itemGap: 4,
    padding: 0,
    textStyle: {
      ...FONT,
      fontSize: TITLE_SIZE,
      fontWeight: 'bold',
      color: INK,
      lineHeight: 22,
      ...(titleLines > 1 ? { width: wrapAt, overflow: 'break' as const } : {}),
    },
    subtextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, lineHeight: 17 },
  };
  const markAtBottom = ctx.synthetic && titleWidth > NARROWEST - 2 * SIDE - MARK_WIDTH - 8;
  const graphic: GraphicComponentOption[] = ctx.synthetic
    ? [
        {
          type: 'text',
          right: SIDE,
          ...(markAtBottom ? { bottom: 6 } : { top: 10 }),
          z: 100,
          silent: true,
          style: {
            text: app.synthetic,
            fill: ACCENT,
            fontSize: TEXT_SIZE,
            fontWeight: 'bold',
            fontFamily: CHART_FONT_FAMILY,
            backgroundColor: '#fff',
            borderColor: ACCENT,
            borderWidth: 1,
            borderRadius: 2,
            padding: [3, 6],
          },
        },
      ]
    : [];
  let top = belowHeader(titleLines, f.subtitle.length);
  const option: EChartsOption = {
    animation: !ctx.static,
    backgroundColor: '#ffffff',
    textStyle: { ...FONT, color: INK },
    title,
    graphic,
    tooltip: {
      confine: true,
      textStyle: { ...FONT, fontSize: TEXT_SIZE, color: INK },
      ...f.tooltip,
    },
  };
  if (f.legend) {
    option.legend = {
      data: f.legend,
      top,
      left: SIDE,
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 12,
      padding: 0,
      textStyle: { ...FONT, fontSize: TEXT_SIZE, color: INK },
    };
    top += 24;
  }
  return { option, top, bottom: 8 + (markAtBottom ? MARK_STRIP : 0) };
}

const unitLine = (ctx: ChartContext, unit: string, note?: string) =>
  [chartText.unit(unit), note, chartText.asOf(ctx.asOf)].filter(Boolean).join(' · ');

function valueAxisBase(name: string) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 26,
    nameTextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED },
    axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED },
    splitLine: { lineStyle: { color: LINE } },
  };
}

/** The category axis of area names, top to bottom in row order, long names wrapped. */
function areaAxis(names: string[]): YAXisComponentOption {
  return {
    type: 'category',
    data: names,
    inverse: true,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: LINE } },
    axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: INK, interval: 0, width: NAME_WIDTH, overflow: 'break', lineHeight: 13 },
  };
}

/**
 * A second category axis on the right of a horizontal bar chart whose labels are a value column
 * (e.g. "93.4%  ↑1.2个百分点"), aligned with the rows of the area axis.
 */
function valueColumnAxis(labels: string[], rich: Record<string, object>): YAXisComponentOption {
  return {
    type: 'category',
    position: 'right',
    data: labels.map((_, i) => String(i)),
    inverse: true,
    axisTick: { show: false },
    axisLine: { show: false },
    axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: INK, margin: 8, formatter: (_v: string, i: number) => labels[i] ?? '', rich },
  };
}

/** A grid whose rectangle holds the plot and its axis labels and names (they are laid out inside it). */
const grid = (top: number, bottom = 8, side = SIDE) => ({
  left: side,
  right: side + 4,
  top,
  bottom,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'all' as const,
});

// ---------------------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------------------

const GRADES = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const satisfies readonly Grade[];

/** Children by risk colour per area: a horizontal stacked bar per area, red/yellow/blue/green and grey 未评估. */
export function colourMixByAreaOption(ctx: ChartContext, rows: readonly ColourMixRow[], title: string = chartText.colourMixTitle): EChartsOption {
  const legend = GRADES.map((g) => colourNames[g]);
  const { option, top, bottom } = frame(ctx, {
    title,
    subtitle: [unitLine(ctx, '名')],
    legend,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: countWith('名') },
  });
  const series: BarSeriesOption[] = GRADES.map((g) => ({
    type: 'bar',
    name: colourNames[g],
    stack: 'children',
    data: rows.map((r) => (r.marks?.[g] ? null : r[g])),
    barMaxWidth: 20,
    itemStyle: { color: RISK_COLOURS[g], borderColor: '#ffffff', borderWidth: 0.5 },
    emphasis: { focus: 'series' },
  }));
  // Hidden counts are listed on the right of their area's bar (e.g. 红<5 黄*), so the reader knows a segment is missing.
  const marks = rows.map((r) =>
    GRADES.filter((g) => r.marks?.[g])
      .map((g) => `${colourNames[g].slice(0, 1)}${r.marks?.[g]}`)
      .join(' '),
  );
  return {
    ...option,
    grid: grid(top, bottom),
    xAxis: { ...valueAxisBase(chartText.colourMixAxis), minInterval: 1 },
    yAxis: marks.some(Boolean) ? [areaAxis(rows.map((r) => r.name)), valueColumnAxis(marks, {})] : areaAxis(rows.map((r) => r.name)),
    series,
  };
}

/** How the banded chart names its bars and its note line (Chinese, from src/i18n). */
export interface RedYellowBandText {
  band: (band: RedYellowBand, areas: number) => string;
  /** The line under the title: the scope's share and the areas without red or yellow children. */
  key: string;
}

/** Which side of the scope's own share of red and yellow children an area falls on. */
export type RedYellowBand = 'above' | 'atOrBelow';

/** One bar of the banded chart: the areas of a band, their children split into red + yellow and the rest. */
export interface RedYellowBandRow {
  band: RedYellowBand;
  /** Areas in the band (a count of areas, not of children). */
  areas: number;
  redYellow: number;
  rest: number;
  /** Counts hidden by small-cell suppression, with their mark ("<5" or "*"); drawn as nothing. */
  marks?: Partial<Record<'redYellow' | 'rest', string>>;
}

/**
 * Areas grouped by their share of red and yellow children (see `redYellowBandsForExport`): a horizontal stacked
 * bar per band, red + yellow together and the rest, hidden counts drawn as nothing with their mark on the right.
 */
export function redYellowBandsOption(ctx: ChartContext, rows: readonly RedYellowBandRow[], title: string, text: RedYellowBandText): EChartsOption {
  const parts = ['redYellow', 'rest'] as const;
  const names = { redYellow: chartText.redYellowSeries, rest: chartText.restSeries };
  const colours = { redYellow: RISK_COLOURS.red, rest: REST_COLOUR };
  const { option, top, bottom } = frame(ctx, {
    title,
    subtitle: [text.key, unitLine(ctx, '名')],
    legend: parts.map((k) => names[k]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: countWith('名') },
  });
  const series: BarSeriesOption[] = parts.map((k) => ({
    type: 'bar',
    name: names[k],
    stack: 'children',
    data: rows.map((r) => (r.marks?.[k] ? null : r[k])),
    barMaxWidth: 28,
    itemStyle: { color: colours[k], borderColor: '#ffffff', borderWidth: 0.5 },
    label: { show: true, position: 'inside', ...FONT, fontSize: TEXT_SIZE, color: k === 'redYellow' ? '#ffffff' : INK, formatter: (p: { value: unknown }) => (typeof p.value === 'number' && p.value > 0 ? formatCount(p.value) : '') },
  }));
  const marks = rows.map((r) =>
    parts
      .filter((k) => r.marks?.[k])
      .map((k) => `${names[k]}${r.marks?.[k]}`)
      .join(' '),
  );
  const labels = rows.map((r) => text.band(r.band, r.areas));
  return {
    ...option,
    grid: grid(top, bottom),
    xAxis: { ...valueAxisBase(chartText.colourMixAxis), minInterval: 1 },
    yAxis: marks.some(Boolean) ? [bandAxis(labels), valueColumnAxis(marks, {})] : bandAxis(labels),
    series,
  };
}

/** The category axis of band names: wider than an area name (they say which side of the share and how many). */
function bandAxis(labels: string[]): YAXisComponentOption {
  const axis = areaAxis(labels);
  return { ...axis, axisLabel: { ...(axis.axisLabel as object), width: BAND_NAME_WIDTH } } as YAXisComponentOption;
}

const SEVERITY: Record<Colour, number> = { red: 3, yellow: 2, blue: 1, green: 0 };
/** Direction of a transition, the fourth value of a heatmap cell, mapped to its tint by a hidden visualMap. */
const DIRECTION = { same: 0, worse: 1, better: 2, ungraded: 3 } as const;
const TINT: Record<keyof typeof DIRECTION, string> = { same: '#e4e7eb', worse: '#f6c9cd', better: '#cdeacf', ungraded: '#f3f4f6' };

/**
 * Children by risk colour last period (rows) and this period (columns): a 5×5 matrix of counts, tinted red
 * where the risk rose, green where it fell, grey where it stayed. Pairs without a row are left blank; give
 * one row per pair. `period` is e.g. 2026-Q3 or 2026年第三季度.
 */
export function colourTransitionsOption(ctx: ChartContext, rows: readonly TransitionRow[], period: string): EChartsOption {
  const names = GRADES.map((g) => colourNames[g]);
  const index = (g: Grade) => GRADES.indexOf(g);
  const direction = (from: Grade, to: Grade): number => {
    if (from === 'ungraded' || to === 'ungraded') return from === to ? DIRECTION.same : DIRECTION.ungraded;
    const d = SEVERITY[to] - SEVERITY[from];
    return d > 0 ? DIRECTION.worse : d < 0 ? DIRECTION.better : DIRECTION.same;
  };
  const tip = (i: number) => {
    const r = rows[i];
    if (!r) return '';
    return `${colourNames[r.from]} → ${colourNames[r.to]}<br/>${formatCount(r.children)}名`;
  };
  const { option, top, bottom } = frame(ctx, {
    title: chartText.transitionTitle(formatQuarterZh(period)),
    subtitle: [unitLine(ctx, '名'), chartText.transitionKey],
    tooltip: {
      trigger: 'item',
      formatter: (p: TooltipComponentFormatterCallbackParams) => tip(Array.isArray(p) ? (p[0]?.dataIndex ?? -1) : p.dataIndex),
    },
  });
  const swatch = Object.fromEntries(GRADES.map((g) => [g, { color: RISK_COLOURS[g], fontSize: TEXT_SIZE }]));
  const gradeLabel = (v: string) => {
    const g = GRADES[names.indexOf(v)];
    return g ? `{${g}|■} ${v}` : v;
  };
  const axisName = { ...FONT, fontSize: TEXT_SIZE, color: MUTED, fontWeight: 'bold' as const };
  const series: HeatmapSeriesOption = {
    type: 'heatmap',
    name: chartText.transitionTitle(formatQuarterZh(period)),
    data: rows.map((r) => ({
      value: [index(r.to), index(r.from), r.children, direction(r.from, r.to)],
      label: { formatter: r.mark ?? formatCount(r.children) },
    })),
    label: { show: true, ...FONT, fontSize: 13, fontWeight: 'bold', color: INK },
    itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
    emphasis: { itemStyle: { borderColor: INK, borderWidth: 1 } },
  };
  return {
    ...option,
    grid: grid(top + 4, bottom, SIDE + 4),
    xAxis: {
      type: 'category',
      position: 'top',
      data: names,
      name: chartText.transitionTo,
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: axisName,
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: INK, interval: 0, formatter: gradeLabel, rich: swatch },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true,
      // Upright characters stacked top to bottom, as Chinese tables label a row header.
      name: [...chartText.transitionFrom].join('\n'),
      nameLocation: 'middle',
      nameGap: 62,
      nameRotate: 0,
      nameTextStyle: axisName,
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: INK, interval: 0, formatter: gradeLabel, rich: swatch },
      splitArea: { show: false },
    },
    // ECharts requires a visualMap for a heatmap; this one colours each cell by its direction, not its count.
    visualMap: {
      type: 'piecewise',
      show: false,
      seriesIndex: 0,
      dimension: 3,
      pieces: (Object.keys(DIRECTION) as (keyof typeof DIRECTION)[]).map((k) => ({ value: DIRECTION[k], color: TINT[k] })),
    },
    series: [series],
  };
}

/**
 * Monthly share of children visited on time (0–1) under a policy profile, with the target as a dashed line.
 * A month with rate null (nobody due) is a gap in the line.
 */
export function complianceTrendOption(ctx: ChartContext, rows: readonly ComplianceRow[], target: number, profileName: string): EChartsOption {
  // Months are short (3月); the first month and every January carry the year on a second line (1月\n2026年).
  const labels = rows.map((r, i) => {
    const short = formatMonthZh(r.month, true);
    return i === 0 || r.month.endsWith('-01') ? `${short}\n${r.month.slice(0, 4)}年` : short;
  });
  // The rate axis ends at 100% and starts on a 10% step at least 5 points below the lowest rate and the target.
  const axisMin = (extent: { min: number }) => {
    const low = Math.min(Number.isFinite(extent.min) ? extent.min : 0, target);
    return Math.max(0, Math.floor((low - 0.05) * 10) / 10);
  };
  const tip = (i: number) => {
    const r = rows[i];
    if (!r) return '';
    const rate = r.rate === null ? chartText.complianceNoneDue : `${chartText.complianceSeries}：${formatShare(r.rate)}`;
    return `${escapeHtml(formatMonthZh(r.month))}<br/>${rate}<br/>${chartText.complianceDue}：${formatCount(r.due)}名`;
  };
  const { option, top, bottom } = frame(ctx, {
    title: chartText.complianceTitle,
    // The target is named here, not on its line, where it would collide with points near it.
    subtitle: [chartText.complianceProfile(profileName), unitLine(ctx, '%', chartText.targetKey(formatShare(target)))],
    tooltip: {
      trigger: 'axis',
      formatter: (p: TooltipComponentFormatterCallbackParams) => tip(Array.isArray(p) ? (p[0]?.dataIndex ?? -1) : p.dataIndex),
    },
  });
  const series: LineSeriesOption = {
    type: 'line',
    name: chartText.complianceSeries,
    data: rows.map((r) => r.rate),
    connectNulls: false,
    symbol: 'circle',
    symbolSize: 6,
    lineStyle: { color: BAR, width: 2 },
    itemStyle: { color: BAR },
    label: { show: true, position: 'bottom', ...FONT, fontSize: 10, color: INK, formatter: (p) => shareOf(p.value) },
    labelLayout: { hideOverlap: true },
    markLine: {
      silent: true,
      symbol: 'none',
      data: [{ yAxis: target, name: chartText.target }],
      lineStyle: { color: ACCENT, type: 'dashed', width: 1.5 },
      label: { show: false },
    },
  };
  return {
    ...option,
    grid: grid(top, bottom, SIDE + 8),
    xAxis: {
      type: 'category',
      data: labels,
      name: chartText.complianceMonthAxis,
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED },
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: LINE } },
      axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, interval: 0, lineHeight: 15 },
    },
    yAxis: {
      ...valueAxisBase(chartText.complianceAxis),
      // Above the axis, reading left to right.
      nameLocation: 'end',
      nameGap: 14,
      nameTextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, align: 'left' },
      min: axisMin,
      max: (extent: { max: number }) => Math.max(1, Math.ceil(extent.max * 10) / 10),
      splitNumber: 4,
      axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, formatter: (v: number) => formatShare(v, 0) },
    },
    series: [series],
  };
}

/**
 * A ranking: one horizontal bar per area, first row at the top (pass the rows best first), with a column on
 * the right giving the value and the change since the previous quarter (↑1.2个百分点 for rates, ↑3名 for counts).
 * A null value has no bar and shows —. Rates are shares 0–1 drawn on a 0–100% axis.
 */
export function rankingOption(ctx: ChartContext, rows: readonly RankingRow[], measureName: string, unit: '%' | '名'): EChartsOption {
  const isRate = unit === '%';
  const show = (v: number | null) => (v === null ? chartText.none : isRate ? formatShare(v) : formatCount(v));
  const change = (r: RankingRow) => {
    if (r.value === null || r.previous === null) return '';
    return isRate ? formatPointChange(r.value - r.previous) : formatCountChange(r.value - r.previous, unit);
  };
  const column = rows.map((r) => {
    const c = change(r);
    const style = c.startsWith('↑') ? 'up' : c.startsWith('↓') ? 'down' : 'flat';
    return `{v|${show(r.value)}}${c ? `{${style}|${c}}` : ''}`;
  });
  const changeStyle = { ...FONT, fontSize: TEXT_SIZE, color: MUTED, padding: [0, 0, 0, 6] };
  const rich = {
    v: { ...FONT, fontSize: TEXT_SIZE, fontWeight: 'bold', color: INK, width: isRate ? 54 : 44, align: 'right' },
    up: changeStyle,
    down: changeStyle,
    flat: changeStyle,
  };
  const tip = (i: number) => {
    const r = rows[i];
    if (!r) return '';
    const lines = [`<b>${escapeHtml(r.name)}</b>`, `${escapeHtml(measureName)}：${show(r.value)}${isRate || r.value === null ? '' : unit}`];
    if (r.previous !== null) lines.push(`${chartText.previous}：${show(r.previous)}${isRate ? '' : unit}`);
    const c = change(r);
    if (c) lines.push(`${chartText.change}：${c}`);
    return lines.join('<br/>');
  };
  const { option, top, bottom } = frame(ctx, {
    title: chartText.rankingTitle(measureName),
    subtitle: [chartText.rankingChangeNote(unit), unitLine(ctx, unit)],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: TooltipComponentFormatterCallbackParams) => tip(Array.isArray(p) ? (p[0]?.dataIndex ?? -1) : p.dataIndex),
    },
  });
  const series: BarSeriesOption = {
    type: 'bar',
    name: measureName,
    data: rows.map((r) => r.value),
    barMaxWidth: 18,
    itemStyle: { color: BAR },
  };
  const xAxis = valueAxisBase(`${measureName}（${unit}）`);
  return {
    ...option,
    grid: grid(top, bottom),
    xAxis: isRate
      ? {
          ...xAxis,
          min: 0,
          max: 1,
          // Labels every 50% fit at 400 px; unlabelled grid lines mark the quarters.
          interval: 0.5,
          minorTick: { show: false, splitNumber: 2 },
          minorSplitLine: { show: true, lineStyle: { color: LINE, type: 'dashed' } },
          axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, formatter: (v: number) => formatShare(v, 0) },
        }
      : { ...xAxis, min: 0, minInterval: 1, axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, formatter: (v: number) => formatCount(v) } },
    yAxis: [areaAxis(rows.map((r) => r.name)), valueColumnAxis(column, rich)],
    series: [series],
  };
}

/**
 * Actual against target per area (e.g. village care stations 建成/目标): the target as a dashed outline over
 * the actual bar, and a column "建成 / 目标" on the right. A null target draws no target bar and shows —.
 */
export function targetProgressOption(ctx: ChartContext, rows: readonly TargetRow[], title: string, unit = '个'): EChartsOption {
  const column = rows.map((r) => `{a|${formatCount(r.actual)}}{t| / ${r.target === null ? chartText.none : formatCount(r.target)}}`);
  const rich = {
    a: { ...FONT, fontSize: TEXT_SIZE, fontWeight: 'bold', color: INK, width: 28, align: 'right' },
    t: { ...FONT, fontSize: TEXT_SIZE, color: MUTED },
  };
  const { option, top, bottom } = frame(ctx, {
    title,
    subtitle: [unitLine(ctx, unit)],
    legend: [chartText.built, chartText.target],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: countWith(unit) },
  });
  const series: BarSeriesOption[] = [
    {
      type: 'bar',
      name: chartText.target,
      data: rows.map((r) => r.target),
      barWidth: 16,
      barGap: '-100%',
      // Over the actual bar, as an outline: an area beyond its target still shows where the target was.
      z: 3,
      itemStyle: { color: 'rgba(0,0,0,0)', borderColor: INK, borderWidth: 1.2, borderType: 'dashed' },
    },
    {
      type: 'bar',
      name: chartText.built,
      data: rows.map((r) => r.actual),
      barWidth: 16,
      z: 2,
      itemStyle: { color: BAR },
    },
  ];
  return {
    ...option,
    grid: grid(top, bottom),
    xAxis: { ...valueAxisBase(chartText.targetAxis(unit)), min: 0, minInterval: 1 },
    yAxis: [areaAxis(rows.map((r) => r.name)), valueColumnAxis(column, rich)],
    series,
  };
}

const MISSING_KEYS = ['missing_sign', 'missing_ring', 'missing_rope', 'missing_pole'] as const;
/** Four categorical colours that do not read as risk colours. */
const MISSING_COLOURS = ['#7a5195', '#ef8f3a', '#2a9d8f', '#8c6d46'] as const;

/**
 * Water-side sites lacking each safety item (警示牌/救生圈/救生绳/救生杆) per area, stacked: a site lacking two
 * items counts in two segments, so the bar length counts missing items, not sites.
 */
export function missingItemsOption(ctx: ChartContext, rows: readonly MissingItemsRow[], title: string = chartText.missingTitle): EChartsOption {
  const legend = MISSING_KEYS.map((k) => chartText.missingItems[k]);
  const { option, top, bottom } = frame(ctx, {
    title,
    subtitle: [unitLine(ctx, chartText.missingUnit)],
    legend,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: countWith(chartText.missingUnit) },
  });
  const series: BarSeriesOption[] = MISSING_KEYS.map((k, i) => ({
    type: 'bar',
    name: chartText.missingItems[k],
    stack: 'missing',
    data: rows.map((r) => r[k]),
    barMaxWidth: 20,
    itemStyle: { color: MISSING_COLOURS[i], borderColor: '#ffffff', borderWidth: 0.5 },
    emphasis: { focus: 'series' },
  }));
  return {
    ...option,
    grid: grid(top, bottom),
    xAxis: { ...valueAxisBase(chartText.missingAxis), minInterval: 1 },
    yAxis: areaAxis(rows.map((r) => r.name)),
    series,
  };
}

/** One month of the 监护落实 trend, as drawn. Exports: a hidden figure is null, a hidden count carries its mark. */
export interface GuardianshipTrendChartRow {
  /** YYYY-MM */
  month: string;
  /** 0–1; null when no left-behind child has the flag filled in, or when hidden. */
  agreementRate: number | null;
  pairingRate: number | null;
  /** Children whose latest assessment is older than the interval; never assessed. Null when hidden. */
  stale: number | null;
  never: number | null;
  marks?: Partial<Record<'stale' | 'never', string>>;
}

/** Month labels: short (3月), the first month and every January with the year on a second line. */
function monthAxisLabels(months: readonly string[]): string[] {
  return months.map((m, i) => {
    const short = formatMonthZh(m, true);
    return i === 0 || m.endsWith('-01') ? `${short}\n${m.slice(0, 4)}年` : short;
  });
}

function monthAxis(months: readonly string[]) {
  return {
    type: 'category' as const,
    data: monthAxisLabels(months),
    name: chartText.complianceMonthAxis,
    nameLocation: 'middle' as const,
    nameGap: 28,
    nameTextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED },
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: LINE } },
    axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, interval: 0, lineHeight: 15 },
  };
}

const PAIRING_COLOUR = '#2a9d8f';

/**
 * 委托照护协议签订率 and “1+1+1”结对落实率 month by month (0–1), the 100% target dashed; each line ends with its
 * last month's value. A null rate is a gap in the line.
 */
export function guardianshipRatesTrendOption(ctx: ChartContext, rows: readonly GuardianshipTrendChartRow[]): EChartsOption {
  const t = chartText.guardianshipTrend;
  const tip = (i: number) => {
    const r = rows[i];
    if (!r) return '';
    return `${escapeHtml(formatMonthZh(r.month))}<br/>${t.agreement}：${formatShare(r.agreementRate)}<br/>${t.pairing}：${formatShare(r.pairingRate)}`;
  };
  const { option, top, bottom } = frame(ctx, {
    title: t.ratesTitle,
    subtitle: [unitLine(ctx, '%', chartText.targetKey(formatShare(1)))],
    legend: [t.agreement, t.pairing],
    tooltip: { trigger: 'axis', formatter: (p: TooltipComponentFormatterCallbackParams) => tip(Array.isArray(p) ? (p[0]?.dataIndex ?? -1) : p.dataIndex) },
  });
  // The two lines often run close together: the higher one's end label goes above, the other's below.
  const last = rows[rows.length - 1];
  const agreementAbove = (last?.agreementRate ?? 0) >= (last?.pairingRate ?? 0);
  const line = (name: string, colour: string, data: (number | null)[], withTarget: boolean, above: boolean): LineSeriesOption => ({
    type: 'line',
    name,
    data,
    connectNulls: false,
    symbol: 'circle',
    symbolSize: 6,
    lineStyle: { color: colour, width: 2 },
    itemStyle: { color: colour },
    endLabel: { show: true, ...FONT, fontSize: 11, color: colour, offset: [0, above ? -7 : 7], formatter: (p) => shareOf(p.value) },
    ...(withTarget
      ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: 1, name: chartText.target }], lineStyle: { color: ACCENT, type: 'dashed', width: 1.5 }, label: { show: false } } }
      : {}),
  });
  return {
    ...option,
    // Room on the right for the end labels.
    grid: { ...grid(top, bottom, SIDE + 8), right: 58 },
    xAxis: monthAxis(rows.map((r) => r.month)),
    yAxis: {
      ...valueAxisBase(t.ratesAxis),
      nameLocation: 'end',
      nameGap: 14,
      nameTextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, align: 'left' },
      min: (extent: { min: number }) => Math.max(0, Math.floor(((Number.isFinite(extent.min) ? extent.min : 0) - 0.05) * 10) / 10),
      max: 1,
      splitNumber: 4,
      axisLabel: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, formatter: (v: number) => formatShare(v, 0) },
    },
    series: [line(t.agreement, BAR, rows.map((r) => r.agreementRate), true, agreementAbove), line(t.pairing, PAIRING_COLOUR, rows.map((r) => r.pairingRate), false, !agreementAbove)],
  };
}

/**
 * Children with an out-of-date assessment and never assessed, month by month (bars side by side). Only the last
 * month's bars are labelled (the figures on screen), and any bar hidden in an export, with its mark.
 */
export function guardianshipRecordsTrendOption(ctx: ChartContext, rows: readonly GuardianshipTrendChartRow[]): EChartsOption {
  const t = chartText.guardianshipTrend;
  const { option, top, bottom } = frame(ctx, {
    title: t.recordsTitle,
    subtitle: [unitLine(ctx, '名')],
    legend: [t.stale, t.never],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: countWith('名') },
  });
  const bars = (key: 'stale' | 'never', name: string, colour: string): BarSeriesOption => ({
    type: 'bar',
    name,
    // A hidden count is an empty bar carrying its mark.
    data: rows.map((r) => (r.marks?.[key] ? 0 : r[key])),
    barMaxWidth: 14,
    itemStyle: { color: colour },
    label: {
      show: true,
      position: 'top',
      ...FONT,
      fontSize: 10,
      color: INK,
      formatter: (p) => rows[p.dataIndex]?.marks?.[key] ?? (p.dataIndex === rows.length - 1 ? formatCount(asNumber(p.value) ?? 0) : ''),
    },
  });
  return {
    ...option,
    grid: grid(top, bottom, SIDE + 8),
    xAxis: monthAxis(rows.map((r) => r.month)),
    yAxis: { ...valueAxisBase(t.recordsAxis), nameLocation: 'end', nameGap: 14, nameTextStyle: { ...FONT, fontSize: TEXT_SIZE, color: MUTED, align: 'left' }, minInterval: 1, splitNumber: 3 },
    series: [bars('stale', t.stale, ACCENT), bars('never', t.never, REST_COLOUR)],
  };
}
