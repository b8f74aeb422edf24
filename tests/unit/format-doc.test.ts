import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDoc, withFormatDoc } from '../../src/cli/format-doc';
import { AGGREGATE_TABLES, TABLES } from '../../src/extract/schema';

describe('the extract format in the README', () => {
  it('is the one generated from the schema (run `npm run docs:format` after changing the schema)', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(withFormatDoc(readme)).toBe(readme);
  });

  it('documents every column of every table', () => {
    const doc = formatDoc();
    for (const t of [...TABLES, ...AGGREGATE_TABLES]) for (const c of t.columns) expect(doc, `${t.name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.type} |`);
  });
});
