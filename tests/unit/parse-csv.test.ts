import { describe, expect, it } from 'vitest';
import { CsvError, detectDelimiter, parseCsvRecords, parseCsvRows } from '../../src/cli/csv/parse-csv';

/** The fields of each record, without line numbers. */
const grid = (text: string, delimiter?: string) => parseCsvRows(text, delimiter).map((r) => r.fields);

/** The CsvError that `parse` throws (fails the test if it throws something else or nothing). */
function csvError(parse: () => unknown): CsvError {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return e as CsvError;
  }
  throw new Error('expected a CsvError, nothing was thrown');
}

describe('parseCsvRows', () => {
  it('splits fields and records, numbering each record by the line it starts on', () => {
    expect(parseCsvRows('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(grid('儿童姓名,所属村（社区）\n测试,甲一村\n')).toEqual([
      ['儿童姓名', '所属村（社区）'],
      ['测试', '甲一村'],
    ]);
  });

  it('ends records at CRLF, LF or a lone CR, and adds none for a final line break', () => {
    expect(parseCsvRows('a\r\nb\nc\rd\r\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 3, fields: ['c'] },
      { line: 4, fields: ['d'] },
    ]);
    expect(grid('')).toEqual([]);
    expect(grid('a\n')).toEqual([['a']]);
    expect(grid('a\r\n')).toEqual([['a']]);
  });

  it('keeps blank records, so record i is the row a spreadsheet shows as row i', () => {
    expect(grid('a,b\r\n"x, y","say ""hi"""\r\n\r\nc,"multi\nline"\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], [''], ['c', 'multi\nline']]);
    expect(parseCsvRows('\n\na\n\n')).toEqual([
      { line: 1, fields: [''] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['a'] },
      { line: 4, fields: [''] },
    ]);
    // An empty quoted field alone on the last line is a record, like the same line followed by a line break.
    expect(grid('a\n""')).toEqual([['a'], ['']]);
    expect(grid('a\n""\n')).toEqual([['a'], ['']]);
  });

  it('keeps empty fields at the start, middle and end of a record', () => {
    expect(grid(',a,,b,')).toEqual([['', 'a', '', 'b', '']]);
    expect(grid(',')).toEqual([['', '']]);
    expect(grid('a,\nb')).toEqual([['a', ''], ['b']]);
  });

  it('drops a leading BOM only', () => {
    expect(grid('\uFEFFa,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(grid('a,\uFEFFb')).toEqual([['a', '\uFEFFb']]);
    expect(grid('\uFEFF')).toEqual([]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, keeping the breaks as written', () => {
    expect(grid('"x, y","say ""hi""","",""""')).toEqual([['x, y', 'say "hi"', '', '"']]);
    expect(parseCsvRows('a,"one\ntwo"\r\nb,"three\r\nfour\rfive"\nc')).toEqual([
      { line: 1, fields: ['a', 'one\ntwo'] },
      { line: 3, fields: ['b', 'three\r\nfour\rfive'] },
      { line: 6, fields: ['c'] },
    ]);
    expect(grid('"a\n\nb"')).toEqual([['a\n\nb']]);
  });

  it('treats a quote inside an unquoted field as text, and keeps text after a closing quote (as Excel does)', () => {
    expect(grid('a"b,5",x""')).toEqual([['a"b', '5"', 'x""']]);
    expect(grid('"a"b,"c" ,"d"e"f')).toEqual([['ab', 'c ', 'de"f']]);
    // A space before the quote makes it an unquoted field: the quotes and the comma inside are plain text.
    expect(grid(' "x,y"')).toEqual([[' "x', 'y"']]);
  });

  it('splits on the delimiter it is given, and only on that one', () => {
    expect(grid('a\tb,c;d\n1\t"2\t3"', '\t')).toEqual([
      ['a', 'b,c;d'],
      ['1', '2\t3'],
    ]);
    expect(grid('a;b\n"x;y";2', ';')).toEqual([
      ['a', 'b'],
      ['x;y', '2'],
    ]);
    expect(grid('a|b', '|')).toEqual([['a', 'b']]);
  });

  it('refuses a delimiter that is not one character, a quote or a line break', () => {
    for (const d of ['', ',,', '"', '\n', '\r']) expect(() => parseCsvRows('a', d)).toThrow(/delimiter/);
  });

  it('throws on a quoted field that is never closed, naming the line and field where it opens', () => {
    const e = csvError(() => parseCsvRows('a,b\n1,"open\n2,3\n'));
    expect(e).toMatchObject({ kind: 'unclosed-quote', line: 2, field: 2 });
    expect(e.message).toBe('CSV line 2, field 2: the quoted field is not closed before the end of the text');
    // Lines inside an earlier multi-line field count: the bad quote opens on text line 4, in record 3.
    expect(csvError(() => parseCsvRows('h\n"x\ny"\n"z'))).toMatchObject({ kind: 'unclosed-quote', line: 4, field: 1 });
    expect(csvError(() => parseCsvRows('"'))).toMatchObject({ line: 1, field: 1 });
    // A doubled quote at the end is a quote character, not the closing one.
    expect(csvError(() => parseCsvRows('x,y,"a""'))).toMatchObject({ line: 1, field: 3 });
  });
});

describe('parseCsvRecords', () => {
  it('keys records by the header, after a BOM, with quotes, CRLF and blank lines skipped', () => {
    expect(parseCsvRecords('\uFEFFa,b,c\r\n1,"x, ""y""",\r\n\r\n2,,z\n')).toEqual([
      { a: '1', b: 'x, "y"', c: '' },
      { a: '2', b: '', c: 'z' },
    ]);
  });

  it('takes the first non-blank line as the header', () => {
    expect(parseCsvRecords('\r\n\r\nname,n\r\n甲一村,3\r\n')).toEqual([{ name: '甲一村', n: '3' }]);
  });

  it('returns no records for empty text or a header alone', () => {
    expect(parseCsvRecords('')).toEqual([]);
    expect(parseCsvRecords('\n\n')).toEqual([]);
    expect(parseCsvRecords('a,b\r\n')).toEqual([]);
  });

  it('uses the delimiter it is given', () => {
    expect(parseCsvRecords('a;b\n1;"2;3"', ';')).toEqual([{ a: '1', b: '2;3' }]);
  });

  it('throws on a record wider or narrower than the header, naming its text line', () => {
    const wide = csvError(() => parseCsvRecords('a,b\n1,2,3\n'));
    expect(wide).toMatchObject({ kind: 'field-count', line: 2, field: null });
    expect(wide.message).toBe('CSV line 2 has 3 fields, the header has 2');
    // Line 5, after a blank line and a field spanning lines 3–4.
    expect(csvError(() => parseCsvRecords('a,b\n\n"x\ny",1\n1\n')).message).toBe('CSV line 5 has 1 fields, the header has 2');
  });

  it('passes on an unclosed quote', () => {
    expect(csvError(() => parseCsvRecords('a,b\n1,"2\n'))).toMatchObject({ kind: 'unclosed-quote', line: 2, field: 2 });
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a\tb\tc,d', '\t'],
    ['a;b;c', ';'],
    ['\n   \na;b\n1,2,3,4', ';'],
    ['"x,y,z";b;c', ';'],
    ['a;b,c', ','],
    ['a', ','],
    ['', ','],
  ])('%j → %j', (text, delimiter) => expect(detectDelimiter(text)).toBe(delimiter));
});
