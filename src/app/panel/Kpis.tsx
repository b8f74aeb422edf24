export interface Kpi {
  id: string;
  label: string;
  value: string;
  unit?: string;
  /** The definition, shown on hover and in the footnotes. */
  definition: string;
  /** Highlight a figure that falls short of its target. */
  warn?: boolean;
}

export function Kpis({ items }: { items: Kpi[] }) {
  return (
    <section className="kpis">
      {items.map((k) => (
        <div className={`kpi${k.warn ? ' warn' : ''}`} key={k.id} title={k.definition}>
          <div className="kpi-label">{k.label}</div>
          <div className="kpi-value" data-testid={`kpi-${k.id}`}>
            {k.value}
            {k.unit && <small>{k.unit}</small>}
          </div>
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
