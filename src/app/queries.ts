/**
 * TanStack Query options for measures. A measure is a pure function from parameters to SQL, so a query is keyed
 * by the measure's name, the extract and every parameter: one result is computed once per extract and view and
 * served from cache afterwards (extracts do not change while loaded).
 */
import { queryOptions } from '@tanstack/react-query';
import type { Table } from 'apache-arrow';
import type { Connector } from '../db/connector';
import type { QueryPriority } from '../db/query-queue';
import type { LoadedExtract } from '../db/load-extract';
import { regionsSql } from '../measures/areas';

export function measureQuery<P>(conn: Connector, extract: LoadedExtract, name: string, build: (params: P) => string, params: P, priority: QueryPriority = 'panel') {
  // The priority only orders queries waiting for the engine (the map's first); the result is the same, so the map
  // and the panel share it: not part of the key.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions<Table>({
    // An extract loaded county by county: a county added or released changes what the raw tables hold.
    queryKey: extract.revision ? ['measure', name, extract.id, params, extract.revision] : ['measure', name, extract.id, params],
    queryFn: () => conn.query(build(params), priority),
    staleTime: Infinity,
  });
}

export function regionsQuery(conn: Connector, extract: LoadedExtract) {
  // One regions file is loaded whole at start; with `county_regions`, each county's townships and villages come and go
  // with its raw rows.
  return measureQuery(conn, extract.manifest.county_regions === undefined ? { ...extract, revision: undefined } : extract, 'regions', regionsSql, {}, 'map');
}
