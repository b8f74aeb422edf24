/**
 * `npm run audit:licences`: the licence of every package the built app ships (package.json `dependencies` and
 * everything they need, found as npm resolves it from package-lock.json, read from node_modules), and a non-zero
 * exit if any is copyleft or cannot be told.
 *
 * What counts (README "Security (for administrators)"):
 * - copyleft, refused: GPL, AGPL, LGPL, SSPL, EUPL, OSL, CC-BY-SA and the like. LGPL is refused too: the app ships
 *   as one minified bundle, in which a user cannot replace the library as LGPL requires without review.
 * - file-level weak copyleft, listed for review but not refused: MPL-2.0, EPL, CDDL. Their duties bind only the
 *   licensed files themselves (keep the notice, offer their source), which holds when they ship unmodified from npm.
 * - permissive: MIT, ISC, BSD, Apache-2.0, 0BSD and the like.
 * - unknown (no licence field, UNLICENSED, anything else): refused until someone reads it.
 * An SPDX expression with OR is as good as its best alternative; with AND, as bad as its worst.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export type LicenceClass = 'permissive' | 'weak-copyleft' | 'unknown' | 'copyleft';
const RANK: LicenceClass[] = ['permissive', 'weak-copyleft', 'unknown', 'copyleft'];

const COPYLEFT = /^(A?GPL|LGPL|SSPL|EUPL|OSL|CC-BY-SA|CC-BY-NC|CPAL|RPL|Sleepycat|Parity|QPL)\b/i;
const WEAK = /^(MPL|EPL|CDDL)-/i;
const PERMISSIVE =
  /^(MIT|MIT-0|ISC|0BSD|BSD-[234]-Clause(-Clear)?|Apache-2\.0|Unlicense|CC0-1\.0|CC-BY-[34]\.0|Zlib|BlueOak-1\.0\.0|Python-2\.0|BSL-1\.0|WTFPL|Artistic-2\.0|PSF-2\.0)$/i;

function classifyId(id: string): LicenceClass {
  const bare = id.replace(/\+$/, '');
  if (COPYLEFT.test(bare)) return 'copyleft';
  if (WEAK.test(bare)) return 'weak-copyleft';
  if (PERMISSIVE.test(bare)) return 'permissive';
  return 'unknown';
}

/** The class of an SPDX licence expression (`MIT`, `(MIT OR Apache-2.0)`, `GPL-2.0-or-later WITH …`). */
export function classifyLicence(expression: string | null | undefined): LicenceClass {
  if (!expression || !expression.trim()) return 'unknown';
  const tokens = expression.replace(/[()]/g, (p) => ` ${p} `).trim().split(/\s+/);
  let at = 0;
  const worst = (a: LicenceClass, b: LicenceClass) => (RANK.indexOf(a) >= RANK.indexOf(b) ? a : b);
  const best = (a: LicenceClass, b: LicenceClass) => (RANK.indexOf(a) <= RANK.indexOf(b) ? a : b);
  const factor = (): LicenceClass => {
    const token = tokens[at++];
    if (token === undefined) return 'unknown';
    if (token === '(') {
      const inner = orExpr();
      if (tokens[at] === ')') at++;
      return inner;
    }
    // An exception (WITH Classpath-exception-2.0) narrows a licence; it is not counted as changing its class.
    if (tokens[at]?.toUpperCase() === 'WITH') at += 2;
    return classifyId(token);
  };
  const andExpr = (): LicenceClass => {
    let c = factor();
    while (tokens[at]?.toUpperCase() === 'AND') {
      at++;
      c = worst(c, factor());
    }
    return c;
  };
  const orExpr = (): LicenceClass => {
    let c = andExpr();
    while (tokens[at]?.toUpperCase() === 'OR') {
      at++;
      c = best(c, andExpr());
    }
    return c;
  };
  const result = orExpr();
  return at === tokens.length ? result : 'unknown';
}

interface PackageJson {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[] | string;
}

/** The licence a package.json declares, as an SPDX expression (old `licenses` arrays joined with OR). */
export function declaredLicence(pkg: PackageJson): string | null {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (typeof pkg.licenses === 'string') return pkg.licenses;
  if (Array.isArray(pkg.licenses)) {
    const types = pkg.licenses.map((l) => l.type).filter((t): t is string => typeof t === 'string');
    if (types.length > 0) return types.length === 1 ? (types[0] as string) : `(${types.join(' OR ')})`;
  }
  return null;
}

interface LockEntry {
  version?: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
}

/**
 * Paths (`node_modules/a`, `node_modules/a/node_modules/b`) of every package the root's `dependencies` need, as npm
 * resolves a name: the nearest node_modules folder up from the package that asks for it. Optional peers are not
 * followed; an optional dependency not installed is skipped.
 */
export function runtimePackages(lock: Lockfile): string[] {
  const root = lock.packages[''] ?? {};
  const found = new Set<string>();
  const resolveFrom = (from: string, name: string): string | null => {
    let dir = from;
    for (;;) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) return null;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up === -1 ? '' : dir.slice(0, up);
    }
  };
  const visit = (from: string, names: string[], optional: Set<string>) => {
    for (const name of names) {
      const path = resolveFrom(from, name);
      if (!path) {
        if (optional.has(name)) continue;
        throw new Error(`audit:licences: ${name}, needed by ${from || 'package.json'}, is not in package-lock.json`);
      }
      if (found.has(path)) continue;
      found.add(path);
      const entry = lock.packages[path] as LockEntry;
      const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
      const optionals = Object.keys(entry.optionalDependencies ?? {});
      visit(path, [...Object.keys(entry.dependencies ?? {}), ...optionals, ...peers], new Set(optionals));
    }
  };
  visit('', Object.keys(root.dependencies ?? {}), new Set());
  return [...found].sort();
}

export interface AuditEntry {
  name: string;
  version: string;
  licence: string | null;
  class: LicenceClass;
}

/** Each runtime package with its licence (from node_modules, else the lockfile). */
export function auditTree(dir: string): AuditEntry[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as Lockfile;
  return runtimePackages(lock).map((path) => {
    const file = join(dir, path, 'package.json');
    const pkg: PackageJson = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PackageJson) : {};
    const licence = declaredLicence(pkg) ?? lock.packages[path]?.license ?? null;
    const name = pkg.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return { name, version: pkg.version ?? lock.packages[path]?.version ?? '?', licence, class: classifyLicence(licence) };
  });
}

/** Refused: copyleft or unknown. */
export const refused = (entries: readonly AuditEntry[]) => entries.filter((e) => e.class === 'copyleft' || e.class === 'unknown');

function main() {
  const entries = auditTree(resolve(import.meta.dirname, '../..'));
  const width = Math.max(...entries.map((e) => `${e.name}@${e.version}`.length));
  for (const e of entries) console.log(`${`${e.name}@${e.version}`.padEnd(width)}  ${(e.licence ?? '(none)').padEnd(22)}  ${e.class}`);
  const counts = RANK.map((c) => `${c} ${entries.filter((e) => e.class === c).length}`).join(', ');
  console.log(`\n${entries.length} runtime packages: ${counts}`);
  const bad = refused(entries);
  if (bad.length > 0) {
    console.error(`Refused (copyleft or unknown licence): ${bad.map((e) => `${e.name}@${e.version} (${e.licence ?? 'none'})`).join(', ')}`);
    process.exit(1);
  }
  const review = entries.filter((e) => e.class === 'weak-copyleft');
  if (review.length > 0) console.log(`For review (file-level weak copyleft, shipped unmodified): ${review.map((e) => e.name).join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
