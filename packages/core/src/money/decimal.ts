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

/**
 * Amounts beyond ±10^40 (or finer than 10^-40) are not money: refusing them keeps a hostile
 * `1e999999999` from being written out in full (gigabytes) anywhere downstream.
 */
const MAX_EXPONENT = 40;

/** True when `text` is a plain decimal literal (optionally signed, optional exponent) of sane size. */
export function isDecimalText(text: string): boolean {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return false;
  const exponent = /[eE]([-+]?\d+)$/.exec(text);
  if (exponent && Math.abs(Number(exponent[1])) > MAX_EXPONENT) return false;
  const digits = text
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return digits.length <= 80;
}

/**
 * Reads an amount as it arrives: a decimal string, a number token kept as text by the lossless
 * JSON parser, or a JS number. A JS number is read through its shortest round-trip text
 * (`String(n)`), which is exactly the literal the sender wrote whenever that literal fits a double;
 * longer literals never reach here as numbers because ingest parses JSON losslessly.
 */
export function toMoney(value: string | number | NumberText | Decimal): Decimal {
  if (Decimal.isDecimal(value)) return new Money(value);
  if (isNumberText(value)) {
    if (!isDecimalText(value.value))
      throw new RangeError(`not a decimal of sane size: ${value.value.slice(0, 50)}`);
    return new Money(value.value);
  }
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
    z.string().trim().refine(isDecimalText, 'must be a decimal number such as "12.50"'),
    z
      .number()
      .refine((n) => Number.isFinite(n) && isDecimalText(String(n)), 'must be a finite decimal number'),
    ZNumberText.refine((n) => isDecimalText(n.value), 'must be a decimal number of at most 80 digits'),
  ])
  .transform((value) => toDecimalString(toMoney(value)));

/** A decimal string that must be strictly positive (prices). */
export const ZPositiveDecimal = ZDecimal.refine((value) => new Money(value).gt(0), 'must be greater than 0');
