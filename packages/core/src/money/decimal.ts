import { Decimal } from 'decimal.js';
import { z } from 'zod';

/**
 * The size of an amount ingest accepts (`isDecimalText`): at most 80 significant digits and an
 * exponent of at most ±40, written any way, and no nonzero digit finer than 10^-120 (the finest the
 * exponent form can reach, 80 digits after the point times 10^-40, so a plain literal cannot go
 * further than the exponent form). Every accepted amount is thus `k × 10^-120` with `|k| < 10^240`.
 */
export const MAX_SIGNIFICANT_DIGITS = 80;
/**
 * Amounts beyond ±10^40 × 10^80 are not money: refusing the exponent keeps a hostile `1e999999999`
 * from being written out in full (gigabytes) anywhere downstream.
 */
const MAX_EXPONENT = 40;
export const MAX_FRACTION_DIGITS = MAX_SIGNIFICANT_DIGITS + MAX_EXPONENT;

/**
 * One Decimal constructor for all money in the hub. ROUND_HALF_UP matches how the billing platform
 * and Azure quantities are rounded. `clone` keeps the global Decimal untouched for anyone else.
 *
 * Precision. Planning does not depend on it: line sums, `subtotal × multiplier` and
 * `amount / unitPrice` run on exact BigInts (`money/scaled.ts`) and round once, half-up, to
 * `quantityDecimalPlaces`. Decimals carry the ledger's and the reports' sums and differences of
 * amounts and targets, which are exact while a result fits in `precision` significant digits. The
 * widest values there, from the accepted range above:
 * - a line amount, `subtotal × multiplier`, lies within 10^240 … 10^-240 (finest digit);
 * - a dimension sums at most 10,000 lines (the bill schema's cap): below 10^244, so its amount has
 *   at most 244 + 240 = 484 significant digits;
 * - `unitPrice` is at least 10^-120 (the finest accepted digit), so a target is below 10^364, with
 *   at most 6 decimal places: at most 370 significant digits.
 * Adding up N such values needs log10(N) digits more, so 1,000 digits keeps every sum and difference
 * of them (targets, credit pools, reported totals) exact for any count that can occur; 40, the old
 * setting, rounded an 80-digit amount twice. The cost is nil for ordinary amounts: decimal.js works
 * on the digits a value has, not on `precision`; only a non-terminating division would run to
 * 1,000 digits, and the money path has none.
 */
export const Money = Decimal.clone({
  precision: 1_000,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Money = Decimal;

const DECIMAL_TEXT = /^-?(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;

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
 * True when `text` is a plain decimal literal (optionally signed, optional exponent) of the accepted
 * size: at most 80 significant digits, an exponent of at most ±40, no nonzero digit finer than
 * 10^-120 (see `MAX_SIGNIFICANT_DIGITS`).
 */
export function isDecimalText(text: string): boolean {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return false;
  const exponent = match[3] === undefined ? 0 : Number(match[3]);
  if (Math.abs(exponent) > MAX_EXPONENT) return false;
  const fraction = match[2] ?? '';
  const digits = (match[1]! + fraction).replace(/^0+/, '');
  if (digits.length > MAX_SIGNIFICANT_DIGITS) return false;
  const significant = digits.replace(/0+$/, '');
  if (significant === '') return true; // zero
  // The place of the last nonzero digit: 10^(exponent − fraction digits + trailing zeros).
  const finest = exponent - fraction.length + (digits.length - significant.length);
  return finest >= -MAX_FRACTION_DIGITS;
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

const SIZE = ` (at most ${MAX_SIGNIFICANT_DIGITS} significant digits, an exponent within ±${MAX_EXPONENT}, no digit finer than 10^-${MAX_FRACTION_DIGITS})`;

/**
 * zod schema for a decimal amount: accepts a decimal string, a JSON number, or a lossless number
 * token, and yields the canonical decimal string. Never passes the value through a binary float
 * once it is text.
 */
export const ZDecimal = z
  .union([
    z.string().trim().refine(isDecimalText, `must be a decimal number such as "12.50"${SIZE}`),
    z
      .number()
      .refine(
        (n) => Number.isFinite(n) && isDecimalText(String(n)),
        `must be a finite decimal number${SIZE}`,
      ),
    ZNumberText.refine((n) => isDecimalText(n.value), `must be a decimal number${SIZE}`),
  ])
  .transform((value) => toDecimalString(toMoney(value)));

/** A decimal string that must be strictly positive (prices). */
export const ZPositiveDecimal = ZDecimal.refine((value) => new Money(value).gt(0), 'must be greater than 0');
