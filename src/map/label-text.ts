/**
 * The texts a map label may show for an area, longest first: its name, then shorter forms for when the name does
 * not fit the area (see placedLabels). The tooltip always gives the full name.
 */
import { ADMIN_ENDINGS, BRACKETED_ENDING, SHORT_ENDINGS } from '../i18n/zh-labels';

/** A name's ending replaced by its customary short form (高新技术产业开发区 → 高新区), or the name as it is. */
function shortEnding(name: string): string {
  for (const [long, short] of SHORT_ENDINGS) if (name.endsWith(long)) return name.slice(0, -long.length) + short;
  return name;
}

/** An ancestor's name and its short form without its administrative ending (如皋市 → 如皋市, 如皋), longest first. */
function prefixesOf(ancestors: readonly string[]): string[] {
  const out = ancestors.flatMap((a) => ([...a].length >= 3 && ADMIN_ENDINGS.some((e) => a.endsWith(e)) ? [a, a.slice(0, -1)] : [a]));
  return out.sort((a, b) => b.length - a.length);
}

/**
 * `name` without the ancestors' names it starts with (南通市海门区永隆沙农场 → 永隆沙农场), a short form taken with any
 * administrative ending after it (an older name: 南通市海门市沿江渔场 → 沿江渔场); at least two characters are left.
 */
function withoutAncestors(name: string, ancestors: readonly string[]): string {
  const prefixes = prefixesOf(ancestors);
  let rest = name;
  for (let cut = true; cut; ) {
    cut = false;
    for (const p of prefixes) {
      if (!rest.startsWith(p)) continue;
      const ending = ADMIN_ENDINGS.find((e) => rest.startsWith(e, p.length));
      const next = rest.slice(p.length + (ending?.length ?? 0));
      if ([...next].length < 2) continue;
      rest = next;
      cut = true;
      break;
    }
  }
  return rest;
}

/**
 * The label texts of an area named `name` whose ancestors (parent first or last, any order) are named `ancestors`:
 * the name; without an alternative name in brackets; with its ending's short form; without the ancestors' names;
 * both. Distinct, each shorter than the one before.
 */
export function labelTexts(name: string, ancestors: readonly string[] = []): string[] {
  const plain = name.replace(BRACKETED_ENDING, '') || name;
  const bare = withoutAncestors(plain, ancestors);
  const out: string[] = [];
  for (const text of [name, plain, shortEnding(plain), bare, shortEnding(bare)]) {
    const last = out.at(-1);
    if (text.length > 0 && (last === undefined || [...text].length < [...last].length)) out.push(text);
  }
  return out;
}
