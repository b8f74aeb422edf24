import { ui } from '../../i18n/zh';
import type { ThemeId } from '../url-state';

export interface Kpi {
  id: string;
  label: string;
  value: string;
  unit?: string;
  /** The definition, shown on hover and in the footnotes. */
  definition: string;
  /** Highlight a figure that falls short of its target. */
  warn?: boolean;
  /** A short remark under the value, e.g. why it cannot be given (the footnotes say more). */
  note?: string;
}

/**
 * The headline figures. While their query runs (`loading`), each shows a placeholder, never a figure such as
 * 0 or — that would read as a result.
 */
export function Kpis({ items, theme, loading = false }: { items: Kpi[]; theme: ThemeId; loading?: boolean }) {
  return (
    <section className="kpis" data-testid="kpis" data-theme={theme} aria-busy={loading} title={loading ? ui.loading : undefined}>
      {items.map((k) => (
        <div className={`kpi${k.warn && !loading ? ' warn' : ''}`} key={k.id} title={k.definition}>
          <div className="kpi-label">{k.label}</div>
          <div className="kpi-value" data-testid={`kpi-${k.id}`}>
            {loading ? (
              <span className="kpi-pending">…</span>
            ) : (
              <>
                {k.value}
                {k.unit && <small>{k.unit}</small>}
              </>
            )}
          </div>
          {k.note && !loading && (
            <div className="kpi-note" data-testid={`kpi-note-${k.id}`}>
              {k.note}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}

export function Footnotes({ items, extra }: { items: Kpi[]; extra?: string[] }) {
  return (
    <footer className="footnotes">
      {items.map((k) => (
        <p key={k.id}>
          {k.label}：{k.definition}
        </p>
      ))}
      {extra?.map((e) => <p key={e}>{e}</p>)}
    </footer>
  );
}
