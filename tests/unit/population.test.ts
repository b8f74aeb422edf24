import { describe, expect, it } from 'vitest';
import { TABLES, type TableName } from '../../src/extract/schema';
import {
  generatePopulation,
  type Population,
  type PopulationOptions,
  type PopulationRegion,
} from '../../src/cli/demo/population';

const COUNTY = '320682';
const SEAT = '320682001';
const LAGGARD = '320682113';
const OTHER = '320682105';
const AS_OF = '2026-10-31';
const WINDOW_START = '2025-11-01';
const ID_NUMBER = /\b[1-9]\d{5}(19|20)\d{2}\d{7}[\dXx]\b/;

type VillageSpec = [suffix: string, unitType: string];

function regionList(towns: [code: string, unitType: string, villages: VillageSpec[]][]): PopulationRegion[] {
  const out: PopulationRegion[] = [
    { code: COUNTY, name: 'County', level: 'county', unitType: 'county', parentCode: null, label: [120.57, 32.37] },
  ];
  towns.forEach(([code, unitType, villages], ti) => {
    const label: [number, number] = [120.4 + ti * 0.1, 32.3];
    out.push({ code, name: `T${ti}`, level: 'township', unitType, parentCode: COUNTY, label });
    villages.forEach(([suffix, vType], vi) => {
      out.push({
        code: code + suffix,
        name: `V${ti}-${vi}`,
        level: 'village',
        unitType: vType,
        parentCode: code,
        label: [120.4 + ti * 0.1 + vi * 0.001, 32.3 + vi * 0.001],
      });
    });
  });
  return out;
}

/** A county, three townships (one a laggard), 13 villages of every unit type. */
const RC = 'residents_committee';
const VC = 'village_committee';
const SMALL = regionList([
  [SEAT, 'street', [['001', RC], ['002', RC], ['003', RC], ['201', VC]]],
  [LAGGARD, 'town', [['201', VC], ['202', VC], ['203', VC], ['204', VC], ['001', RC]]],
  [OTHER, 'town', [['201', VC], ['202', VC], ['001', RC], ['400', 'other']]],
]);
const SMALL_TARGETS: Record<string, number> = { [SEAT]: 4, [LAGGARD]: 5, [OTHER]: 3 };

/** Three townships of 30 villages each: 8 communities and 22 villages. */
function thirtyVillages(): VillageSpec[] {
  return Array.from({ length: 30 }, (_, i): VillageSpec =>
    i < 8 ? [String(i + 1).padStart(3, '0'), RC] : [String(200 + i), VC],
  );
}
const BIG = regionList([
  [SEAT, 'street', thirtyVillages()],
  [LAGGARD, 'town', thirtyVillages()],
  [OTHER, 'town', thirtyVillages()],
]);
const BIG_TARGETS: Record<string, number> = { [SEAT]: 30, [LAGGARD]: 30, [OTHER]: 30 };

function options(regions: readonly PopulationRegion[], over: Partial<PopulationOptions>): PopulationOptions {
  const labels = new Map(regions.map((r) => [r.code, r.label]));
  return {
    seed: 7,
    asOf: AS_OF,
    children: 600,
    villageStationTargets: SMALL_TARGETS,
    pointIn: (code) => {
      const l = labels.get(code);
      if (!l) throw new Error(`no such village ${code}`);
      return [l[0], l[1]];
    },
    ...over,
  };
}

const small = (): Population => generatePopulation(SMALL, options(SMALL, {}));
let bigCache: { pop: Population } | undefined;
function big(): { pop: Population } {
  bigCache ??= { pop: generatePopulation(BIG, options(BIG, { children: 5000, seed: 2026, villageStationTargets: BIG_TARGETS })) };
  return bigCache;
}

const TABLES_OUT: readonly (TableName & keyof Population)[] = [
  'children',
  'colour_assessments',
  'visits',
  'stations',
  'staff',
  'water_points',
];
const isDate = (v: unknown): boolean =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

function monthsOfWindow(): string[] {
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2025, 10 + i, 1)).toISOString().slice(0, 7));
}

