/**
 * `npm run combine -- --out DIR EXTRACT...`: merges county extracts into one city or province extract and rebuilds
 * its aggregate tables (src/cli/combine/run.ts has the rules). Prints a progress line per step; exits 1, leaving
 * `--out` as it was, when any input is refused, with every reason in Chinese naming the file.
 */
import { parseArgs } from 'node:util';
import { combineText as t } from '../i18n/zh-combine';
import { CombineError, runCombine } from './combine/run';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${t.usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(t.usage);
    return 0;
  }
  if (!values.out || positionals.length === 0) {
    console.error(`${values.out ? t.noInputs : t.noOut}\n\n${t.usage}`);
    return 2;
  }
  try {
    const { manifest, ms } = await runCombine(positionals, values.out, { onProgress: (line) => console.log(line) });
    console.log(t.done(values.out, manifest.counties.length, t.levelNames[manifest.area_level] ?? '', ms / 1000));
    if (manifest.as_of_rule) console.log(manifest.as_of_rule);
    return 0;
  } catch (e) {
    if (!(e instanceof CombineError)) throw e;
    console.error(t.failed);
    for (const problem of e.problems) console.error(`  ${problem}`);
    return 1;
  }
}

process.exitCode = await main();
