/**
 * Exact decimal strings for quantities and prices.
 *
 * Quantities arrive as JSON numbers (`9.0000`, `50.5`, `1e2`). Holding them as binary doubles would
 * change digits (and sums drift), so the emulator keeps the digits the client sent, in a canonical
 * form, and adds them with bigint arithmetic.
 */

const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Exponents beyond this are far outside a double's range; refusing them bounds string sizes. */
const MAX_EXPONENT = 400;

interface ScaledDecimal {
  /** All digits as an integer: value = units / 10^scale. */
  readonly units: bigint;
  readonly scale: number;
}

function toScaled(text: string): ScaledDecimal | undefined {
  const match = JSON_NUMBER.exec(text);
  if (!match) return undefined;
  const [, sign = '', int = '0', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = BigInt(int + fraction);
  let scale = fraction.length - exponent;
  let units = digits;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

function fromScaled({ units, scale }: ScaledDecimal): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const int = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fraction ? `${int}.${fraction}` : int;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/**
 * Canonical form of a JSON number's text: no exponent, no leading zeros, no trailing fraction
 * zeros (`9.0000` → `9`, `1.50e1` → `15`). `undefined` when the text is not a JSON number.
 */
export function normalizeDecimal(text: string): string | undefined {
  const scaled = toScaled(text);
  return scaled && fromScaled(scaled);
}

/** Exact sum of canonical decimal strings. */
export function addDecimals(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  if (!x || !y) throw new TypeError(`not a decimal: ${x ? b : a}`);
  const scale = Math.max(x.scale, y.scale);
  const units = x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale);
  return fromScaled({ units, scale });
}

/** True when the text is a decimal strictly greater than zero. */
export function isPositiveDecimal(text: string): boolean {
  const scaled = toScaled(text);
  return scaled !== undefined && scaled.units > 0n;
}
