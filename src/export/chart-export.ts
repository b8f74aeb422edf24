/**
 * Chart exports for briefings: a chart's option, framed with a footer that says where the figures come from
 * (data source, as-of date, the visit-rule profile where it matters, the export date), rendered to a standalone
 * SVG (vector; Chinese kept as text) and, from that same SVG, to PNG at 2× or 4× for documents and print.
 *
 * Nothing here computes a statistic: the option comes from the builders in src/charts/options.ts, fed by the
 * caller with rows that are already suppressed for export (see src/export/suppression.ts).
 */
import type { EChartsOption, GraphicComponentOption, GridComponentOption } from 'echarts';
import { CHART_FONT_FAMILY, textWidth } from '../charts/options';
import { renderOptionToSvg } from '../charts/render-svg';
import { exportText } from '../i18n/zh-export';

/** What every exported chart states about its figures. */
export interface ExportMeta {
  /** The extract's as-of date, YYYY-MM-DD. */
  asOf: string;
  /** The extract's source systems (manifest.source_systems). */
  sources: string[];
  /** The visit-rule profile, for charts whose figures depend on it. */
  profile?: string;
  /** Notes such as the small-cell suppression rule; one line each. */
  notes?: string[];
  /** The day of the export, YYYY-MM-DD. */
  exportedOn: string;
}

const LINE_HEIGHT = 16;
const FOOT_PAD = 8;
const FOOT_SIZE = 11;
const FOOT_COLOUR = '#5b6676';
const FOOT_SIDE = 12;

/**
 * The footer lines of an exported chart `width` px wide, in the order they are printed: the source, then the
 * as-of date, the profile and the export date, then the notes; a line too long for the width is wrapped.
 */
export function footerLines(meta: ExportMeta, width: number): string[] {
  const dates = [exportText.asOf(meta.asOf), meta.profile ? exportText.profile(meta.profile) : null, exportText.exportedAt(meta.exportedOn)].filter((s): s is string => s !== null);
  const room = width - 2 * FOOT_SIDE;
  return [exportText.source(meta.sources), dates.join(' · '), ...(meta.notes ?? [])].flatMap((line) => wrap(line, room));
}

/** Breaks a line at characters so that no part is wider than `room` px (CJK text may break anywhere). */
function wrap(line: string, room: number): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of line) {
    if (part && textWidth(part + ch, FOOT_SIZE) > room) {
      parts.push(part);
      part = ch === ' ' ? '' : ch;
    } else part += ch;
  }
  return part ? [...parts, part] : parts;
}

/** Height in px the footer adds below a chart `width` px wide. */
export function footerHeight(meta: ExportMeta, width: number): number {
  return FOOT_PAD * 2 + LINE_HEIGHT * footerLines(meta, width).length;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The item moved up by `by` px when it is anchored to the bottom edge in px. */
function raise<T extends object>(item: T, by: number): T {
  const bottom = (item as { bottom?: unknown }).bottom;
  return typeof bottom === 'number' ? { ...item, bottom: bottom + by } : item;
}

/**
 * The option as exported: no animation, every grid and bottom-anchored graphic moved up by the footer's height
 * (so the plot keeps its size when the canvas grows by that much), and the footer lines written below.
 */
export function withExportFooter(option: EChartsOption, meta: ExportMeta, width: number): EChartsOption {
  const lines = footerLines(meta, width);
  const height = footerHeight(meta, width);
  const grids = asArray(option.grid as GridComponentOption | GridComponentOption[] | undefined).map((g) => raise(g, height));
  const graphics: GraphicComponentOption[] = asArray(option.graphic as GraphicComponentOption | GraphicComponentOption[] | undefined).map((g) => raise(g, height));
  const footer: GraphicComponentOption[] = lines.map((text, i) => ({
    type: 'text',
    left: FOOT_SIDE,
    bottom: FOOT_PAD + LINE_HEIGHT * (lines.length - 1 - i),
    silent: true,
    style: { text, fill: FOOT_COLOUR, fontSize: FOOT_SIZE, fontFamily: CHART_FONT_FAMILY },
  }));
  return {
    ...option,
    animation: false,
    ...(grids.length > 0 ? { grid: Array.isArray(option.grid) ? grids : grids[0] } : {}),
    graphic: [...graphics, ...footer],
  };
}

/** A standalone SVG document of the exported chart, `width` × (`height` + footer) px. */
export function chartSvg(option: EChartsOption, meta: ExportMeta, width: number, height: number): string {
  const svg = renderOptionToSvg(withExportFooter(option, meta, width), width, height + footerHeight(meta, width));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
}

/** The pixel size of an SVG document's root element, from its width and height attributes. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\bwidth="([\d.]+)/.exec(root)?.[1]);
  const height = Number(/\bheight="([\d.]+)/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('SVG without a pixel size');
  return { width, height };
}

/**
 * Rasterises an SVG document at `scale` × its pixel size on a white background (browser only). The SVG is
 * drawn as an image, so its text uses the fonts installed on the machine, as on screen.
 */
export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(exportText.imageFailed));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const g = canvas.getContext('2d');
    if (!g) throw new Error(exportText.imageFailed);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasToPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(exportText.imageFailed))), 'image/png'));
}
