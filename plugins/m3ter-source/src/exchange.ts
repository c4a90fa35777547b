import {
  type FieldRedaction,
  type HeaderRedaction,
  redactFields,
  redactHeaders as redactHeadersWith,
  truncateText as truncateTextTo,
} from '@hub/core';

export { REDACTED, scrubExchange } from '@hub/core';

/**
 * m3ter's header rules: the core credential headers; the scheme stays readable
 * (`Basic [REDACTED]`, `Bearer [REDACTED]`) so a record still shows which kind of call it was.
 */
export const HEADER_REDACTION: HeaderRedaction = { keepSchemes: ['Basic', 'Bearer'] };

/** Fields of token requests and answers that must never be stored. */
const SECRET_FIELDS: FieldRedaction = {
  fields: ['client_secret', 'access_token', 'refresh_token', 'id_token', 'apiSecret'],
};

/** Headers as recorded: lower-case names, credentials replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return redactHeadersWith(headers, HEADER_REDACTION);
}

/** A token endpoint's JSON answer (or request) as a record, with the secret fields replaced. */
export function redactSecretFields(body: unknown): unknown {
  return redactFields(body, SECRET_FIELDS);
}

/** How much of a non-JSON body (an HTML error page, say) is kept in the record. */
export const MAX_RECORDED_TEXT = 4096;

export function truncateText(text: string): string {
  return truncateTextTo(text, MAX_RECORDED_TEXT);
}
