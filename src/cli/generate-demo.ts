/**
 * `npm run generate:demo`: writes the demo extract of 如皋市 into data/demo (or --out DIR).
 *
 * Real township and village names and codes (NBS 2023), GeoNames seats (CC BY 4.0), the 2021 plan's station
 * targets; schematic shapes; everything about children, visits, stations, staff and water points synthetic.
 * Deterministic: the same options write the same extract, with its aggregate tables (src/cli/write-aggregates.ts).
 *
 * Options: --out DIR (default data/demo) · --children N (default 5000) · --seed N (default 20261031)
 *          · --as-of YYYY-MM-DD (default 2026-10-31) · --city: the 南通市 city demo instead (src/cli/demo/city.ts),
 *          default out data/demo-nantong, --children being 如皋市's
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CITY_DEMO_DIR, generateCityDemo } from './demo/city';
import { DEMO_DEFAULTS, generateDemo } from './demo/county';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      city: { type: 'boolean', default: false },
      children: { type: 'string', default: String(DEMO_DEFAULTS.children) },
      seed: { type: 'string', default: String(DEMO_DEFAULTS.seed) },
      'as-of': { type: 'string', default: DEMO_DEFAULTS.asOf },
    },
  });
  const children = Number(values.children);
  const seed = Number(values.seed);
  if (!Number.isInteger(children) || children < 1) throw new Error(`--children must be a positive integer, got ${values.children}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new Error(`--as-of must be YYYY-MM-DD, got ${values['as-of']}`);
  const started = performance.now();
  const options = { children, seed, asOf: values['as-of'] };
  if (values.city) {
    const out = values.out ?? resolve(import.meta.dirname, '../..', CITY_DEMO_DIR);
    const manifest = await generateCityDemo({ ...options, out, onProgress: (line) => console.log(line) });
    console.log(`city demo extract (${manifest.area_name}, ${manifest.counties.length} counties) written to ${out} in ${Math.round(performance.now() - started)} ms`);
  } else {
    const out = values.out ?? resolve(import.meta.dirname, '../../data/demo');
    const manifest = await generateDemo({ ...options, out });
    const files = [...Object.values(manifest.tables), ...Object.values(manifest.aggregates?.tables ?? {})];
    console.log(`demo extract written to ${out} in ${Math.round(performance.now() - started)} ms: ${files.join(', ')}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
