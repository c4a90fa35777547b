import { Decimal } from 'decimal.js';
import { z } from 'zod';

/**
 * One Decimal constructor for all money in the hub. Precision 40 significant digits is far beyond
 * any bill amount; ROUND_HALF_UP matches how the billing platform and Azure quantities are rounded.
 * `clone` keeps the global Decimal untouched for anyone else in the process.
 */
export const Money = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Money = Decimal;

const DECIMAL_TEXT = /^-?(?:\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** A JSON number whose text was kept by the lossless parser (see `json/lossless-json.ts`). */
export interface NumberText {
  readonly isLosslessNumber: true;
  readonly value: string;
}

function isNumberText(value: unknown): value is NumberText {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { isLosslessNumber?: unknown }).isLosslessNumber === true &&
    typeof (value as { value?: unknown }).value === 'string'
  );
}

/** True when `text` is a plain decimal literal (optionally signed, optional exponent). */
export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}

/**
 * Reads an amount as it arrives: a decimal string, a number token kept as text by the lossless
 * JSON parser, or a JS number. A JS number is read through its shortest round-trip text
 * (`String(n)`), which is exactly the literal the sender wrote whenever that literal fits a double;
 * longer literals never reach here as numbers because ingest parses JSON losslessly.
 */
export function toMoney(value: string | number | NumberText | Decimal): Decimal {
  if (Decimal.isDecimal(value)) return new Money(value);
  if (isNumberText(value)) return new Money(value.value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return new Money(String(value));
  }
  if (!isDecimalText(value.trim())) throw new RangeError(`not a decimal: ${JSON.stringify(value)}`);
  return new Money(value.trim());
}

/** Canonical decimal string for boundaries (JSON, DB numeric, job payloads): no exponent, no float. */
export function toDecimalString(value: Decimal): string {
  return value.toFixed();
}

/** zod schema for a number token kept as text by the lossless JSON parser. */
export const ZNumberText = z.custom<NumberText>(isNumberText, 'must be a decimal number');

/**
 * zod schema for a decimal amount: accepts a decimal string, a JSON number, or a lossless number
 * token, and yields the canonical decimal string. Never passes the value through a binary float
 * once it is text.
 */
export const ZDecimal = z
  .union([
    z.string().trim().regex(DECIMAL_TEXT, 'must be a decimal number such as "12.50"'),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    ZNumberText,
  ])
  .transform((value) => toDecimalString(toMoney(value)));

/** A decimal string that must be strictly positive (prices). */
export const ZPositiveDecimal = ZDecimal.refine((value) => new Money(value).gt(0), 'must be greater than 0');
