/**
 * Money crosses the emulator as decimal strings and leaves it as JSON numbers written digit for
 * digit (see the exact JSON serializer of @hub/emulator-kit). Only addition is needed (bill totals,
 * regenerated amounts), done exactly on BigInt mantissas so no double ever rounds a cent.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

export class DecimalInputError extends Error {}

/** A number or numeric string as a plain decimal string (`1e-7` becomes `0.0000001`). */
export function toDecimalString(value: number | string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecimalInputError(`not a finite number: ${value}`);
    const text = String(value);
    if (DECIMAL.test(text)) return text;
    return trimZeros(value.toFixed(20));
  }
  const text = value.trim();
  if (!DECIMAL.test(text)) throw new DecimalInputError(`not a decimal number: ${JSON.stringify(value)}`);
  return text;
}

function trimZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

function parts(text: string): { mantissa: bigint; scale: number } {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = body.split('.');
  const mantissa = BigInt(`${whole}${fraction}`);
  return { mantissa: negative ? -mantissa : mantissa, scale: fraction.length };
}

/** Exact sum of decimal strings. */
export function addDecimals(...values: string[]): string {
  let scale = 0;
  const parsed = values.map(parts);
  for (const part of parsed) scale = Math.max(scale, part.scale);
  let sum = 0n;
  for (const part of parsed) sum += part.mantissa * 10n ** BigInt(scale - part.scale);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}
