/**
 * The PNG (2×, 4×) and SVG buttons under a chart. The page says, through <ExportContext>, what every export
 * states (source, as-of date) and how files are named; a chart may export another option than the one on
 * screen (its counts suppressed for export) and name the visit-rule profile its figures depend on.
 */
import { createContext, useState, type RefObject } from 'react';
import type { EChartsOption } from 'echarts';
import { chartSvg, svgToPng, type ExportMeta } from '../export/chart-export';
import { downloadFile, exportFileName } from '../export/download';
import { exportText } from '../i18n/zh-export';
import { describeError, type Problem } from '../i18n/errors';
import { ProblemText } from '../app/ProblemList';

export interface ExportPage {
  meta: Omit<ExportMeta, 'profile' | 'notes'>;
  /** The first part of every file name, e.g. the county and the area shown. */
  fileStem: string;
}

/** Provided by pages whose charts can be exported (the dashboard; not the big screen). */
export const ExportContext = createContext<ExportPage | null>(null);

export interface ChartExport {
  /** The option to export; the on-screen option when absent. */
  option?: () => EChartsOption;
  /** The visit-rule profile the figures depend on. */
  profile?: string;
  /** Footnotes, e.g. how small counts are shown. */
  notes?: string[];
}

/** Exported charts are at least this wide, so a narrow side panel does not make a cramped image. */
const MIN_WIDTH = 640;

type Format = 'png2' | 'png4' | 'svg';

export function ChartExportButtons(props: { option: EChartsOption; height: number; title: string; testId?: string; container: RefObject<HTMLDivElement | null>; page: ExportPage; spec: ChartExport }) {
  const { option, height, title, testId, container, page, spec } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);

  const run = async (format: Format) => {
    setBusy(true);
    setError(null);
    try {
      const width = Math.max(MIN_WIDTH, Math.round(container.current?.clientWidth ?? MIN_WIDTH));
      const meta: ExportMeta = { ...page.meta, profile: spec.profile, notes: spec.notes };
      const svg = chartSvg(spec.option ? spec.option() : option, meta, width, height);
      const name = (ext: string) => exportFileName([page.fileStem, title, page.meta.asOf, format === 'png4' ? '4x' : null], ext);
      if (format === 'svg') downloadFile(name('svg'), new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
      else downloadFile(name('png'), await svgToPng(svg, format === 'png4' ? 4 : 2));
    } catch (e) {
      const problem = describeError(e);
      setError({ ...problem, text: exportText.failed(problem.text) });
    } finally {
      setBusy(false);
    }
  };

  const button = (format: Format, label: string, short: string) => (
    <button type="button" disabled={busy} title={label} onClick={() => void run(format)} data-testid={testId ? `${testId}-export-${format}` : undefined}>
      {short}
    </button>
  );
  return (
    <div className="chart-export" role="group" aria-label={exportText.menuLabel(title)}>
      <span>{busy ? exportText.exporting : exportText.menu}</span>
      {button('png2', exportText.png2, 'PNG')}
      {button('png4', exportText.png4, 'PNG 4×')}
      {button('svg', exportText.svg, 'SVG')}
      {error && (
        <span className="chart-export-error" role="alert">
          <ProblemText problem={error} />
        </span>
      )}
    </div>
  );
}
