import { type AccountFilterPredicate, compileAccountFilter } from '@hub/core';

const MAX = 1000;
const cache = new Map<string, AccountFilterPredicate>();

/** Compiled filters by expression text: parsed once per process, evaluated for every bill. */
export function accountFilterFor(expression: string | null): AccountFilterPredicate | null {
  if (!expression) return null;
  let compiled = cache.get(expression);
  if (!compiled) {
    if (cache.size >= MAX) cache.clear();
    compiled = compileAccountFilter(expression);
    cache.set(expression, compiled);
  }
  return compiled;
}
