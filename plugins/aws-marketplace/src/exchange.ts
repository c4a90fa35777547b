import {
  type FieldRedaction,
  type HeaderRedaction,
  parseJsonLossless,
  REDACTED,
  redactFields as redactFieldsWith,
  redactForm,
  redactHeaders as redactHeadersWith,
  truncateText as truncateTextTo,
} from '@hub/core';

export { REDACTED, scrubExchange } from '@hub/core';

/** AWS's header rules: the core credential headers (the SigV4 signature) and the session token. */
export const HEADER_REDACTION: HeaderRedaction = { credentialHeaders: ['x-amz-security-token'] };

/** Fields of STS answers (and anything echoing them) that must never be stored, at any depth. */
const SECRET_FIELDS: FieldRedaction = {
  fields: ['SecretAccessKey', 'SessionToken', 'X-Amz-Security-Token'],
  ignoreCase: true,
  deep: true,
};

/** Headers as recorded: lower-case names, credentials replaced. */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return redactHeadersWith(headers, HEADER_REDACTION);
}

/** An XML document (STS's awsQuery answers) with the secret elements emptied. */
export function redactXml(text: string): string {
  return text.replace(
    /<(SecretAccessKey|SessionToken)>[\s\S]*?<\/\1>/gi,
    (_match, tag: string) => `<${tag}>${REDACTED}</${tag}>`,
  );
}

/** A parsed body with secret fields replaced, at any depth. */
export function redactFields(value: unknown): unknown {
  return redactFieldsWith(value, SECRET_FIELDS);
}

/** How much of a non-JSON body (an XML answer, an HTML error page) is kept in the record. */
export const MAX_RECORDED_TEXT = 8192;

export function truncateText(text: string): string {
  return truncateTextTo(text, MAX_RECORDED_TEXT);
}

/**
 * A body as recorded: JSON kept as structure (numbers as their exact text), a form as its fields,
 * anything else as truncated text; secrets out either way.
 */
export function recordBody(text: string, contentType: string): unknown {
  if (text === '') return null;
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return redactFields(parseJsonLossless(text));
    } catch {
      // Not JSON after all: kept as text below.
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) return redactForm(text, SECRET_FIELDS);
  return truncateText(redactXml(text));
}
