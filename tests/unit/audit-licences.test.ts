import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditTree, classifyLicence, declaredLicence, refused, runtimePackages, type AuditEntry, type Lockfile } from '../../src/cli/audit-licences';

const ROOT = resolve(import.meta.dirname, '../..');

describe('licence classes', () => {
  it('classifies single licences', () => {
    expect(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', '0BSD', 'CC0-1.0'].map(classifyLicence)).toEqual(Array(6).fill('permissive'));
    expect(['GPL-3.0-only', 'GPL-2.0+', 'AGPL-3.0-or-later', 'LGPL-2.1', 'SSPL-1.0', 'EUPL-1.2', 'CC-BY-SA-4.0'].map(classifyLicence)).toEqual(Array(7).fill('copyleft'));
    expect(['MPL-2.0', 'EPL-2.0', 'CDDL-1.0'].map(classifyLicence)).toEqual(Array(3).fill('weak-copyleft'));
    expect([null, '', 'UNLICENSED', 'SEE LICENSE IN LICENSE.txt', 'Custom'].map(classifyLicence)).toEqual(Array(5).fill('unknown'));
  });

  it('takes the best alternative of OR and the worst part of AND', () => {
    expect(classifyLicence('(MIT OR GPL-3.0)')).toBe('permissive');
    expect(classifyLicence('MIT OR Apache-2.0')).toBe('permissive');
    expect(classifyLicence('MIT AND GPL-3.0')).toBe('copyleft');
    expect(classifyLicence('(MIT AND MPL-2.0) OR LGPL-3.0')).toBe('weak-copyleft');
    expect(classifyLicence('GPL-2.0-only WITH Classpath-exception-2.0')).toBe('copyleft');
    expect(classifyLicence('MIT OR')).toBe('unknown');
  });

  it('reads old-style licence fields', () => {
    expect(declaredLicence({ license: 'MIT' })).toBe('MIT');
    expect(declaredLicence({ license: { type: 'ISC' } })).toBe('ISC');
    expect(declaredLicence({ licenses: [{ type: 'MIT' }] })).toBe('MIT');
    expect(declaredLicence({ licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] })).toBe('(MIT OR GPL-2.0)');
    expect(declaredLicence({})).toBeNull();
  });

  it('refuses copyleft and unknown, not weak copyleft', () => {
    const e = (name: string, licence: string | null): AuditEntry => ({ name, version: '1.0.0', licence, class: classifyLicence(licence) });
    const entries = [e('a', 'MIT'), e('b', 'GPL-3.0'), e('c', 'MPL-2.0'), e('d', null), e('f', 'LGPL-3.0-or-later')];
    expect(refused(entries).map((x) => x.name)).toEqual(['b', 'd', 'f']);
  });
});

describe('the runtime dependency tree', () => {
  it('follows dependencies as npm resolves them, nested copies first, leaving dev-only packages out', () => {
    const lock: Lockfile = {
      packages: {
        '': { dependencies: { app: '^1' } },
        'node_modules/app': { dependencies: { util: '^2', shared: '^1' }, optionalDependencies: { 'not-installed': '^1' } },
        'node_modules/app/node_modules/util': { version: '2.0.0' },
        'node_modules/util': { version: '1.0.0' },
        'node_modules/shared': { peerDependencies: { react: '*', maybe: '*' }, peerDependenciesMeta: { maybe: { optional: true } } },
        'node_modules/react': {},
        'node_modules/vitest': { dependencies: { util: '^1' } },
      },
    };
    expect(runtimePackages(lock)).toEqual(['node_modules/app', 'node_modules/app/node_modules/util', 'node_modules/react', 'node_modules/shared']);
    expect(() => runtimePackages({ packages: { '': { dependencies: { gone: '^1' } } } })).toThrow(/gone/);
  });

  it('on this project: every dependency in package.json is listed, no dev tool is, and nothing is refused', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const entries = auditTree(ROOT);
    const names = new Set(entries.map((x) => x.name));
    for (const dep of Object.keys(pkg.dependencies)) expect(names.has(dep), dep).toBe(true);
    for (const dev of ['vitest', 'eslint', 'typescript', 'playwright-core', '@duckdb/node-api']) expect(names.has(dev), dev).toBe(false);
    expect(refused(entries)).toEqual([]);
  });

  it('runs as npm run audit:licences, listing each package with its licence', () => {
    const out = execFileSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'src/cli/audit-licences.ts')], { encoding: 'utf8' });
    expect(out).toMatch(/^maplibre-gl@\S+\s+BSD-3-Clause\s+permissive$/m);
    expect(out).toMatch(/^\d+ runtime packages: permissive \d+, weak-copyleft 0, unknown 0, copyleft 0$/m);
  });
});
