/**
 * The one error the account-filter parser throws. A bad expression is rejected when an integration
 * is saved (400 with the position), so the position is part of the contract, not just the message.
 */
export class AccountFilterSyntaxError extends Error {
  override readonly name = 'AccountFilterSyntaxError';
  /** 0-based character offset into the expression text. */
  readonly position: number;
  /** What the parser would have accepted at `position`, when that is meaningful. */
  readonly expected: string | undefined;

  constructor(problem: string, position: number, expected?: string) {
    super(`${problem} at position ${position}${expected === undefined ? '' : `: ${expected}`}`);
    this.position = position;
    this.expected = expected;
  }
}

/** Limits keep parsing and evaluation bounded for any input a user can save. */
export const ACCOUNT_FILTER_LIMITS = {
  maxLength: 2000,
  /** Nesting of parentheses and NOT chains combined. */
  maxDepth: 32,
  maxInListItems: 200,
} as const;