describe('generatePopulation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = small();
    const b = small();
    expect(b).toEqual(a);
    const c = generatePopulation(SMALL, options(SMALL, { seed: 8 }));
    expect(c.children.map((x) => x.child_key)).not.toEqual(a.children.map((x) => x.child_key));
  });

  it('gives two counties generated with the same seed different child keys', () => {
    // Counties are generated apart and merged by combine, which refuses a key found twice; the same seed stands for
    // two counties whose random streams overlap (mulberry32's streams share one cycle).
    const recode = (code: string | null): string | null => (code === null ? null : code.replace(/^320682/, '320681'));
    const other = SMALL.map((r) => ({ ...r, code: recode(r.code) as string, parentCode: recode(r.parentCode) }));
    const targets = Object.fromEntries(Object.entries(SMALL_TARGETS).map(([k, v]) => [recode(k) as string, v]));
    const a = small();
    const b = generatePopulation(other, { ...options(other, {}), villageStationTargets: targets });
    const keysA = new Set(a.children.map((c) => c.child_key));
    expect(b.children.length).toBe(a.children.length);
    expect(b.children.filter((c) => keysA.has(c.child_key))).toEqual([]);
  });

  it('writes exactly the schema columns, with allowed values, patterns and types', () => {
    const pop = small();
    const problems = new Set<string>();
    for (const name of TABLES_OUT) {
      const spec = TABLES.find((t) => t.name === name);
      if (!spec) throw new Error(name);
      const rows = pop[name] as unknown as Record<string, unknown>[];
      expect(rows.length, name).toBeGreaterThan(0);
      const columns = spec.columns.map((c) => c.name).sort().join(',');
      const patterns = new Map(spec.columns.map((c) => [c.name, c.pattern ? new RegExp(`^(?:${c.pattern})$`) : null]));
      for (const row of rows) {
        const have = Object.keys(row).sort().join(',');
        if (have !== columns) problems.add(`${name}: columns ${have}`);
        for (const col of spec.columns) {
          const where = `${name}.${col.name}`;
          const v = row[col.name];
          if (v === null || v === undefined) {
            if (col.required || v === undefined) problems.add(`${where}: missing`);
            continue;
          }
          if (col.type === 'VARCHAR[]' && !Array.isArray(v)) problems.add(`${where}: not a list`);
          for (const x of col.type === 'VARCHAR[]' ? (v as unknown[]) : [v]) {
            const ok =
              col.type === 'VARCHAR' || col.type === 'VARCHAR[]'
                ? typeof x === 'string'
                : col.type === 'DATE'
                  ? isDate(x)
                  : col.type === 'BOOLEAN'
                    ? typeof x === 'boolean'
                    : col.type === 'DOUBLE'
                      ? Number.isFinite(x)
                      : false;
            if (!ok) problems.add(`${where}: ${String(x)} is not ${col.type}`);
            if (col.values && !col.values.includes(String(x))) problems.add(`${where}: ${String(x)} not allowed`);
            if (patterns.get(col.name)?.test(String(x)) === false) problems.add(`${where}: ${String(x)} fails pattern`);
          }
        }
      }
    }
    expect([...problems]).toEqual([]);
  });

  it('keeps keys unique and every reference resolvable', () => {
    const pop = small();
    const byCode = new Map(SMALL.map((r) => [r.code, r]));
    const keys = new Set(pop.children.map((c) => c.child_key));
    expect(keys.size).toBe(pop.children.length);
    expect(pop.children.length).toBe(600);
    for (const c of pop.children) {
      expect(byCode.get(c.village_code)?.level).toBe('village');
      if (c.hukou_village_code !== null) {
        expect(byCode.get(c.hukou_village_code)?.level).toBe('village');
        expect(c.hukou_village_code).not.toBe(c.village_code);
      }
      expect(new Set(c.categories).size).toBe(c.categories.length);
      expect(c.categories.length).toBeGreaterThanOrEqual(1);
    }
    for (const a of pop.colour_assessments) expect(keys.has(a.child_key)).toBe(true);
    for (const v of pop.visits) expect(keys.has(v.child_key)).toBe(true);
    expect(new Set(pop.colour_assessments.map((a) => `${a.child_key}|${a.assessed_on}`)).size).toBe(
      pop.colour_assessments.length,
    );
    for (const s of pop.stations) expect(byCode.has(s.region_code)).toBe(true);
    for (const s of pop.staff) expect(byCode.has(s.region_code)).toBe(true);
    for (const w of pop.water_points) expect(byCode.get(w.village_code)?.level).toBe('village');
    expect(new Set(pop.stations.map((s) => s.station_id)).size).toBe(pop.stations.length);
    expect(new Set(pop.staff.map((s) => s.staff_key)).size).toBe(pop.staff.length);
    expect(new Set(pop.water_points.map((w) => w.point_id)).size).toBe(pop.water_points.length);
  });

  it('keeps every date inside its window and inside the child’s time on the roll', () => {
    const pop = small();
    const child = new Map(pop.children.map((c) => [c.child_key, c]));
    for (const c of pop.children) {
      expect(c.enrolled_on! <= AS_OF).toBe(true);
      if (c.exited_on !== null) {
        expect(c.exited_on >= WINDOW_START && c.exited_on <= AS_OF).toBe(true);
        expect(c.exited_on > c.enrolled_on!).toBe(true);
      }
    }
    for (const v of pop.visits) {
      const c = child.get(v.child_key)!;
      expect(v.visited_on >= WINDOW_START && v.visited_on <= AS_OF, v.visited_on).toBe(true);
      expect(v.visited_on >= c.enrolled_on!).toBe(true);
      if (c.exited_on !== null) expect(v.visited_on <= c.exited_on).toBe(true);
    }
    for (const a of pop.colour_assessments) {
      const c = child.get(a.child_key)!;
      expect(a.assessed_on >= '2024-08-01' && a.assessed_on <= AS_OF, a.assessed_on).toBe(true);
      expect(a.assessed_on >= c.enrolled_on!).toBe(true);
      if (c.exited_on !== null) expect(a.assessed_on <= c.exited_on).toBe(true);
    }
    for (const s of pop.stations) expect(s.opened_on! >= '2019-01-01' && s.opened_on! <= AS_OF).toBe(true);
    for (const s of pop.staff) if (s.last_trained_on !== null) expect(s.last_trained_on <= AS_OF).toBe(true);
    for (const w of pop.water_points) if (w.last_inspected_on !== null) expect(w.last_inspected_on <= AS_OF).toBe(true);
  });

  it('places village stations in distinct real villages, target minus a shortfall per township', () => {
    const pop = small();
    const byCode = new Map(SMALL.map((r) => [r.code, r]));
    const villageStations = pop.stations.filter((s) => s.kind === 'village_station');
    expect(new Set(villageStations.map((s) => s.region_code)).size).toBe(villageStations.length);
    for (const s of villageStations) {
      const v = byCode.get(s.region_code);
      expect(v?.level).toBe('village');
      expect(v?.unitType).not.toBe('other');
    }
    for (const [town, target] of Object.entries(SMALL_TARGETS)) {
      const count = villageStations.filter((s) => byCode.get(s.region_code)?.parentCode === town).length;
      const shortfall = target - count;
      expect(shortfall, town).toBeGreaterThanOrEqual(0);
      expect(shortfall, town).toBeLessThanOrEqual(4);
    }
    // The laggard is among the short townships.
    expect(villageStations.filter((s) => s.region_code.startsWith(LAGGARD)).length).toBeLessThan(5);
    expect(pop.stations.filter((s) => s.kind === 'county_centre').map((s) => s.region_code)).toEqual([SEAT]);
    expect(pop.stations.filter((s) => s.kind === 'township_home').map((s) => s.region_code).sort()).toEqual(
      [SEAT, OTHER, LAGGARD].sort(),
    );
  });

  it('never puts a left-behind-only child in the 15–17 band', () => {
    const pop = big().pop;
    const lbOnly = pop.children.filter((c) => c.categories.length === 1 && c.categories[0] === 'left_behind');
    expect(lbOnly.length).toBeGreaterThan(2000);
    expect(lbOnly.filter((c) => c.age_band === '15-17')).toHaveLength(0);
    expect(pop.children.filter((c) => c.age_band === '15-17').length).toBeGreaterThan(100);
    for (const c of pop.children) {
      const lb = c.categories.includes('left_behind');
      expect(c.care_agreement === null, c.child_key).toBe(!lb);
      expect(c.pairing_111 === null, c.child_key).toBe(!lb);
    }
  });

  it('holds nothing that looks like an ID number', () => {
    for (const pop of [small(), big().pop]) {
      for (const name of TABLES_OUT) {
        for (const row of pop[name] as unknown as Record<string, unknown>[]) {
          for (const v of Object.values(row)) {
            const s = Array.isArray(v) ? v.join(' ') : String(v);
            if (ID_NUMBER.test(s)) throw new Error(`${name}: ${s}`);
          }
        }
      }
    }
    // An ID-shaped value built from a region code that does not exist (999999), never a real person's.
    expect(ID_NUMBER.test(['999999', '20100101', '123X'].join(''))).toBe(true);
  });

  it('at real size, has about a dozen visits per child and a lagging township that visits less', () => {
    const { pop } = big();
    expect(pop.children).toHaveLength(5000);
    expect(pop.visits.length).toBeGreaterThan(45_000);
    expect(pop.visits.length).toBeLessThan(75_000);

    const months = monthsOfWindow();
    const visited = new Set(pop.visits.map((v) => `${v.child_key}|${v.visited_on.slice(0, 7)}`));
    const share = (town: string, month: string): number => {
      const onRoll = pop.children.filter(
        (c) =>
          c.village_code.startsWith(town) &&
          c.enrolled_on!.slice(0, 7) <= month &&
          (c.exited_on === null || c.exited_on.slice(0, 7) >= month),
      );
      return onRoll.filter((c) => visited.has(`${c.child_key}|${month}`)).length / onRoll.length;
    };
    const avg = (town: string): number => months.reduce((s, m) => s + share(town, m), 0) / months.length;
    const laggard = avg(LAGGARD);
    expect(laggard).toBeGreaterThan(0.72);
    expect(laggard).toBeLessThan(0.9);
    expect(laggard).toBeLessThan(avg(SEAT) - 0.03);
    expect(laggard).toBeLessThan(avg(OTHER) - 0.02);
    // The Spring Festival dip: February is the weakest month county-wide.
    const county = months.map((m) => [SEAT, LAGGARD, OTHER].reduce((s, t) => s + share(t, m), 0) / 3);
    expect(county[3]).toBe(Math.min(...county));
    expect(months[3]).toBe('2026-02');
  });

  it('at real size, matches the intended mix of categories, colours and visits', () => {
    const { pop } = big();
    const n = pop.children.length;
    const frac = (k: number): number => k / n;
    const has = (cat: string): number =>
      frac(pop.children.filter((c) => (c.categories as string[]).includes(cat)).length);
    expect(has('left_behind')).toBeGreaterThan(0.52);
    expect(has('left_behind')).toBeLessThan(0.64);
    expect(has('orphan_institution')).toBeGreaterThan(0.005);
    expect(has('orphan_institution')).toBeLessThan(0.015);
    expect(frac(pop.children.filter((c) => c.categories.length === 2).length)).toBeGreaterThan(0.05);
    expect(frac(pop.children.filter((c) => c.categories.length === 2).length)).toBeLessThan(0.09);

    // Institution orphans live in one or two communities of the county seat.
    const inst = new Set(
      pop.children.filter((c) => c.categories.includes('orphan_institution')).map((c) => c.village_code),
    );
    expect(inst.size).toBeGreaterThanOrEqual(1);
    expect(inst.size).toBeLessThanOrEqual(2);
    const unitType = new Map(BIG.map((r) => [r.code, r.unitType]));
    for (const code of inst) {
      expect(code.startsWith(SEAT)).toBe(true);
      expect(unitType.get(code)).toBe('residents_committee');
    }
    // Rural villages hold a larger share of left-behind children than communities.
    const lbShare = (type: string): number => {
      const xs = pop.children.filter((c) => unitType.get(c.village_code) === type);
      return xs.filter((c) => c.categories.includes('left_behind')).length / xs.length;
    };
    expect(lbShare('village_committee')).toBeGreaterThan(lbShare('residents_committee') + 0.15);

    // Latest colours, and the never-assessed.
    const latest = new Map<string, { on: string; colour: string }>();
    for (const a of pop.colour_assessments) {
      const l = latest.get(a.child_key);
      if (!l || l.on < a.assessed_on) latest.set(a.child_key, { on: a.assessed_on, colour: a.colour });
    }
    const colourShare = (c: string): number => [...latest.values()].filter((l) => l.colour === c).length / latest.size;
    expect(frac(n - latest.size)).toBeGreaterThan(0.02);
    expect(frac(n - latest.size)).toBeLessThan(0.07);
    expect(colourShare('red')).toBeGreaterThan(0.008);
    expect(colourShare('red')).toBeLessThan(0.03);
    expect(colourShare('yellow')).toBeGreaterThan(0.045);
    expect(colourShare('yellow')).toBeLessThan(0.1);
    expect(colourShare('green')).toBeGreaterThan(0.52);
    expect(colourShare('green')).toBeLessThan(0.68);
    const perChild = new Map<string, number>();
    for (const a of pop.colour_assessments) perChild.set(a.child_key, (perChild.get(a.child_key) ?? 0) + 1);
    expect(Math.max(...perChild.values())).toBeLessThanOrEqual(4);

    // Visit modes and the children nobody reached.
    const modeShare = (m: string): number => pop.visits.filter((v) => v.mode === m).length / pop.visits.length;
    expect(modeShare('home')).toBeGreaterThan(0.62);
    expect(modeShare('home')).toBeLessThan(0.78);
    expect(modeShare('phone')).toBeGreaterThan(0.14);
    expect(modeShare('phone')).toBeLessThan(0.26);
    const reached = new Set(pop.visits.map((v) => v.child_key));
    expect(frac(n - reached.size)).toBeGreaterThan(0.002);
    expect(frac(n - reached.size)).toBeLessThan(0.025);
    // Visits spread over the month, not all on one day.
    expect(new Set(pop.visits.map((v) => v.visited_on.slice(8))).size).toBeGreaterThanOrEqual(28);
  });

  it('at real size, staffs and equips the county with realistic gaps', () => {
    const { pop } = big();
    const villages = BIG.filter((r) => r.level === 'village').map((r) => r.code);
    expect(pop.staff.filter((s) => s.role === 'supervisor')).toHaveLength(2);
    const directors = new Map<string, number>();
    for (const s of pop.staff) {
      if (s.role === 'child_director') directors.set(s.region_code, (directors.get(s.region_code) ?? 0) + 1);
    }
    const without = villages.filter((v) => !directors.has(v)).length;
    expect(without).toBeGreaterThanOrEqual(1);
    expect(without).toBeLessThan(villages.length * 0.1);
    const trainedThisYear = pop.staff.filter((s) => s.last_trained_on?.startsWith('2026')).length / pop.staff.length;
    expect(trainedThisYear).toBeGreaterThan(0.7);
    expect(trainedThisYear).toBeLessThan(0.97);

    const w = pop.water_points;
    expect(w.length).toBeGreaterThan(40);
    const complete = w.filter((p) => p.has_sign && p.has_ring && p.has_rope && p.has_pole).length / w.length;
    expect(complete).toBeGreaterThan(0.45);
    expect(complete).toBeLessThan(0.9);
    const present = (k: 'has_sign' | 'has_ring' | 'has_rope' | 'has_pole'): number => w.filter((p) => p[k]).length;
    expect(present('has_sign')).toBeGreaterThan(present('has_pole'));
    expect(present('has_ring')).toBeGreaterThan(present('has_pole'));
  });
});
