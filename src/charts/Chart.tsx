/**
 * One ECharts chart, drawn with the SVG renderer (crisp in print and exportable as vector), from an option
 * built in ./options. Resizes with its container, disposes on unmount, replaces the whole option when it
 * changes. Options are small (a few KB), so a new option object whose content is unchanged (panels rebuild their
 * options on every render) is recognised by its JSON and does not redraw the chart.
 */
import { useContext, useEffect, useRef, type CSSProperties } from 'react';
import type { EChartsOption } from 'echarts';
import type { EChartsType } from 'echarts/core';
import { CHART_FONT_FAMILY as FONT_FAMILY } from './options';
import { echarts, withFont } from './render-svg';
import { ChartExportButtons, ExportContext, type ChartExport } from './ChartExportButtons';

export type ChartInstance = EChartsType;

/** Longest a chart waits for a frame before drawing (see the drawing effect). */
const DRAW_DELAY_MS = 200;

export interface ChartProps {
  option: EChartsOption;
  /** Height in px; the width follows the container. */
  height?: number;
  testId?: string;
  className?: string;
  /** Called once per chart instance, after its first option is drawn: for exports (getDataURL, renderToSVGString). */
  onReady?: (chart: ChartInstance) => void;
  /**
   * How the chart is exported. Inside an <ExportContext> provider every chart has PNG/SVG buttons under it,
   * exporting the on-screen option by default; charts of counts pass an option built from rows suppressed for
   * export, charts that depend on the visit-rule profile name it.
   */
  exportAs?: ChartExport;
}

function titleOf(option: EChartsOption): string | undefined {
  const title = Array.isArray(option.title) ? option.title[0] : option.title;
  return typeof title?.text === 'string' ? title.text : undefined;
}

export function Chart({ option, height = 320, testId, className, onReady, exportAs }: ChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const announced = useRef(false);
  const onReadyRef = useRef(onReady);

  useEffect(() => {
    onReadyRef.current = onReady;
  }, [onReady]);

  // One instance per mounted container.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    announced.current = false;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      // Resize once per frame, after layout: avoids "ResizeObserver loop" errors while a panel animates.
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!instance.isDisposed()) instance.resize();
      });
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  // Declared after the instance effect, so on mount it runs on the new instance. The chart is drawn after the
  // next frame (the map's, when the same change redraws it: charts never hold up the map), or after
  // DRAW_DELAY_MS when no frame comes (a hidden tab).
  const drawn = useRef<{ instance: unknown; key: string } | null>(null);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || instance.isDisposed()) return;
    const key = JSON.stringify(option);
    if (drawn.current?.instance === instance && drawn.current.key === key) return;
    let done = false;
    const draw = () => {
      if (done || instance.isDisposed()) return;
      done = true;
      drawn.current = { instance, key };
      instance.setOption(withFont(option), { notMerge: true });
      if (!announced.current) {
        announced.current = true;
        onReadyRef.current?.(instance);
      }
    };
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(draw, 0);
    });
    const fallback = window.setTimeout(draw, DRAW_DELAY_MS);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, [option]);

  const style: CSSProperties = { width: '100%', height, fontFamily: FONT_FAMILY };
  const chartDiv = <div ref={container} className={className} style={style} data-testid={testId} role="img" aria-label={titleOf(option)} />;
  const exportPage = useContext(ExportContext);
  if (!exportPage) return chartDiv;
  return (
    <div className="chart-with-export">
      {chartDiv}
      <ChartExportButtons option={option} height={height} title={titleOf(option) ?? ''} testId={testId} container={container} page={exportPage} spec={exportAs ?? {}} />
    </div>
  );
}
