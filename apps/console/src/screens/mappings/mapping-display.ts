import type { M3terEntity } from './mapping-csv.js';
import type { Mapping } from './mappings-api.js';

/** Each entity as the operator reads it: what it becomes at the destination. */
export const ENTITY_LABELS: Record<M3terEntity, string> = {
  Account: 'Account → customer',
  Product: 'Product → dimension',
  Aggregation: 'Aggregation → dimension',
  CompoundAggregation: 'Compound aggregation → dimension',
};

/** The text filter: a case-insensitive match on either id, the table or the metadata. */
export function matchesText(mapping: Mapping, text: string): boolean {
  if (!text) return true;
  const needle = text.toLowerCase();
  return [
    mapping.m3terId,
    mapping.externalId,
    mapping.externalTable,
    JSON.stringify(mapping.metadata ?? ''),
  ].some((value) => value.toLowerCase().includes(needle));
}
