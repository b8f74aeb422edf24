/**
 * Loads the committed reference data for the demo county 如皋市 (data/reference/, see its README):
 * township and village lists (NBS 2023 codes) and GeoNames seat points. Node-only (reads files).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvError, parseCsvRecords } from '../csv/parse-csv';

export type LngLat = [number, number];

export interface RugaoTown {
  /** 9-digit township code, e.g. 320682001. */
  code: string;
  nameNbs: string;
  /** The seed document's township name, where one maps. */
  nameSeed: string | null;
  villageUnits: number;
  seedCareStations: number | null;
  /** Approximate seat (WGS84); null for the two development zones and the virtual units. */
  seat: LngLat | null;
}

export type RugaoVillageType = 'residents_committee' | 'village_committee' | 'virtual';

export interface RugaoVillage {
  /** 12-digit village code. */
  code: string;
  name: string;
  type: RugaoVillageType;
  townCode: string;
}

export interface RugaoSeat {
  /** Chinese name where GeoNames has one, else the English name. */
  name: string;
  /** e.g. current_town_seat, county_seat, former_town_seat_or_other. */
  status: string;
  townCode: string | null;
  point: LngLat;
}

export interface RugaoReference {
  towns: RugaoTown[];
  villages: RugaoVillage[];
  seats: RugaoSeat[];
}

export const TOWNS_FILE = 'rugao_towns_nbs2023.csv';
export const VILLAGES_FILE = 'rugao_villages_nbs2023.csv';
export const SEATS_FILE = 'rugao_town_seats_geonames_ccby.geojson';

const VILLAGE_TYPES: readonly RugaoVillageType[] = ['residents_committee', 'village_committee', 'virtual'];

/** The records of one reference CSV file, keyed by its header; a malformed file is named in the error. */
function records(text: string, file: string): Record<string, string>[] {
  try {
    return parseCsvRecords(text);
  } catch (e) {
    if (e instanceof CsvError) throw new Error(`${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

function field(record: Record<string, string>, name: string, file: string): string {
  const value = record[name];
  if (value === undefined) throw new Error(`${file}: missing column ${name}`);
  return value.trim();
}

function optionalNumber(text: string, what: string): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${what}: not a number: ${JSON.stringify(text)}`);
  return value;
}

function parseTowns(text: string): RugaoTown[] {
  return records(text, TOWNS_FILE).map((r) => {
    const code = field(r, 'town_code', TOWNS_FILE);
    if (!/^[0-9]{9}$/.test(code)) throw new Error(`${TOWNS_FILE}: bad town code ${code}`);
    const lng = optionalNumber(field(r, 'seat_lng_wgs84', TOWNS_FILE), `${TOWNS_FILE} ${code} seat_lng_wgs84`);
    const lat = optionalNumber(field(r, 'seat_lat_wgs84', TOWNS_FILE), `${TOWNS_FILE} ${code} seat_lat_wgs84`);
    const units = optionalNumber(field(r, 'village_units_nbs2023', TOWNS_FILE), `${TOWNS_FILE} ${code} village_units_nbs2023`);
    if (units === null) throw new Error(`${TOWNS_FILE}: ${code} has no village_units_nbs2023`);
    const nameSeed = field(r, 'town_name_seed', TOWNS_FILE);
    return {
      code,
      nameNbs: field(r, 'town_name_nbs', TOWNS_FILE),
      nameSeed: nameSeed === '' ? null : nameSeed,
      villageUnits: units,
      seedCareStations: optionalNumber(field(r, 'seed_care_stations', TOWNS_FILE), `${TOWNS_FILE} ${code} seed_care_stations`),
      seat: lng !== null && lat !== null ? [lng, lat] : null,
    };
  });
}

function parseVillages(text: string): RugaoVillage[] {
  return records(text, VILLAGES_FILE).map((r) => {
    const code = field(r, 'code', VILLAGES_FILE);
    const type = field(r, 'type', VILLAGES_FILE) as RugaoVillageType;
    if (!/^[0-9]{12}$/.test(code)) throw new Error(`${VILLAGES_FILE}: bad village code ${code}`);
    if (!VILLAGE_TYPES.includes(type)) throw new Error(`${VILLAGES_FILE}: ${code} has unknown type ${type}`);
    return { code, name: field(r, 'name', VILLAGES_FILE), type, townCode: field(r, 'town_code', VILLAGES_FILE) };
  });
}

interface SeatFeature {
  properties: { name_en?: string; names_zh?: string[]; nbs_town_code?: string; status?: string };
  geometry: { type: string; coordinates: unknown };
}

function parseSeats(text: string): RugaoSeat[] {
  const collection = JSON.parse(text) as { features?: SeatFeature[] };
  return (collection.features ?? []).map((f, n) => {
    const coords = f.geometry.coordinates;
    if (f.geometry.type !== 'Point' || !Array.isArray(coords) || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') {
      throw new Error(`${SEATS_FILE}: feature ${n} is not a Point`);
    }
    const p = f.properties;
    return {
      name: p.names_zh?.[0] ?? p.name_en ?? `seat ${n}`,
      status: p.status ?? '',
      townCode: p.nbs_town_code ? p.nbs_town_code : null,
      point: [coords[0], coords[1]],
    };
  });
}

/**
 * Reads the three reference files from `dir` and checks they agree: every village's township exists and each
 * township's village count matches `village_units_nbs2023`. Throws an Error naming the file on any problem.
 */
export function loadRugaoReference(dir: string): RugaoReference {
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  const towns = parseTowns(read(TOWNS_FILE));
  const villages = parseVillages(read(VILLAGES_FILE));
  const seats = parseSeats(read(SEATS_FILE));
  const counts = new Map<string, number>();
  for (const v of villages) {
    if (!towns.some((t) => t.code === v.townCode)) throw new Error(`${VILLAGES_FILE}: ${v.code} refers to unknown township ${v.townCode}`);
    counts.set(v.townCode, (counts.get(v.townCode) ?? 0) + 1);
  }
  for (const t of towns) {
    const n = counts.get(t.code) ?? 0;
    if (n !== t.villageUnits) throw new Error(`${TOWNS_FILE}: ${t.code} lists ${t.villageUnits} village units, ${VILLAGES_FILE} has ${n}`);
  }
  return { towns, villages, seats };
}
