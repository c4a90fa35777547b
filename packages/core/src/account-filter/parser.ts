import { ACCOUNT_FILTER_LIMITS, AccountFilterSyntaxError } from './errors.js';
import { type ComparisonOperator, isSpace, Lexer, type Token } from './lexer.js';

export type { ComparisonOperator } from './lexer.js';

/** Canonical filter field names (the filter says accountName/accountCode where the API says name/code). */
export type AccountFilterField =
  | 'id'
  | 'accountName'
  | 'accountCode'
  | 'currency'
  | 'address'
  | 'customFields';

export const ADDRESS_PARTS = [
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'addressLine4',
  'locality',
  'region',
  'postCode',
  'country',
] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/**
 * A reference to account data. `key` is the address part or custom field name; it is null for the
 * scalar fields and for the whole `address` / `customFields` object (only useful against null).
 */
export interface FieldNode {
  readonly kind: 'field';
  readonly field: AccountFilterField;
  readonly key: string | null;
}
export interface NullNode {
  readonly kind: 'null';
}
export interface BooleanNode {
  readonly kind: 'boolean';
  readonly value: boolean;
}
/** Numbers keep their source text so decimals compare exactly (0.1 is not a double here). */
export interface NumberNode {
  readonly kind: 'number';
  readonly value: string;
}
export interface StringNode {
  readonly kind: 'string';
  readonly value: string;
}
export type ValueNode = FieldNode | NullNode | BooleanNode | NumberNode | StringNode;

export interface OrNode {
  readonly kind: 'or';
  readonly operands: readonly AccountFilterAst[];
}
export interface AndNode {
  readonly kind: 'and';
  readonly operands: readonly AccountFilterAst[];
}
export interface NotNode {
  readonly kind: 'not';
  readonly operand: AccountFilterAst;
}
export interface CompareNode {
  readonly kind: 'compare';
  readonly op: ComparisonOperator;
  readonly left: ValueNode;
  readonly right: ValueNode;
}
export interface InNode {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly subject: ValueNode;
  readonly values: readonly ValueNode[];
}
/** Plain data (JSON-serialisable); AND/OR chains are flat lists so depth stays bounded by the limits. */
export type AccountFilterAst = OrNode | AndNode | NotNode | CompareNode | InNode;

const ROOTS: ReadonlyMap<string, AccountFilterField> = new Map<string, AccountFilterField>([
  ['id', 'id'],
  ['accountName', 'accountName'],
  ['accountCode', 'accountCode'],
  ['currency', 'currency'],
  ['address', 'address'],
  ['customFields', 'customFields'],
  // API-style aliases: the hub's Account uses name/code, and users copy from API payloads.
  ['name', 'accountName'],
  ['code', 'accountCode'],
]);

const ADDRESS_SET: ReadonlySet<string> = new Set(ADDRESS_PARTS);
// Never valid as data keys; refusing them at parse time means no lookup can reach the prototype chain.
const FORBIDDEN: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const FIELD_LIST = 'id, accountName, accountCode, currency, address.<part> or customFields.<name>';

function show(token: Token): string {
  if (token.kind === 'eof') return 'Unexpected end of expression';
  const text = token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text;
  return `Unexpected token '${text}'`;
}

function unexpected(token: Token, expected: string): AccountFilterSyntaxError {
  return new AccountFilterSyntaxError(show(token), token.position, expected);
}

class Parser {
  private readonly lexer: Lexer;
  private depth = 0;

  constructor(private readonly src: string) {
    this.lexer = new Lexer(src);
  }

  parse(): AccountFilterAst {
    const first = this.lexer.peek();
    if (first.kind === 'eof') {
      throw new AccountFilterSyntaxError(
        'Empty expression',
        first.position,
        'expected a comparison such as address.country == US',
      );
    }
    const ast = this.parseOr();
    const rest = this.lexer.peek();
    if (rest.kind !== 'eof') throw unexpected(rest, 'expected AND, OR or the end of the expression');
    return ast;
  }

