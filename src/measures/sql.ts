/**
 * The one place values and identifiers become SQL text. Measures never paste a value into SQL any other way.
 */

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A SQL literal for a string, finite number, boolean, null, or a list of those. */
export function literal(value: string | number | boolean | null | readonly (string | number)[]): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v)).join(', ')}]`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** A DATE literal from an ISO `YYYY-MM-DD` string; anything else is refused. */
export function dateLiteral(isoDate: string): string {
  if (!ISO_DATE.test(isoDate)) throw new Error(`not an ISO date: ${isoDate}`);
  return `DATE '${isoDate}'`;
}

/** A quoted identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
