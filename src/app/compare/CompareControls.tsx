import './split.css';
import { compareText, formatPeriodZh } from '../../i18n/zh-compare';
import { FIGURES, type ChangeFigureId } from '../../measures/change';
import type { ComparePeriods } from '../url-state';
import { windowQuarters } from './figures';

function PeriodSelect({ label, value, months, quarters, onChange, testId }: { label: string; value: string; months: string[]; quarters: string[]; onChange: (p: string) => void; testId: string }) {
  return (
    <label className="control">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <optgroup label={compareText.monthsGroup}>
          {[...months].reverse().map((m) => (
            <option key={m} value={m}>
              {formatPeriodZh(m)}
            </option>
          ))}
        </optgroup>
        {quarters.length > 0 && (
          <optgroup label={compareText.quartersGroup}>
            {[...quarters].reverse().map((q) => (
              <option key={q} value={q}>
                {formatPeriodZh(q)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

/**
 * The toolbar's comparison controls: the 两期对比 switch and, while comparing, period A and period B (months;
 * quarters too for the figures compared by quarter). `compare` holds the periods as shown (already those of the
 * figure). With `onSplit`, a switch between the change map and the pair of maps (两期并排).
 */
export function CompareControls(props: {
  figure: ChangeFigureId;
  months: string[];
  compare: ComparePeriods | null;
  onCompare: (c: ComparePeriods | null) => void;
  onStart: () => void;
  split?: boolean;
  onSplit?: (split: boolean) => void;
}) {
  const { figure, months, compare, onCompare, onStart, split = false, onSplit } = props;
  if (!compare) {
    return (
      <button type="button" className="compare-toggle" onClick={onStart} title={compareText.toggleTitle} data-testid="compare-toggle">
        {compareText.toggle}
      </button>
    );
  }
  const quarters = FIGURES[figure].quarter ? windowQuarters(months) : [];
  const set = (next: ComparePeriods) => {
    if (next.a !== next.b) onCompare(next);
  };
  return (
    <div className="compare-controls" data-testid="compare-controls">
      <PeriodSelect label={compareText.periodA} value={compare.a} months={months} quarters={quarters} onChange={(a) => set({ ...compare, a })} testId="compare-a" />
      <PeriodSelect label={compareText.periodB} value={compare.b} months={months} quarters={quarters} onChange={(b) => set({ ...compare, b })} testId="compare-b" />
      {onSplit && (
        <div className="compare-mode" role="group" title={compareText.modeTitle}>
          <button type="button" className={split ? '' : 'active'} aria-pressed={!split} onClick={() => onSplit(false)} data-testid="compare-mode-change">
            {compareText.modeChange}
          </button>
          <button type="button" className={split ? 'active' : ''} aria-pressed={split} onClick={() => onSplit(true)} data-testid="compare-mode-split">
            {compareText.modeSplit}
          </button>
        </div>
      )}
      <button type="button" className="compare-toggle active" onClick={() => onCompare(null)} data-testid="compare-leave">
        {compareText.leave}
      </button>
    </div>
  );
}
