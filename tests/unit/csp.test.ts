import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspDirectives, metaPolicy, serverPolicy } from '../../src/security/csp';

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1);

describe('the Content-Security-Policy', () => {
  it('is at least as strict as issue #12 asks, plus object-src and base-uri', () => {
    const policy = metaPolicy();
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directive(policy, 'worker-src')).toEqual(["'self'", 'blob:']);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(directive(policy, 'img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(directive(policy, 'style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directive(policy, 'font-src')).toEqual(["'self'", 'data:']);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'base-uri')).toEqual(["'self'"]);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    // A meta tag cannot carry frame-ancestors; the server's header does.
    expect(directive(policy, 'frame-ancestors')).toBeUndefined();
    expect(directive(serverPolicy(), 'frame-ancestors')).toEqual(["'self'"]);
    expect(serverPolicy().startsWith(policy)).toBe(true);
  });

  it('is widened by a configured tile host in connect-src and img-src only', () => {
    const wide = cspDirectives({ tileOrigins: ['https://tiles.example.gov.cn'] });
    const narrow = cspDirectives();
    const changed = wide.filter(([, values], i) => values.join(' ') !== narrow[i]?.[1].join(' ')).map(([name]) => name);
    expect(changed).toEqual(['connect-src', 'img-src']);
    expect(directive(metaPolicy({ tileOrigins: ['https://tiles.example.gov.cn'] }), 'img-src')).toContain('https://tiles.example.gov.cn');
  });

  it('refuses a tile origin that would smuggle in another directive or a wildcard', () => {
    expect(() => metaPolicy({ tileOrigins: ["https://x.cn; script-src 'unsafe-inline'"] })).toThrow();
    expect(() => metaPolicy({ tileOrigins: ['*'] })).toThrow();
    expect(() => metaPolicy({ tileOrigins: ['https://tiles.cn/path'] })).toThrow();
  });

  it('is what the README tells administrators to send, for nginx and for IIS', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme)?.[1] ?? '';
    expect(block('nginx')).toContain(`add_header Content-Security-Policy "${serverPolicy()}" always;`);
    expect(block('nginx')).toContain('add_header X-Content-Type-Options "nosniff" always;');
    expect(block('xml')).toContain(`<add name="Content-Security-Policy" value="${serverPolicy()}" />`);
    expect(block('xml')).toContain('<add name="X-Content-Type-Options" value="nosniff" />');
    expect(block('xml')).toContain('<mimeMap fileExtension=".wasm" mimeType="application/wasm" />');
  });
});
