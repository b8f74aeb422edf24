import { formatMonthZh } from '../measures/months';

/** A labelled month picker, latest month first (the toolbar's and the briefing's). */
export function MonthSelect({ label, month, months, onMonth, testId }: { label: string; month: string; months: string[]; onMonth: (month: string) => void; testId: string }) {
  return (
    <label className="control">
      {label}
      <select value={month} onChange={(e) => onMonth(e.target.value)} data-testid={testId}>
        {[...months].reverse().map((m) => (
          <option key={m} value={m}>
            {formatMonthZh(m)}
          </option>
        ))}
      </select>
    </label>
  );
}
