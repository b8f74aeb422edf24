/**
 * 导出地图: the current map view as a PNG with title, legend, scale bar, north arrow and attribution.
 *
 * For the export the map is redrawn once with the export theme (rates over fewer children than the small-cell
 * threshold greyed out), copied, and drawn back as it was.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Manifest } from '../extract/schema';
import { canvasToPng } from '../export/chart-export';
import { downloadFile, exportFileName } from '../export/download';
import { composeMapImage, metresPerPixel } from '../export/map-image';
import { app, attribution } from '../i18n/zh';
import { exportText } from '../i18n/zh-export';
import { describeError, type Problem } from '../i18n/errors';
import { ProblemText } from './ProblemList';
import { CJK_FONT_FAMILY } from '../map/colour-scales';
import { themeForExport } from '../map/export-theme';
import type { MapTheme } from '../map/map-theme';
import type { CapturedMap, MapCapture } from '../map/MapView';

/** Longest wait for the export redraw before copying what is there. */
const REDRAW_TIMEOUT_MS = 5000;

/** Output pixels per CSS pixel of an exported map. */
const RATIO = 2;

/** The theme to draw (the export theme while an export is under way), and a function that captures the map. */
export function useMapExport(active: MapTheme, threshold: number) {
  const captureRef = useRef<MapCapture | null>(null);
  const [exporting, setExporting] = useState(false);
  const waiter = useRef<(() => void) | null>(null);
  const theme = useMemo(() => (exporting ? themeForExport(active, threshold) : active), [exporting, active, threshold]);
  /** To be called when the map has drawn a frame with new data. */
  const onDrawn = useCallback(() => {
    waiter.current?.();
    waiter.current = null;
  }, []);
  const capture = useCallback(async (): Promise<{ shot: CapturedMap; theme: MapTheme }> => {
    const exported = themeForExport(active, threshold);
    if (exported !== active) {
      const redrawn = new Promise<void>((resolve) => {
        waiter.current = resolve;
        setTimeout(resolve, REDRAW_TIMEOUT_MS);
      });
      setExporting(true);
      await redrawn;
    }
    try {
      const handle = captureRef.current;
      if (!handle) throw new Error(exportText.noMapYet);
      return { shot: await handle.capture(RATIO), theme: exported };
    } finally {
      setExporting(false);
    }
  }, [active, threshold]);
  return { captureRef, theme, onDrawn, capture };
}

export interface MapExportButtonProps {
  capture: () => Promise<{ shot: CapturedMap; theme: MapTheme }>;
  manifest: Manifest;
  /** e.g. 如皋市 · 走访合规 */
  title: string;
  /** e.g. 2026年10月 · 走访口径：… */
  subtitle: string;
  /** The file name's parts, without extension. */
  fileParts: string[];
  exportedOn: string;
  /** The configured basemap's attribution and 审图号, printed under every exported map drawn on it. */
  basemapCredit?: string | null;
  /** What the boundaries drawn are: the schematic note is printed only when they are schematic. */
  boundaries: 'none' | 'schematic' | 'surveyed';
}

export function MapExportButton({ capture, manifest, title, subtitle, fileParts, exportedOn, basemapCredit = null, boundaries }: MapExportButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { shot, theme } = await capture();
      const canvas = composeMapImage({
        map: shot.image,
        mapWidth: shot.width,
        mapHeight: shot.height,
        background: shot.background,
        title,
        subtitle: `${subtitle} · ${exportText.asOf(manifest.as_of)}`,
        synthetic: manifest.synthetic,
        syntheticMark: app.synthetic,
        legend: theme.legend,
        metresPerPx: metresPerPixel(shot.latitude, shot.zoom),
        footer: [
          `${exportText.source(manifest.source_systems)} · ${exportText.exportedAt(exportedOn)}`,
          [...manifest.attribution, attribution.divisions].join(' · '),
          ...(basemapCredit ? [basemapCredit] : []),
          ...(boundaries === 'schematic' ? [app.schematic] : []),
          // The counties' as-of dates differ (a combined extract): the rule applied is printed with the map.
          ...(manifest.as_of_rule ? [`${attribution.asOfRule}${manifest.as_of_rule}`] : []),
        ],
        ratio: RATIO,
        font: CJK_FONT_FAMILY,
      });
      downloadFile(exportFileName(fileParts, 'png'), await canvasToPng(canvas));
    } catch (e) {
      const problem = describeError(e);
      setError({ ...problem, text: exportText.failed(problem.text) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="map-export" disabled={busy} title={exportText.mapExportTitle} onClick={() => void run()} data-testid="map-export">
        {busy ? exportText.exporting : exportText.mapExport}
      </button>
      {error && (
        <div className="notice map-export-error" role="alert">
          <ProblemText problem={error} />
        </div>
      )}
    </>
  );
}
