/**
 * The preview form's pure parts: checking pasted JSON, building the request body from the text as
 * pasted (so amounts written as JSON numbers reach the hub digit for digit: the browser's
 * JSON.parse would round 9.1234567890123461), and sorting the hub's 400 details by form field.
 */

export type JsonCheck = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The text as a JSON object, or why not (in words for the field's error message). */
export function checkJsonObject(text: string, what: string): JsonCheck {
  if (!text.trim()) return { ok: false, message: `Paste the ${what} as JSON.` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The ${what} is not valid JSON: ${reason}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: `The ${what} must be a JSON object ({ … }).` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** `{"bill":<as pasted>,"account":<as pasted>}`; both already checked. */
export function previewBodyText(billText: string, accountText: string): string {
  return accountText.trim()
    ? `{"bill":${billText.trim()},"account":${accountText.trim()}}`
    : `{"bill":${billText.trim()}}`;
}

export interface FieldDetails {
  bill: { path: string; message: string }[];
  account: { path: string; message: string }[];
  other: { path: string; message: string }[];
}

/** The hub's 400 details by field: `bill.lineItems.0.subtotal` → bill, `lineItems.0.subtotal`. */
export function detailsByField(details: readonly { path: string; message: string }[]): FieldDetails {
  const result: FieldDetails = { bill: [], account: [], other: [] };
  for (const detail of details) {
    const [head, ...rest] = detail.path.split('.');
    const path = rest.join('.') || '(the whole object)';
    if (head === 'bill') result.bill.push({ path, message: detail.message });
    else if (head === 'account') result.account.push({ path, message: detail.message });
    else result.other.push(detail);
  }
  return result;
}
