#!/usr/bin/env node
// `npm test`: everything, in order — browser prerequisites, typecheck, lint, build, then every vitest test: the
// unit and the browser project side by side, as two vitest runs (the browser files run one at a time and leave
// part of the two cores idle while a page loads; one unit worker fills it). Ends with the line
// `N passed, N failed` and exits non-zero on any failure. Arguments are vitest file filters (a quick check of
// the runner itself): `node tests/run-all.mjs tests/unit/csv.test.ts tests/browser/labels.test.ts`.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarize, VITEST_REPORTS } from './summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = `${root}test-results/`;
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status === 0;
const quiet = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'ignore' }).status === 0;

function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const haveFonts = quiet('sh', ['-c', 'fc-list :lang=zh family | grep -qi "Noto Sans CJK"']);
  if (existsSync(chromium) && haveFonts) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && quiet('sh', ['-c', 'command -v apt-get'])) {
    console.log('Installing Debian packages for the browser tests: chromium fonts-noto-cjk');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    return run('apt-get', ['update', '-qq'], { env }) && run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { env });
  }
  console.error(
    'The browser tests need Debian\'s Chromium and CJK fonts. Install them as root, then run `npm test` again:\n' +
      '  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk\n' +
      '(or set CHROMIUM_PATH to another Chromium binary)',
  );
  return false;
}

const checks = [];
const step = (name, ok) => {
  checks.push({ name, ok });
  console.log(`${ok ? '✓' : '✗'} ${name}`);
  return ok;
};

step('browser prerequisites (chromium, fonts-noto-cjk)', ensureChromium());
step('typecheck (tsc)', run('npx', ['tsc', '-p', '.', '--noEmit']));
step('lint (eslint, zero warnings)', run('npx', ['eslint', '.', '--max-warnings', '0']));
step('build (vite)', run('npx', ['vite', 'build', '--logLevel', 'warn']));
writeFileSync(`${results}static-checks.json`, JSON.stringify(checks, null, 2));

const filters = process.argv.slice(2);
// One unit worker beside the browser files (CARE_ATLAS_UNIT_WORKERS to change it).
const unitWorkers = process.env.CARE_ATLAS_UNIT_WORKERS ?? '1';

/** Runs one vitest project with its JSON report in test-results/, every output line prefixed with its name. */
function vitestProject(name, extra) {
  const args = ['vitest', 'run', '--project', name, ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${results}${VITEST_REPORTS[name]}`];
  if (filters.length > 0) args.push('--passWithNoTests', ...filters);
  const child = spawn('npx', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    createInterface({ input: from }).on('line', (line) => to.write(`[${name}] ${line}\n`));
  }
  return new Promise((done) =>
    child.on('close', (code) => {
      ended[name] = Date.now();
      done(code === 0);
    }),
  );
}

/**
 * Where the time went: when each project ended, and its slowest files (from its JSON report), printed and written
 * to test-results/timings.json, so that a run says which files to look at when the suite grows too long.
 */
function timings() {
  const min = (ms) => Number((ms / 60000).toFixed(1));
  const out = { started: new Date(started).toISOString(), projects: {} };
  for (const [name, file] of Object.entries(VITEST_REPORTS)) {
    if (!existsSync(`${results}${file}`)) continue;
    const report = JSON.parse(readFileSync(`${results}${file}`, 'utf8'));
    const files = (report.testResults ?? [])
      .map((f) => ({ file: f.name.slice(root.length), seconds: Math.round((f.endTime - f.startTime) / 1000), tests: (f.assertionResults ?? []).length }))
      .sort((a, b) => b.seconds - a.seconds);
    out.projects[name] = { minutes: min((ended[name] ?? Date.now()) - started), files };
    console.log(`[${name}] ended after ${out.projects[name].minutes} min; slowest files: ${files.slice(0, 8).map((f) => `${f.file.replace(/^tests\//, '')} ${f.seconds} s`).join(', ')}`);
  }
  writeFileSync(`${results}timings.json`, `${JSON.stringify(out, null, 2)}\n`);
}

const started = Date.now();
const ended = {};
await Promise.all([vitestProject('browser', []), vitestProject('unit', [`--maxWorkers=${unitWorkers}`])]);
console.log(`vitest (unit and browser side by side): ${((Date.now() - started) / 60000).toFixed(1)} min`);
timings();

const { passed, failed, notes } = summarize();
for (const note of notes) console.log(note);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
