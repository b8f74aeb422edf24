/**
 * The browser project's global setup (vite.config.ts): one Chromium profile folder and one port for dist/'s server
 * for the whole run, handed to every browser test file (`inject`). Each file's `browserSuite` launches Chromium on
 * that profile and serves dist/ on that port, so a page loads DuckDB's wasm and the app's scripts compiled by an
 * earlier file instead of compiling them again (several CPU-seconds a page on a 2-core machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Chromium profile folder for the run (one Chromium at a time: the browser files run one by one). */
    chromiumProfile: string;
    /** A port that was free at the start of the run, for dist/'s server (another is taken if it is not). */
    distPort: number;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (address === null || typeof address === 'string') throw new Error('browser-global: no port');
  return address.port;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const profile = mkdtempSync(join(tmpdir(), 'care-atlas-chromium-'));
  project.provide('chromiumProfile', profile);
  project.provide('distPort', await freePort());
  return () => rmSync(profile, { recursive: true, force: true });
}
