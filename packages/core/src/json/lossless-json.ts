import { isSafeNumber, parse } from 'lossless-json';
import type { NumberText } from '../money/decimal.js';

/** A number token kept as text; serialises back to JSON as its decimal string. */
class JsonNumberText implements NumberText {
  readonly isLosslessNumber = true as const;
  constructor(readonly value: string) {}
  toJSON(): string {
    return this.value;
  }
}

/**
 * Parses JSON the way money must be read: a number token that a double holds exactly as an
 * integer becomes a JS number (so `version: 3` stays a number), every other number token (decimals,
 * huge integers) stays as its text in a `NumberText`, which `ZDecimal` reads without a float.
 * Throws a SyntaxError with the position on malformed JSON.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text, undefined, (token: string): number | NumberText => {
    if (/^-?\d+$/.test(token) && isSafeNumber(token)) return Number(token);
    return new JsonNumberText(token);
  });
}
