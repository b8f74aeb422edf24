/**
 * The current map view as a PNG for briefings: a title band (title, subtitle, the 示例数据 mark), the map as
 * drawn on screen, and over it the legend, a scale bar and a north arrow; below it the attribution and sources.
 * Drawn with the canvas 2D API from the captured map and the theme's legend spec: nothing is computed here but
 * layout (the scale bar's round length is geometry, not a statistic).
 */
import type { LegendSpec } from '../map/map-theme';
import { exportText } from '../i18n/zh-export';

/** Web-mercator ground resolution in metres per CSS pixel at a latitude and zoom (maplibre's 512-px tiles). */
export function metresPerPixel(latitude: number, zoom: number): number {
  const EARTH_CIRCUMFERENCE = 40_075_016.686;
  return (EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** The longest round length (1, 2 or 5 × 10ⁿ metres) whose bar fits in `maxPx` pixels, and its length in pixels. */
export function scaleBar(metresPerPx: number, maxPx: number): { metres: number; px: number; label: string } {
  if (!(metresPerPx > 0) || !(maxPx > 0)) throw new Error('scale bar needs a positive resolution and width');
  const maxMetres = metresPerPx * maxPx;
  let best = 1;
  for (let exp = 0; 10 ** exp <= maxMetres; exp++) {
    for (const m of [1, 2, 5]) if (m * 10 ** exp <= maxMetres) best = m * 10 ** exp;
  }
  return { metres: best, px: best / metresPerPx, label: exportText.metres(best) };
}

export interface MapImageInput {
  /** The map as drawn (deck.gl's canvas), `mapWidth` × `mapHeight` CSS px at any resolution. */
  map: CanvasImageSource;
  mapWidth: number;
  mapHeight: number;
  /** The map's background colour (the basemap is a plain background). */
  background: string;
  title: string;
  subtitle: string;
  synthetic: boolean;
  syntheticMark: string;
  legend: LegendSpec;
  /** Ground resolution at the centre of the view. */
  metresPerPx: number;
  /** Lines under the map: attribution, sources, the schematic-boundary note. */
  footer: string[];
  /** Output pixels per CSS pixel (2 for documents). */
  ratio: number;
  font: string;
}

const INK = '#1b2330';
const MUTED = '#5b6676';
const ACCENT = '#b3261e';
const HEADER = 70;
const FOOT_LINE = 17;

/** Splits text into lines no wider than `width` (CJK text breaks between any two characters). */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && measure(line + ch) > width) {
      lines.push(line);
      line = ch.trim() ? ch : '';
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

const rgba = ([r, g, b, a]: readonly number[]) => `rgba(${r}, ${g}, ${b}, ${((a ?? 255) / 255).toFixed(2)})`;

/** Composes the exported image; returns a canvas of (mapWidth × ratio) by ((header + map + footer) × ratio) pixels. */
export function composeMapImage(input: MapImageInput): HTMLCanvasElement {
  const { mapWidth: W, mapHeight: H, ratio, font } = input;
  // Footer lines longer than the image (a combined extract's as-of rule) are wrapped, never cut.
  const measure = document.createElement('canvas').getContext('2d');
  if (measure) measure.font = `12px ${font}`;
  const footer = input.footer.flatMap((line) => (measure ? wrapText(line, W - 32, (t) => measure.measureText(t).width) : [line]));
  const footHeight = 12 + FOOT_LINE * footer.length;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(W * ratio);
  canvas.height = Math.round((HEADER + H + footHeight) * ratio);
  const g = canvas.getContext('2d');
  if (!g) throw new Error(exportText.imageFailed);
  g.scale(ratio, ratio);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, HEADER + H + footHeight);
  g.textBaseline = 'alphabetic';

  // Title band.
  g.fillStyle = INK;
  g.font = `bold 20px ${font}`;
  g.fillText(input.title, 16, 32);
  g.fillStyle = MUTED;
  g.font = `13px ${font}`;
  g.fillText(input.subtitle, 16, 56);
  if (input.synthetic) {
    g.font = `bold 13px ${font}`;
    const w = g.measureText(input.syntheticMark).width + 14;
    g.strokeStyle = ACCENT;
    g.lineWidth = 1;
    g.strokeRect(W - 16 - w + 0.5, 18.5, w, 24);
    g.fillStyle = ACCENT;
    g.fillText(input.syntheticMark, W - 16 - w + 7, 35);
  }

  // The map.
  g.fillStyle = input.background;
  g.fillRect(0, HEADER, W, H);
  g.drawImage(input.map, 0, HEADER, W, H);
  g.strokeStyle = '#c5cdd6';
  g.strokeRect(0.5, HEADER + 0.5, W - 1, H - 1);

  drawLegend(g, input.legend, 12, HEADER + H - 12, font);
  drawNorthArrow(g, W - 34, HEADER + 16, font);
  drawScaleBar(g, scaleBar(input.metresPerPx, Math.min(160, W / 4)), W - 16, HEADER + H - 14, font);

  // Footer.
  g.fillStyle = MUTED;
  g.font = `12px ${font}`;
  footer.forEach((line, i) => g.fillText(line, 16, HEADER + H + 6 + FOOT_LINE * (i + 1) - 4));
  return canvas;
}

/** The legend box, anchored at its bottom-left corner (x, bottom). */
function drawLegend(g: CanvasRenderingContext2D, spec: LegendSpec, x: number, bottom: number, font: string) {
  const width = 250;
  const pad = 10;
  g.font = `12px ${font}`;
  const notes = [spec.definition, ...(spec.notes ?? [])].flatMap((n) => wrapText(n, width - 2 * pad, (s) => g.measureText(s).width));
  const height = pad + 20 + spec.items.length * 21 + 4 + notes.length * 16 + pad;
  const top = bottom - height;
  g.fillStyle = 'rgba(255, 255, 255, 0.95)';
  g.fillRect(x, top, width, height);
  g.strokeStyle = '#c5cdd6';
  g.strokeRect(x + 0.5, top + 0.5, width - 1, height - 1);
  g.fillStyle = INK;
  g.font = `bold 14px ${font}`;
  g.fillText(spec.title, x + pad, top + pad + 14);
  let y = top + pad + 20;
  g.font = `13px ${font}`;
  for (const item of spec.items) {
    g.fillStyle = rgba(item.colour);
    if (item.shape === 'dot') {
      g.beginPath();
      g.arc(x + pad + 7, y + 10, 6, 0, 2 * Math.PI);
      g.fill();
    } else {
      g.fillRect(x + pad, y + 4, 22, 13);
      g.strokeStyle = 'rgba(0, 0, 0, 0.25)';
      g.strokeRect(x + pad + 0.5, y + 4.5, 21, 12);
    }
    g.fillStyle = INK;
    g.fillText(item.label, x + pad + 30, y + 15);
    y += 21;
  }
  y += 4;
  g.fillStyle = MUTED;
  g.font = `12px ${font}`;
  for (const line of notes) {
    g.fillText(line, x + pad, y + 12);
    y += 16;
  }
}

function drawNorthArrow(g: CanvasRenderingContext2D, cx: number, top: number, font: string) {
  g.fillStyle = 'rgba(255, 255, 255, 0.9)';
  g.beginPath();
  g.arc(cx, top + 26, 22, 0, 2 * Math.PI);
  g.fill();
  g.fillStyle = INK;
  g.beginPath();
  g.moveTo(cx, top + 14);
  g.lineTo(cx + 8, top + 40);
  g.lineTo(cx, top + 34);
  g.lineTo(cx - 8, top + 40);
  g.closePath();
  g.fill();
  g.font = `bold 12px ${font}`;
  g.textAlign = 'center';
  g.fillText(exportText.north, cx, top + 12);
  g.textAlign = 'left';
}

/** The scale bar, anchored at its bottom-right corner (right, bottom). */
function drawScaleBar(g: CanvasRenderingContext2D, bar: { px: number; label: string }, right: number, bottom: number, font: string) {
  const left = right - bar.px;
  g.fillStyle = 'rgba(255, 255, 255, 0.9)';
  g.fillRect(left - 8, bottom - 26, bar.px + 16, 32);
  g.strokeStyle = INK;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(left, bottom - 8);
  g.lineTo(left, bottom);
  g.lineTo(right, bottom);
  g.lineTo(right, bottom - 8);
  g.stroke();
  g.lineWidth = 1;
  g.fillStyle = INK;
  g.font = `12px ${font}`;
  g.textAlign = 'center';
  g.fillText(bar.label, left + bar.px / 2, bottom - 12);
  g.textAlign = 'left';
}
