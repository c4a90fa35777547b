/**
 * The test oracle for money: exact rationals in BigInt, written independently of the hub's money
 * code (no decimal.js, no DecimalSum, no shared helper). A value is `n / d` in lowest terms with
 * `d > 0`; every operation is exact, so whatever the hub prints can be compared with it digit for
 * digit.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero in the oracle');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO: Rational = rational(0n);

/** Reads a decimal literal as the sender wrote it: sign, digits, optional point, optional exponent. */
export function parseRational(text: string): Rational {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`the oracle cannot read ${JSON.stringify(text)}`);
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? '0') - fraction.length;
  const digits = BigInt(match[2]! + fraction) * (match[1] === '-' ? -1n : 1n);
  return exponent >= 0
    ? rational(digits * 10n ** BigInt(exponent))
    : rational(digits, 10n ** BigInt(-exponent));
}

export const add = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rational(a.n + b.n, a.d) : rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const subtract = (a: Rational, b: Rational): Rational => add(a, { n: -b.n, d: b.d });
export const multiply = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const divide = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);

export function sum(values: Iterable<Rational>): Rational {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

/**
 * `x` rounded half-up (a tie goes away from zero, for negatives too) to `places` decimal places,
 * as the integer `k` with result `k / 10^places`: `k = sign(x) · floor(|x| · 10^places + 1/2)`,
 * i.e. `floor((2·|n|·10^places + d) / (2·d))`. One rounding, on the exact value.
 */
export function roundHalfUp(x: Rational, places: number): bigint {
  const magnitude = (x.n < 0n ? -x.n : x.n) * 10n ** BigInt(places);
  const k = (2n * magnitude + x.d) / (2n * x.d);
  return x.n < 0n ? -k : k;
}

/**
 * The canonical decimal text of a terminating rational (its denominator is 2^a·5^b): no exponent,
 * no trailing fractional zeros, `0` for zero. Throws for a non-terminating value.
 */
export function decimalText(x: Rational): string {
  let d = x.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) throw new RangeError('not a terminating decimal');
  const places = Math.max(twos, fives);
  const units = (x.n * 10n ** BigInt(places)) / x.d;
  return scaledText(units, places);
}

/** `units / 10^places` as canonical decimal text. */
export function scaledText(units: bigint, places: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (places > 0) {
    digits = digits.padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}
