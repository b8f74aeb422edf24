import { describe, expect, it } from 'vitest';
import { canonicalSearch, extractBase, knownView, parseView, prefetchEnabled, serializeView } from '../../src/app/url-state';

describe('view state in the URL', () => {
  it('reads a township or village area and drops anything malformed', () => {
    expect(parseView('?area=320682116').area).toBe('320682116');
    expect(parseView('?area=320682116203').area).toBe('320682116203');
    expect(parseView('?area=32068211').area).toBeNull();
    // Above the county: a province (2 digits), a city (4) or a county (6).
    expect(parseView('?area=32').area).toBe('32');
    expect(parseView('?area=3206').area).toBe('3206');
    expect(parseView('?area=320681').area).toBe('320681');
    expect(parseView('?area=320').area).toBeNull();
    expect(parseView('?area=32068').area).toBeNull();
    expect(parseView('?area=<script>').area).toBeNull();
    expect(parseView('')).toEqual({ theme: 'risk', area: null, month: null, profile: null, screen: null, tour: null, compare: null });
  });

  it('reads theme, month and profile, dropping unknown or malformed values', () => {
    expect(parseView('?theme=visits&month=2026-09&profile=qidong-2024')).toMatchObject({ theme: 'visits', area: null, month: '2026-09', profile: 'qidong-2024' });
    expect(parseView('?theme=finance&month=2026-13&profile=Bad%20Id')).toMatchObject({ theme: 'risk', area: null, month: null, profile: null });
    expect(parseView('?screen=big&tour=30')).toMatchObject({ screen: 'big', tour: 30 });
    expect(parseView('?quality=ungraded').quality).toBe('ungraded');
    expect(parseView('?quality=children').quality).toBeUndefined();
    expect(serializeView({ ...parseView(''), quality: 'on' }, '?extract=x')).toBe('?extract=x&quality=on');
    expect(canonicalSearch('?quality=nope&extract=x')).toBe('?extract=x');
    expect(parseView('?screen=small&tour=-5')).toMatchObject({ screen: null, tour: null });
  });

  it('round-trips, keeping parameters it does not own and leaving defaults out', () => {
    const view = { theme: 'water', area: '320682113', month: '2026-07', profile: null, screen: 'big', tour: 0, compare: { a: '2026-04', b: '2026-07' } } as const;
    const search = serializeView(view, '?extract=data%2Fcity%2F');
    expect(new URLSearchParams(search).get('extract')).toBe('data/city/');
    expect(parseView(search)).toEqual(view);
    expect(new URLSearchParams(search).get('compare')).toBe('2026-04..2026-07');
    expect(serializeView({ theme: 'risk', area: null, month: null, profile: null, screen: null, tour: null, compare: null }, search)).toBe('?extract=data%2Fcity%2F');
  });

  it('takes malformed view values out of the address bar, keeping the rest as it was written', () => {
    expect(canonicalSearch('?theme=finance&extract=extracts/q3/')).toBe('?extract=extracts%2Fq3%2F');
    expect(canonicalSearch('?area=%3Cscript%3E&month=2026-13&theme=visits')).toBe('?theme=visits');
    expect(canonicalSearch('?screen=small&tour=-5')).toBe('');
    // Nothing to take out: the query is left exactly as written (not re-encoded).
    expect(canonicalSearch('?extract=extracts/q3/&theme=water&month=2026-07')).toBe('?extract=extracts/q3/&theme=water&month=2026-07');
    expect(canonicalSearch('')).toBe('');
  });

  it('sets a month, area or profile the extract does not have to the default', () => {
    const choices = { months: ['2026-09', '2026-10'], hasArea: (c: string) => c === '320682116', profiles: ['jiangsu-2024'] };
    const view = { theme: 'visits', area: '320682999', month: '2025-01', profile: 'nowhere', screen: null, tour: null, compare: null } as const;
    expect(knownView(view, choices)).toEqual({ ...view, area: null, month: null, profile: null });
    const fine = { ...view, area: '320682116', month: '2026-09', profile: 'jiangsu-2024' };
    expect(knownView(fine, choices)).toEqual(fine);
  });

  it('reads two periods to compare, and drops periods the extract does not offer', () => {
    expect(parseView('?compare=2026-07..2026-10').compare).toEqual({ a: '2026-07', b: '2026-10' });
    expect(parseView('?compare=2026-Q2..2026-10').compare).toEqual({ a: '2026-Q2', b: '2026-10' });
    for (const bad of ['2026-07', '2026-07..2026-13', '2026-Q5..2026-Q3', '2026-07..2026-07', "2026-07..2026-10'"]) expect(parseView(`?compare=${bad}`).compare).toBeNull();
    expect(canonicalSearch('?compare=2026-07..nonsense&theme=visits')).toBe('?theme=visits');
    const choices = { months: ['2026-09', '2026-10'], hasArea: () => true, profiles: [], periods: ['2026-09', '2026-10', '2026-Q4'] };
    const view = { ...parseView(''), compare: { a: '2026-09', b: '2026-Q4' } };
    expect(knownView(view, choices).compare).toEqual({ a: '2026-09', b: '2026-Q4' });
    expect(knownView({ ...view, compare: { a: '2026-Q1', b: '2026-10' } }, choices).compare).toBeNull();
  });

  it('reads the split pair of maps only with a comparison, and drops it with the comparison', () => {
    expect(parseView('?compare=2026-07..2026-10&split=1')).toMatchObject({ compare: { a: '2026-07', b: '2026-10' }, split: true });
    expect(parseView('?compare=2026-07..2026-10').split).toBeUndefined();
    expect(parseView('?compare=2026-07..2026-10&split=yes').split).toBeUndefined();
    expect(parseView('?split=1').split).toBeUndefined();
    expect(canonicalSearch('?split=1&theme=visits')).toBe('?theme=visits');
    expect(canonicalSearch('?compare=2026-07..2026-10&split=1')).toBe('?compare=2026-07..2026-10&split=1');
    const view = parseView('?theme=visits&compare=2026-07..2026-10&split=1');
    expect(new URLSearchParams(serializeView(view, '')).get('split')).toBe('1');
    expect(parseView(serializeView(view, ''))).toEqual(view);
    expect(serializeView({ ...view, split: false }, '?split=1')).not.toContain('split');
    const choices = { months: ['2026-09', '2026-10'], hasArea: () => true, profiles: [], periods: ['2026-09', '2026-10'] };
    expect(knownView({ ...view, compare: { a: '2026-09', b: '2026-10' } }, choices).split).toBe(true);
    expect(knownView(view, choices)).not.toHaveProperty('split');
  });

  it('uses the embedded demo unless an extract is named', () => {
    expect(extractBase('')).toBe('demo/');
    expect(extractBase('?extract=/extracts/2026q3/')).toBe('/extracts/2026q3/');
  });

  it('fetches the next views ahead unless prefetch=0', () => {
    expect(prefetchEnabled('')).toBe(true);
    expect(prefetchEnabled('?prefetch=1&theme=visits')).toBe(true);
    expect(prefetchEnabled('?theme=visits&prefetch=0')).toBe(false);
  });
});
