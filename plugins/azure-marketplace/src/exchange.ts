import {
  type FieldRedaction,
  type HeaderRedaction,
  redactFields,
  redactForm as redactFormWith,
  redactHeaders as redactHeadersWith,
  truncateText as truncateTextTo,
} from '@hub/core';

export { REDACTED, scrubExchange } from '@hub/core';

/** Azure's header rules: the core credential headers; a bearer keeps its scheme, for reading. */
export const HEADER_REDACTION: HeaderRedaction = { keepSchemes: ['Bearer'] };

/** Fields of token-endpoint requests and answers that must never be stored. */
const SECRET_FIELDS: FieldRedaction = {
  fields: ['client_secret', 'client_assertion', 'access_token', 'refresh_token', 'id_token'],
};

/** Headers as recorded: lower-case names, credentials replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return redactHeadersWith(headers, HEADER_REDACTION);
}

/** A form-encoded token request as a record, with the secret fields replaced. */
export function redactForm(body: string): Record<string, string> {
  return redactFormWith(body, SECRET_FIELDS);
}

/** A token-endpoint JSON answer as a record, with the tokens replaced. */
export function redactTokenResponse(body: unknown): unknown {
  return redactFields(body, SECRET_FIELDS);
}

/** How much of a non-JSON body (an HTML error page, say) is kept in the record. */
export const MAX_RECORDED_TEXT = 4096;

export function truncateText(text: string): string {
  return truncateTextTo(text, MAX_RECORDED_TEXT);
}
