/**
 * `--new-salt FILE`: a strong salt for the extract tool — 32 crypto-random bytes as 64 hex digits — written to a
 * new file readable by its owner only (mode 0600 where the file system has modes). Never overwrites: a bureau's
 * salt replaced by a new one would give every child a new key.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export const SALT_BYTES = 32;

/** Writes a new salt to `path`; returns a Chinese refusal instead when the file exists or cannot be written. */
export function writeNewSalt(path: string): { ok: true } | { ok: false; message: string } {
  try {
    writeFileSync(path, `${randomBytes(SALT_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    return { ok: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { ok: false, message: `盐值文件 ${path} 已存在，未覆盖：县局已有的盐值必须一直使用同一个（换了盐值，每名儿童的密钥都会改变）。如确需新盐值，请另选一个文件名` };
    if (code === 'ENOENT') return { ok: false, message: `无法创建盐值文件 ${path}：所在目录不存在` };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, message: `无法创建盐值文件 ${path}：没有写入权限` };
    return { ok: false, message: `无法创建盐值文件 ${path}（${e instanceof Error ? e.message : String(e)}）` };
  }
}
