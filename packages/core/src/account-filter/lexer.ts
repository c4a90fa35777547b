import { AccountFilterSyntaxError } from './errors.js';

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type TokenKind =
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'op'
  | 'and'
  | 'or'
  | 'not'
  | 'in'
  | 'null'
  | 'true'
  | 'false'
  | 'number'
  | 'string'
  | 'word'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** 0-based offset of the token's first character. */
  readonly position: number;
  /** The source text, for error messages. */
  readonly text: string;
  /** Decoded string, number text, word, or the normalised operator (`= =` becomes `==`). */
  readonly value: string;
}

// Keywords are case-insensitive because the platform's docs use upper case and users type both.
const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['and', 'and'],
  ['or', 'or'],
  ['not', 'not'],
  ['in', 'in'],
  ['null', 'null'],
  ['true', 'true'],
  ['false', 'false'],
]);

const NUMBER = /^-?\d+(?:\.\d+)?$/;

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['/', '/'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['b', '\b'],
  ['f', '\f'],
]);

// Characters that only appear in injection attempts get a message that says why they are refused.
const REFUSED: ReadonlyMap<string, string> = new Map([
  ['[', 'brackets are not allowed'],
  [']', 'brackets are not allowed'],
  [';', 'statements are not allowed'],
  ['`', 'template strings are not allowed'],
  ['$', 'interpolation is not allowed'],
  ['#', 'interpolation is not allowed'],
  ['{', 'braces are not allowed'],
  ['}', 'braces are not allowed'],
]);

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 45 // -
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordStart(code: number): boolean {
  // A leading '-' only starts a token when a digit follows (a negative number); see scanWord.
  return isWordChar(code) && code !== 45;
}

export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12;
}

/** Quotes a character for an error message; control and invisible characters are shown as U+XXXX. */
export function describeChar(text: string, position: number): string {
  const code = text.codePointAt(position) ?? 0;
  const invisible = code < 32 || code === 127 || (code >= 0x80 && code <= 0xa0);
  const awkward =
    code >= 0xd800 /* surrogates, private use, astral */ || /\s/u.test(String.fromCodePoint(code));
  if (invisible || awkward) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(code)}'`;
}

/**
 * A pull lexer: tokens are produced only as the parser asks for them, so the first error reported is
 * the first problem in reading order (e.g. `T(java.lang.Runtime)` fails at `T`, not at a later `.`).
 */
export class Lexer {
  private pos = 0;
  private readonly buffer: Token[] = [];

  constructor(private readonly src: string) {}

  peek(offset = 0): Token {
    while (this.buffer.length <= offset) this.buffer.push(this.scan());
    return this.buffer[offset]!;
  }

  next(): Token {
    const token = this.peek();
    this.buffer.shift();
    return token;
  }

  private token(kind: TokenKind, start: number, end: number, value?: string): Token {
    this.pos = end;
    const text = this.src.slice(start, end);
    return { kind, position: start, text, value: value ?? text };
  }

  private scan(): Token {
    const src = this.src;
    while (this.pos < src.length && isSpace(src.charCodeAt(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= src.length) return { kind: 'eof', position: src.length, text: '', value: '' };
    const c = src[start]!;
    const next = src[start + 1];
    switch (c) {
      case '(':
        return this.token('lparen', start, start + 1);
      case ')':
        return this.token('rparen', start, start + 1);
      case ',':
        return this.token('comma', start, start + 1);
      case '=': {
        // The platform's own example writes equality as `= =`, so whitespace between the two is allowed.
        let j = start + 1;
        while (j < src.length && isSpace(src.charCodeAt(j))) j++;
        if (src[j] === '=') return this.token('op', start, j + 1, '==');
        throw new AccountFilterSyntaxError(
          "Unexpected '='",
          start,
          "assignment is not allowed; expected '==' for equality",
        );
      }
      case '!':
        return next === '=' ? this.token('op', start, start + 2, '!=') : this.token('not', start, start + 1);
      case '<':
      case '>':
        return next === '='
          ? this.token('op', start, start + 2, c + '=')
          : this.token('op', start, start + 1);
      case '&':
      case '|':
        if (next === c) return this.token(c === '&' ? 'and' : 'or', start, start + 2);
        throw new AccountFilterSyntaxError(`Unexpected '${c}'`, start, `expected '${c}${c}'`);
      case "'":
      case '"':
        return this.scanString(start, c);
      default:
        break;
    }
    const code = c.charCodeAt(0);
    if (isWordStart(code) || (c === '-' && next !== undefined && isDigit(next.charCodeAt(0)))) {
      return this.scanWord(start);
    }
    const why = REFUSED.get(c) ?? 'expected a field, value, operator or parenthesis';
    throw new AccountFilterSyntaxError(`Unexpected character ${describeChar(src, start)}`, start, why);
  }

  /** Dotted words: `address.country`, `UK`, `gold-tier`, `2024-01-01`; numbers are words that look numeric. */
  private scanWord(start: number): Token {
    const src = this.src;
    let j = start + 1;
    for (;;) {
      while (j < src.length && isWordChar(src.charCodeAt(j))) j++;
      // A '.' is part of the word only between two word characters; a trailing '.' is left for the
      // next scan, which reports it as unexpected.
      if (src[j] === '.' && j + 1 < src.length && isWordChar(src.charCodeAt(j + 1))) {
        j++;
        continue;
      }
      break;
    }
    const text = src.slice(start, j);
    if (NUMBER.test(text)) return this.token('number', start, j);
    return this.token(KEYWORDS.get(text.toLowerCase()) ?? 'word', start, j);
  }

  private scanString(start: number, quote: string): Token {
    const src = this.src;
    let out = '';
    let j = start + 1;
    while (j < src.length) {
      const c = src[j]!;
      if (c === quote) return this.token('string', start, j + 1, out);
      if (c !== '\\') {
        out += c;
        j++;
        continue;
      }
      const e = src[j + 1];
      if (e === undefined) break;
      const simple = ESCAPES.get(e);
      if (simple !== undefined) {
        out += simple;
        j += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) {
        out += String.fromCharCode(Number.parseInt(src.slice(j + 2, j + 6), 16));
        j += 6;
      } else {
        throw new AccountFilterSyntaxError(
          `Invalid escape '\\${e}'`,
          j,
          `expected one of \\\\ \\' \\" \\/ \\n \\r \\t \\b \\f \\uXXXX`,
        );
      }
    }
    throw new AccountFilterSyntaxError('Unterminated string', start, `expected a closing ${quote}`);
  }
}
