import type { MarketplaceAdapter, ResourceIdResult } from './marketplace-adapter.js';

/** Longest stretch of a refused value quoted back in a message. */
const QUOTE_LIMIT = 80;

/** The value as JSON text, cut short when long, for messages. */
export function quoteResourceId(externalId: string): string {
  const text = externalId.length > QUOTE_LIMIT ? `${externalId.slice(0, QUOTE_LIMIT)}…` : externalId;
  return JSON.stringify(text);
}

/**
 * The rule for adapters that declare none: any non-blank text without surrounding whitespace,
 * unchanged. Destinations whose ids have a canonical form (Azure's case-insensitive GUIDs) declare
 * their own `normalizeResourceId`.
 */
export function defaultNormalizeResourceId(externalId: string): ResourceIdResult {
  if (typeof externalId !== 'string' || externalId.trim() === '') {
    return { ok: false, message: 'the resource id is empty' };
  }
  if (externalId.trim() !== externalId) {
    return {
      ok: false,
      message: `the resource id ${quoteResourceId(externalId)} starts or ends with whitespace`,
    };
  }
  return { ok: true, value: externalId };
}

/**
 * Checks an account mapping's `externalId` as a resource id of `adapter`'s destination and returns
 * its normal form: what the host stores, compares (two mappings clash when their normal forms are
 * equal) and sends. For every adapter a blank value or one with surrounding whitespace is refused;
 * then the adapter's own `normalizeResourceId` applies, or, when it declares none, the value is kept
 * as it is.
 *
 * @example
 * ```ts
 * const checked = normalizeResourceId(adapter, body.externalId);
 * if (!checked.ok) return badRequest(['externalId'], checked.message);
 * mapping.externalId = checked.value;
 * ```
 */
export function normalizeResourceId(
  adapter: Pick<MarketplaceAdapter, 'normalizeResourceId'>,
  externalId: string,
): ResourceIdResult {
  const generic = defaultNormalizeResourceId(externalId);
  if (!generic.ok || !adapter.normalizeResourceId) return generic;
  const result = adapter.normalizeResourceId(externalId);
  // A plugin bug must not let a blank id through.
  if (result.ok && result.value.trim() === '') {
    return {
      ok: false,
      message: `the resource id ${quoteResourceId(externalId)} normalises to an empty value`,
    };
  }
  return result;
}