  private parseOr(): AccountFilterAst {
    const operands = [this.parseAnd()];
    while (this.lexer.peek().kind === 'or') {
      this.lexer.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private parseAnd(): AccountFilterAst {
    const operands = [this.parseUnary()];
    while (this.lexer.peek().kind === 'and') {
      this.lexer.next();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  /** NOT applies to the following comparison or parenthesised group (comparison operands are never boolean expressions). */
  private parseUnary(): AccountFilterAst {
    const token = this.lexer.peek();
    if (token.kind === 'not') {
      this.lexer.next();
      this.enter(token);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand };
    }
    if (token.kind === 'lparen') {
      this.lexer.next();
      this.enter(token);
      const inner = this.parseOr();
      const close = this.lexer.next();
      if (close.kind !== 'rparen') throw unexpected(close, "expected ')'");
      this.depth--;
      return inner;
    }
    return this.parseComparison();
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > ACCOUNT_FILTER_LIMITS.maxDepth) {
      throw new AccountFilterSyntaxError(
        'Expression nested too deeply',
        token.position,
        `at most ${ACCOUNT_FILTER_LIMITS.maxDepth} levels of parentheses and NOT are allowed`,
      );
    }
  }

  private parseComparison(): AccountFilterAst {
    const left = this.parseValue('left');
    const token = this.lexer.peek();
    if (token.kind === 'op') {
      this.lexer.next();
      return {
        kind: 'compare',
        op: token.value as ComparisonOperator,
        left,
        right: this.parseValue('right'),
      };
    }
    if (token.kind === 'in') {
      this.lexer.next();
      return this.parseInList(left, false);
    }
    // Only the word NOT (not '!') forms `NOT IN`; `x ! IN (...)` would read as a typo, not intent.
    if (token.kind === 'not' && token.text !== '!' && this.lexer.peek(1).kind === 'in') {
      this.lexer.next();
      this.lexer.next();
      return this.parseInList(left, true);
    }
    throw unexpected(token, 'expected a comparison operator (==, !=, <, <=, >, >=) or IN');
  }

  private parseInList(subject: ValueNode, negated: boolean): InNode {
    const open = this.lexer.next();
    if (open.kind !== 'lparen') throw unexpected(open, "expected '(' after IN");
    const values: ValueNode[] = [];
    for (;;) {
      if (values.length >= ACCOUNT_FILTER_LIMITS.maxInListItems) {
        throw new AccountFilterSyntaxError(
          'Too many values in IN list',
          this.lexer.peek().position,
          `at most ${ACCOUNT_FILTER_LIMITS.maxInListItems} values are allowed`,
        );
      }
      values.push(this.parseValue('right'));
      const token = this.lexer.next();
      if (token.kind === 'rparen') return { kind: 'in', negated, subject, values };
      if (token.kind !== 'comma') throw unexpected(token, "expected ',' or ')'");
    }
  }

  private parseValue(side: 'left' | 'right'): ValueNode {
    const token = this.lexer.next();
    switch (token.kind) {
      case 'null':
        return { kind: 'null' };
      case 'true':
      case 'false':
        return { kind: 'boolean', value: token.kind === 'true' };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'string':
        return { kind: 'string', value: token.value };
      case 'word':
        return this.parseWord(token, side);
      default:
        throw unexpected(token, side === 'left' ? `expected a field (${FIELD_LIST})` : 'expected a value');
    }
  }

  private parseWord(token: Token, side: 'left' | 'right'): ValueNode {
    const segments = token.value.split('.');
    const offsets: number[] = [];
    let offset = token.position;
    for (const segment of segments) {
      if (FORBIDDEN.has(segment)) {
        throw new AccountFilterSyntaxError(
          `Forbidden name '${segment}'`,
          offset,
          "'__proto__', 'constructor' and 'prototype' are not allowed",
        );
      }
      offsets.push(offset);
      offset += segment.length + 1;
    }
    // Looked up in the raw text rather than lexed, so a call is reported at its name even when what
    // follows the '(' would not lex.
    if (this.followedByParen(token)) {
      throw new AccountFilterSyntaxError(
        `Unexpected call '${token.text}('`,
        token.position,
        'function calls are not allowed',
      );
    }
    const field = ROOTS.get(segments[0]!);
    if (field === undefined) {
      if (side === 'right') return { kind: 'string', value: token.value };
      throw new AccountFilterSyntaxError(
        `Unknown field '${segments[0]}'`,
        token.position,
        `expected ${FIELD_LIST}`,
      );
    }
    const key = segments[1];
    if (key === undefined) return { kind: 'field', field, key: null };
    const keyAt = offsets[1]!;
    if (field === 'address') {
      if (!ADDRESS_SET.has(key)) {
        throw new AccountFilterSyntaxError(
          `Unknown address field '${key}'`,
          keyAt,
          `expected one of ${ADDRESS_PARTS.join(', ')}`,
        );
      }
    } else if (field !== 'customFields') {
      throw new AccountFilterSyntaxError(
        `Unexpected '.${key}'`,
        keyAt - 1,
        `'${segments[0]}' has no sub-fields`,
      );
    }
    if (segments.length > 2) {
      throw new AccountFilterSyntaxError(
        `Unexpected '.${segments[2]}'`,
        offsets[2]! - 1,
        `'${segments[0]}.${key}' has no sub-fields`,
      );
    }
    return { kind: 'field', field, key };
  }

  private followedByParen(token: Token): boolean {
    let j = token.position + token.text.length;
    while (j < this.src.length && isSpace(this.src.charCodeAt(j))) j++;
    return this.src[j] === '(';
  }
}

/** Parses an account filter expression; throws AccountFilterSyntaxError (and nothing else) on bad input. */
export function parseAccountFilter(text: string): AccountFilterAst {
  if (typeof text !== 'string') throw new AccountFilterSyntaxError('Expression is not a string', 0);
  if (text.length > ACCOUNT_FILTER_LIMITS.maxLength) {
    throw new AccountFilterSyntaxError(
      'Expression too long',
      ACCOUNT_FILTER_LIMITS.maxLength,
      `at most ${ACCOUNT_FILTER_LIMITS.maxLength} characters are allowed`,
    );
  }
  return new Parser(text).parse();
}

export type AccountFilterParseResult =
  | { readonly ok: true; readonly ast: AccountFilterAst }
  | { readonly ok: false; readonly error: { readonly message: string; readonly position: number } };

/** For validation at save time: the position goes straight into the 400 response. */
export function tryParseAccountFilter(text: string): AccountFilterParseResult {
  try {
    return { ok: true, ast: parseAccountFilter(text) };
  } catch (error) {
    if (error instanceof AccountFilterSyntaxError) {
      return { ok: false, error: { message: error.message, position: error.position } };
    }
    throw error;
  }
}
