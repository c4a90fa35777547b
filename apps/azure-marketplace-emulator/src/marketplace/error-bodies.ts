/**
 * Error envelopes in the shapes Microsoft's metering API returns (see the fixtures
 * `MarketplaceExpiredErrorResponse.json` and `MarketplaceGenericError.json`, and the docs' 400/403/409
 * examples quoted in research/azure-api.md §1.2).
 */

export interface ErrorDetail {
  readonly code: string;
  readonly target: string;
  readonly message: string;
}

/** `{ code, target, message, details[] }`: the 400 body and the `error` of a failed batch item. */
export interface MarketplaceBadRequest {
  readonly code: string;
  readonly target: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

/** The generic message Microsoft puts on the envelope; the specifics are in `details`. */
const ENVELOPE_MESSAGE = 'One or more errors have occurred.';

export function badArgument(
  details: ReadonlyArray<{ target: string; message: string }>,
  target = 'usageEventRequest',
  code = 'BadArgument',
): MarketplaceBadRequest {
  return {
    code,
    target,
    message: ENVELOPE_MESSAGE,
    details: details.map((detail) => ({ code, target: detail.target, message: detail.message })),
  };
}

/** Microsoft's wording for a usage event out of the 24-hour window, typo included. */
export const EXPIRED_MESSAGE = 'The effective time provided is has expired or is in future.';
export const RESOURCE_NOT_FOUND_MESSAGE =
  'The resourceId value provided cannot be found or this resource is not active.';
export const INVALID_DIMENSION_MESSAGE = 'The payload dimension is invalid.';
export const NOT_SUBSCRIBED_MESSAGE = 'SaaS subscription is not in Subscribed status.';
export const CLIENT_NOT_AUTHORIZED_MESSAGE = 'Client is not authorized for this usage resource.';
export const DUPLICATE_MESSAGE = 'This usage event already exist.';

/** 403 body seen in the field for a token from the wrong app (SaaS Accelerator issues #103, #775). */
export function forbidden(message: string): { message: string; code: 'Forbidden' } {
  return { message, code: 'Forbidden' };
}
