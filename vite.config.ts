import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { metaPolicy } from './src/security/csp.ts';

/** The embedded demo extracts: folder in the repository → path in the app (the county demo opens by default). */
const DEMOS: readonly (readonly [string, string])[] = [
  ['data/demo', 'demo'],
  ['data/demo-nantong', 'demo-nantong'],
];

/**
 * The embedded demo extracts (data/demo, and the 南通市 city demo data/demo-nantong) are part of the app: served at
 * `demo/` and `demo-nantong/` by the dev server and copied to `dist/` by the build, so the built folder runs on any
 * static web server with no other files.
 */
function demoExtract(): Plugin {
  let outDir = 'dist';
  let building = false;
  return {
    name: 'care-atlas-demo-extract',
    configResolved(config) {
      outDir = config.build.outDir;
      building = config.command === 'build';
    },
    configureServer(server) {
      for (const [dir, path] of DEMOS) {
        server.middlewares.use(`/${path}`, (req, res, next) => {
          const file = normalize(join(dir, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')));
          if (!file.startsWith(normalize(dir)) || !existsSync(file) || !statSync(file).isFile()) return next();
          res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
          res.end(readFileSync(file));
        });
      }
    },
    closeBundle() {
      if (!building) return;
      for (const [dir, path] of DEMOS) {
        if (!existsSync(join(dir, 'manifest.json'))) {
          throw new Error(`${dir}/manifest.json is missing: run \`npm run ${path === 'demo' ? 'generate:demo' : 'generate:city-demo'}\` first`);
        }
        cpSync(dir, join(outDir, path), { recursive: true });
      }
    },
  };
}

/**
 * The Content-Security-Policy (src/security/csp.ts) as the first tag of the built index.html. Only in the build:
 * the dev server's hot reload needs an inline script the policy forbids.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'care-atlas-csp',
    apply: 'build',
    transformIndexHtml: {
      // Before Vite adds its script and style tags, and after the charset, which must come first.
      order: 'pre',
      handler(html) {
        const charset = '<meta charset="UTF-8" />';
        if (!html.includes(charset)) throw new Error(`index.html: ${charset} not found, so the Content-Security-Policy has no place`);
        return html.replace(charset, `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${metaPolicy().replaceAll('"', '&quot;')}" />`);
      },
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built dist/ can be hosted from any sub-path of an intranet server.
  base: './',
  plugins: [react(), demoExtract(), contentSecurityPolicy()],
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // Loading a fixture through duckdb-wasm takes seconds on a loaded 2-core machine.
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['tests/support/browser-global.ts'],
        },
      },
    ],
  },
});
