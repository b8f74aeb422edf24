#!/usr/bin/env node
// Prints the one closing line CI reads, `N passed, N failed`, from the runners' own JSON reports:
// vitest's JSON reports (one per project: every unit and browser test) plus the static checks (typecheck, lint,
// build) that tests/run-all.mjs records, each counted as one test. A missing report counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../test-results/', import.meta.url));

/** The JSON report of each vitest project's run, in test-results/. */
export const VITEST_REPORTS = { unit: 'vitest-unit.json', browser: 'vitest-browser.json' };

export function summarize() {
  let passed = 0;
  let failed = 0;
  const notes = [];
  const checksFile = `${dir}static-checks.json`;
  if (existsSync(checksFile)) {
    for (const check of JSON.parse(readFileSync(checksFile, 'utf8'))) {
      if (check.ok) passed += 1;
      else {
        failed += 1;
        notes.push(`static check failed: ${check.name}`);
      }
    }
  } else {
    failed += 1;
    notes.push('no static-checks report');
  }
  let total = 0;
  for (const name of Object.values(VITEST_REPORTS)) {
    const vitestFile = `${dir}${name}`;
    if (!existsSync(vitestFile)) {
      failed += 1;
      notes.push(`no vitest report ${name}`);
      continue;
    }
    const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    total += report.numTotalTests ?? 0;
    // A test file that failed to load has no test results of its own: count it as one failure.
    for (const file of report.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
        failed += 1;
        notes.push(`test file failed to run: ${file.name}`);
      }
    }
  }
  if (total === 0) {
    failed += 1;
    notes.push('vitest ran no test');
  }
  return { passed, failed, notes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed, notes } = summarize();
  for (const note of notes) console.log(note);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
