/**
 * Words in a source's cells that no vocabulary knows (an unknown category, visit mode, colour…): listed per
 * table and column with their counts, as problems that fail the run (unless the bureau accepts the rejects), and
 * as a `values` snippet to paste into the mapping.
 */
import type { Mapping } from './mapping';
import type { LoadedSource } from './source';
import type { Ledger } from './transform';
import { BUILTIN_BOOLEANS, BUILTIN_VOCABULARIES, looksIdentifying } from './values';

export interface UnknownWord {
  /** The source as the report names it (file and sheet). */
  label: string;
  /** `sources[i]` in the mapping, or `regions`. */
  where: string;
  table: string;
  target: string;
  header: string;
  word: string;
  /** Rows the word stood in. */
  rows: number[];
  /** True when the word rejected those rows (a required column); false when the field was left empty. */
  rejects: boolean;
}

/** Words longer than this, or that look like an ID or phone number, are counted but never quoted. */
const MAX_QUOTED = 40;

/** Every unknown word of the run, in mapping order, then column, then first row. */
export function unknownWords(ledger: Ledger | null, loaded: readonly { source: LoadedSource; table: string }[], mapping: Mapping | null): UnknownWord[] {
  const out: UnknownWord[] = [];
  for (const { source, table } of loaded) {
    const index = mapping?.sources.indexOf(source.spec as Mapping['sources'][number]) ?? -1;
    const where = index >= 0 ? `sources[${index}]` : 'regions';
    for (const column of ledger?.unknownWords.get(source)?.values() ?? []) {
      const words = [...column.words].sort((a, b) => (a[1][0] ?? 0) - (b[1][0] ?? 0));
      for (const [word, rows] of words) out.push({ label: source.label, where, table, target: column.target, header: column.header, word, rows, rejects: column.rejects });
    }
  }
  return out;
}

export const isQuotable = (word: string): boolean => word.length <= MAX_QUOTED && !looksIdentifying(word);

const shown = (w: UnknownWord): string => (isQuotable(w.word) ? `「${w.word}」` : '（一个疑似号码或过长的值，已隐去）');

/** One line per table and column: every unknown word with the number of rows it stood in. */
export function unknownWordProblems(words: readonly UnknownWord[]): string[] {
  const groups = new Map<string, UnknownWord[]>();
  for (const w of words) {
    const id = `${w.label}\u0000${w.table}\u0000${w.header}\u0000${w.target}`;
    groups.set(id, [...(groups.get(id) ?? []), w]);
  }
  return [...groups.values()].map((group) => {
    const w = group[0] as UnknownWord;
    const rows = group.reduce((s, x) => s + x.rows.length, 0);
    const effect = w.rejects ? `这 ${rows} 行会被拒绝` : `这 ${rows} 行的该项会留空`;
    return `${w.label} → ${w.table} 表，「${w.header}」列（values.${w.target}）有映射中没有的取值：${group.map((x) => `${shown(x)} ${x.rows.length} 行`).join('、')}；${effect}`;
  });
}

/** The codes a target column's words may map to, each with a Chinese word for it. */
export function codesFor(target: string): { code: string; word: string }[] {
  const vocab = BUILTIN_VOCABULARIES[target] ?? BUILTIN_BOOLEANS;
  const codes: { code: string; word: string }[] = [];
  for (const [word, code] of vocab) {
    const known = codes.find((c) => c.code === code);
    if (!known) codes.push({ code, word: word === code.toLowerCase() ? '' : word });
    else if (known.word === '' && word !== code.toLowerCase()) known.word = word;
  }
  return codes;
}

/**
 * A JSONC snippet per source: `"values": { target: { word: "" } }` with the allowed codes in a comment, to be
 * merged into that source's `values` in the mapping once each "" is filled in (an empty code is refused).
 */
export function valuesSnippet(words: readonly UnknownWord[]): string {
  const bySource = new Map<string, Map<string, UnknownWord[]>>();
  for (const w of words) {
    if (!isQuotable(w.word)) continue;
    const id = `${w.where}（${w.label}）`;
    const targets = bySource.get(id) ?? new Map<string, UnknownWord[]>();
    targets.set(w.target, [...(targets.get(w.target) ?? []), w]);
    bySource.set(id, targets);
  }
  const lines: string[] = [];
  for (const [source, targets] of bySource) {
    lines.push(`// ${source}：填好每个 "" 中的代码后，并入该源的 values`, '"values": {');
    const entries = [...targets];
    entries.forEach(([target, list], i) => {
      const codes = codesFor(target)
        .map((c) => (c.word ? `${c.code}（${c.word}）` : c.code))
        .join('、');
      lines.push(`  // 可用代码：${codes}`, `  ${JSON.stringify(target)}: {`);
      const counts = new Map<string, number>();
      for (const w of list) counts.set(w.word, (counts.get(w.word) ?? 0) + w.rows.length);
      [...counts].forEach(([word, n], j) => lines.push(`    ${JSON.stringify(word)}: ""${j < counts.size - 1 ? ',' : ''} // ${n} 行`));
      lines.push(`  }${i < entries.length - 1 ? ',' : ''}`);
    });
    lines.push('}', '');
  }
  return lines.join('\n').trimEnd();
}
