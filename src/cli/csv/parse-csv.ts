/**
 * CSV parsing shared by the demo generator (reference lists, src/cli/demo/reference.ts) and the extract tool
 * (county spreadsheets, src/cli/extract/read-source.ts). Text in, strings out: decoding bytes (GBK, UTF-16) is the
 * caller's job; a BOM left at the start of the text is dropped. Pure (no I/O).
 *
 * The dialect is RFC 4180 as Excel and WPS write and read it:
 * - fields are separated by one delimiter character (a comma unless told); a record ends at CRLF, LF or a lone CR;
 * - a field that starts with `"` is quoted: it runs to the next `"` that is not doubled, and may hold delimiters,
 *   line breaks and `""` for a quote;
 * - a `"` anywhere else is an ordinary character (`5"` stays `5"`), and text after a closing quote is kept
 *   (`"a"b` is `ab`), as Excel reads them;
 * - a quoted field still open at the end of the text is an error (CsvError), never a field that silently swallows
 *   the rest of the file.
 *
 * - `parseCsvRows`: every record, blank ones included (record i is the row a spreadsheet shows as row i), each with
 *   the text line it starts on.
 * - `parseCsvRecords`: records keyed by the header row; blank lines skipped; every record as wide as the header.
 * - `detectDelimiter`: comma, tab or semicolon, from the first non-blank line.
 */

export interface CsvRow {
  /** 1-based line of the text on which the record starts (a quoted line break makes a record span lines). */
  line: number;
  fields: string[];
}

export type CsvErrorKind = 'unclosed-quote' | 'field-count';

/** Malformed CSV: what is wrong and where, for the caller to word for its reader. */
export class CsvError extends Error {
  readonly kind: CsvErrorKind;
  /** 1-based text line: where the unclosed quoted field starts, or the record whose width is wrong. */
  readonly line: number;
  /** 1-based position of the field in its record (the unclosed quoted field), or null. */
  readonly field: number | null;

  constructor(kind: CsvErrorKind, line: number, field: number | null, message: string) {
    super(message);
    this.name = 'CsvError';
    this.kind = kind;
    this.line = line;
    this.field = field;
  }
}

/**
 * Parses CSV text into records of fields. Every record is kept, blank ones included (a blank line is one empty
 * field), so that record i is the row Excel shows as row i; a line break at the very end adds no record.
 * Throws a CsvError if a quoted field is not closed.
 */
export function parseCsvRows(text: string, delimiter = ','): CsvRow[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new Error(`CSV delimiter must be one character other than a quote or a line break, not ${JSON.stringify(delimiter)}`);
  }
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  /** Whether the current field started with a quote that has not closed yet. */
  let quoted = false;
  /** Whether anything of the current record has been read (so that `""` alone on the last line is a record). */
  let started = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      started = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ line: recordLine, fields });
      fields = [];
      field = '';
      started = false;
      line++;
      recordLine = line;
    } else {
      // A quote opens a quoted field only at the start of the field; elsewhere it is text.
      if (c === '"' && field === '') {
        quoted = true;
        quoteLine = line;
      } else field += c;
      started = true;
    }
  }
  if (quoted) {
    const at = fields.length + 1;
    throw new CsvError('unclosed-quote', quoteLine, at, `CSV line ${quoteLine}, field ${at}: the quoted field is not closed before the end of the text`);
  }
  if (started) {
    fields.push(field);
    rows.push({ line: recordLine, fields });
  }
  return rows;
}

/**
 * Parses CSV text into records keyed by the header row (the first non-blank line). Blank lines are skipped.
 * Throws a CsvError if a quoted field is not closed or a record has more or fewer fields than the header.
 */
export function parseCsvRecords(text: string, delimiter = ','): Record<string, string>[] {
  const rows = parseCsvRows(text, delimiter).filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.fields;
  return body.map((r) => {
    if (r.fields.length !== names.length) {
      throw new CsvError('field-count', r.line, null, `CSV line ${r.line} has ${r.fields.length} fields, the header has ${names.length}`);
    }
    return Object.fromEntries(names.map((name, k) => [name, r.fields[k] as string]));
  });
}

/** The delimiter of the first non-blank line: whichever of tab, comma and semicolon occurs most outside quotes. */
export function detectDelimiter(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}
