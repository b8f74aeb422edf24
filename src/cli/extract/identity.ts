/**
 * Identity: national ID numbers (公民身份号码, GB 11643-1999) read, checked and turned into a salted one-way key,
 * then dropped. Nothing here keeps an ID number beyond the call that reads it.
 */
import { createHmac } from 'node:crypto';
import { AGE_BANDS } from '../../extract/schema';

export type AgeBand = (typeof AGE_BANDS)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character of the first 17 digits of an 18-digit ID number (ISO 7064 MOD 11-2). */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckChar: expects 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

export type IdProblem =
  | 'empty'
  | 'excel_number'
  | 'fifteen_digits'
  | 'bad_format'
  | 'bad_check'
  | 'bad_birth_date';

export type IdResult =
  | { ok: true; normalized: string; birthDate: string; sex: 'M' | 'F' }
  | { ok: false; problem: IdProblem };

/** Reasons in Chinese, for the report. They never include the number itself. */
export const ID_PROBLEM_ZH: Record<IdProblem, string> = {
  empty: '身份证号码为空',
  excel_number: '身份证号码被 Excel 存成了数字（末几位已丢失），请把该列设为“文本”后重新导出',
  fifteen_digits: '身份证号码为15位旧号码，请换成18位号码',
  bad_format: '身份证号码格式不正确（应为17位数字加1位数字或X）',
  bad_check: '身份证号码校验位错误',
  bad_birth_date: '身份证号码中的出生日期不是有效日期',
};

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Normalizes and checks an ID number as it comes from a spreadsheet: spaces, a leading apostrophe or tab, an
 * `="…"` wrapper and full-width characters are removed; a lower-case x becomes X. A number cell (or text in
 * scientific notation) is refused: Excel keeps 15 significant digits, so the last digits are already lost.
 */
export function parseIdNumber(raw: unknown): IdResult {
  if (raw === null || raw === undefined) return { ok: false, problem: 'empty' };
  if (typeof raw === 'number') return { ok: false, problem: Number.isFinite(raw) && raw > 1e14 ? 'excel_number' : 'bad_format' };
  let s = String(raw).normalize('NFKC').trim();
  s = s.replace(/^=?"(.*)"$/, '$1').replace(/^['\t]+/, '').replace(/\s+/g, '');
  if (s === '') return { ok: false, problem: 'empty' };
  if (/^\d(\.\d+)?E\+\d+$/i.test(s)) return { ok: false, problem: 'excel_number' };
  s = s.toUpperCase();
  if (/^\d{15}$/.test(s)) return { ok: false, problem: 'fifteen_digits' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'bad_format' };
  if (idCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, problem: 'bad_check' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1900 || !validDate(y, m, d)) return { ok: false, problem: 'bad_birth_date' };
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  return { ok: true, normalized: s, birthDate, sex: Number(s[16]) % 2 === 1 ? 'M' : 'F' };
}

/** Full years of age on `asOf` (both ISO dates); a birthday on 29 February counts from 1 March in other years. */
export function ageInYears(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** The schema's age band for an age in full years, or null outside 0–17. */
export function ageBand(age: number): AgeBand | null {
  if (!Number.isInteger(age) || age < 0 || age > 17) return null;
  if (age <= 2) return '0-2';
  if (age <= 5) return '3-5';
  if (age <= 11) return '6-11';
  if (age <= 14) return '12-14';
  return '15-17';
}

/** Key length in hex characters (128 bits). */
export const KEY_HEX_LENGTH = 32;

/**
 * A salted one-way key: HMAC-SHA256 keyed with the salt, hex, truncated to 32 characters. The same value and salt
 * always give the same key; without the salt the key cannot be linked back to the value.
 */
export function saltedKey(salt: Uint8Array, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex').slice(0, KEY_HEX_LENGTH);
}

/** A source system's own child or staff number, normalized (full-width → half-width, spaces out, upper case). */
export function normalizeNumber(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  const s = typeof raw === 'number' ? (Number.isInteger(raw) ? String(raw) : '') : String(raw);
  return s.normalize('NFKC').replace(/^['\t]+/, '').replace(/\s+/g, '').toUpperCase();
}

/** A short fingerprint of the salt for the report, so two runs can be seen to share a salt without showing it. */
export function saltFingerprint(salt: Uint8Array): string {
  return saltedKey(salt, 'care-atlas salt fingerprint').slice(0, 8);
}
