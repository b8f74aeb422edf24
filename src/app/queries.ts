/**
 * TanStack Query options for every measure the app shows, keyed by every input (the extract id included), so
 * one result is computed once per extract and view and served from cache afterwards.
 */
import { queryOptions } from '@tanstack/react-query';
import type { Connector } from '../db/connector';
import type { LoadedExtract } from '../db/load-extract';
import { regionsSql } from '../measures/areas';
import { riskMixSql, type RiskMixParams } from '../measures/risk-mix';

export function regionsQuery(conn: Connector, extract: LoadedExtract) {
  return queryOptions({
    queryKey: ['regions', extract.id],
    queryFn: () => conn.query(regionsSql()),
    staleTime: Infinity,
  });
}

export function riskMixQuery(conn: Connector, extract: LoadedExtract, params: RiskMixParams) {
  return queryOptions({
    queryKey: ['risk-mix', extract.id, params],
    queryFn: () => conn.query(riskMixSql(params)),
    staleTime: Infinity,
  });
}
