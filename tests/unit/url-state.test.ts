import { describe, expect, it } from 'vitest';
import { extractBase, parseView, serializeView } from '../../src/app/url-state';

describe('view state in the URL', () => {
  it('reads a township or village area and drops anything malformed', () => {
    expect(parseView('?area=320682116')).toEqual({ area: '320682116' });
    expect(parseView('?area=320682116203')).toEqual({ area: '320682116203' });
    expect(parseView('?area=32068211')).toEqual({ area: null });
    expect(parseView('?area=<script>')).toEqual({ area: null });
    expect(parseView('')).toEqual({ area: null });
  });

  it('round-trips, keeping parameters it does not own', () => {
    const search = serializeView({ area: '320682113' }, '?extract=data%2Fcity%2F');
    expect(new URLSearchParams(search).get('extract')).toBe('data/city/');
    expect(parseView(search)).toEqual({ area: '320682113' });
    expect(serializeView({ area: null }, search)).toBe('?extract=data%2Fcity%2F');
  });

  it('uses the embedded demo unless an extract is named', () => {
    expect(extractBase('')).toBe('demo/');
    expect(extractBase('?extract=/extracts/2026q3/')).toBe('/extracts/2026q3/');
  });
});
