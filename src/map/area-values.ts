import type { Table } from 'apache-arrow';

/**
 * A measure's Arrow result looked up by area code, reading the Arrow columns directly (no copy of the table).
 */
export class AreaValues {
  private readonly index = new Map<string, number>();

  constructor(readonly table: Table) {
    const codes = table.getChild('code');
    for (let i = 0; i < table.numRows; i++) this.index.set(String(codes?.get(i)), i);
  }

  has(code: string): boolean {
    return this.index.has(code);
  }

  /** The value of `column` for `code`, or null when the area or value is absent. */
  get(code: string, column: string): number | null {
    const i = this.index.get(code);
    if (i === undefined) return null;
    const v: unknown = this.table.getChild(column)?.get(i);
    return v === null || v === undefined ? null : Number(v);
  }
}
