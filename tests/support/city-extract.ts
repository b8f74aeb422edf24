import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCombine } from '../../src/cli/combine/run';
import { writeExtract } from '../../src/cli/write-extract';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { countyManifest, countyTables, QIDONG, RUGAO } from '../fixtures/two-county-city';

/**
 * The two-county fixture (tests/fixtures/two-county-city.ts) as a bureau would make it: each county's extract, then
 * `npm run combine` into the 南通市 city extract at `root`/city (with its aggregates, every built-in profile, and
 * an as-of rule: 如皋市's extract is as of 2026-10-20). Returns the city extract's folder.
 */
export async function writeCityExtract(root: string): Promise<string> {
  const qd = join(root, 'qidong');
  const rg = join(root, 'rugao');
  const out = join(root, 'city');
  mkdirSync(root, { recursive: true });
  await writeExtract(qd, countyManifest(QIDONG), countyTables(QIDONG));
  await writeExtract(rg, { ...countyManifest(RUGAO), as_of: '2026-10-20' }, countyTables(RUGAO));
  await runCombine([qd, rg], out, { profiles: BUILTIN_PROFILES });
  return out;
}
