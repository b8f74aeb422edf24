import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeTiledCounty } from '../../src/cli/demo/city';
import { DEMO_DEFAULTS } from '../../src/cli/demo/county';
import { countyReference } from '../../src/cli/geometry/china-reference';
import { runCombine } from '../../src/cli/combine/run';
import type { PolygonCoords } from '../../src/extract/wkb';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';

/**
 * The small province of the browser tests above the city: five real county-level units of 江苏省 in three cities
 * (南通市 如东县 启东市, 泰州市 海陵区 靖江市, 盐城市 响水县), each written as the city demo writes its counties (the
 * tile-grid layout, the demo's population generator) with few children, then combined by `npm run combine`'s code
 * into one province extract with its aggregates for every built-in profile.
 */
export const PROVINCE_COUNTIES = ['320623', '320681', '321202', '321282', '320921'] as const;
export const PROVINCE_CITIES = ['3206', '3209', '3212'] as const;
/** Children per village-level unit (about 1,400 in the five counties). */
const PER_UNIT = 1.2;

/** The generator's and combine's sources: a change to any of them makes a new fixture. */
const SOURCES = ['src/cli/demo', 'src/cli/combine', 'src/measures', 'src/extract', 'src/policy'].map((d) => resolve(import.meta.dirname, '../..', d));

function sourceHash(): string {
  const hash = createHash('sha256').update(JSON.stringify({ PROVINCE_COUNTIES, PER_UNIT, DEMO_DEFAULTS, this: readFileSync(import.meta.filename, 'utf8') }));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  SOURCES.forEach(walk);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The province extract's folder, under test-results/fixtures/ keyed by the generator's inputs and sources: written
 * on the first call of a run (about half a minute), then reused by later files and runs.
 */
export async function provinceExtract(): Promise<string> {
  const root = resolve(import.meta.dirname, '../../test-results/fixtures');
  const out = join(root, `province-${sourceHash()}`);
  if (existsSync(join(out, 'manifest.json'))) return out;
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(root, 'province-work-'));
  try {
    const placed: PolygonCoords[][] = [];
    const dirs: string[] = [];
    for (const code of PROVINCE_COUNTIES) {
      const dir = join(work, code);
      await writeTiledCounty(dir, countyReference(code), { ...DEMO_DEFAULTS, out: dir }, PER_UNIT, placed);
      dirs.push(dir);
    }
    await runCombine(dirs.sort(), join(work, 'province'), { profiles: BUILTIN_PROFILES, generatedAt: null });
    rmSync(out, { recursive: true, force: true });
    renameSync(join(work, 'province'), out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}
