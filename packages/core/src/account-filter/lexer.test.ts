import { describe, expect, it } from 'vitest';
import { AccountFilterSyntaxError } from './errors.js';
import { Lexer, type Token } from './lexer.js';

function lex(text: string): Array<Pick<Token, 'kind' | 'value' | 'position'>> {
  const lexer = new Lexer(text);
  const out: Array<Pick<Token, 'kind' | 'value' | 'position'>> = [];
  for (;;) {
    const { kind, value, position } = lexer.next();
    out.push({ kind, value, position });
    if (kind === 'eof') return out;
  }
}

function lexError(text: string): AccountFilterSyntaxError {
  try {
    lex(text);
  } catch (error) {
    if (error instanceof AccountFilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${text} not to lex`);
}

describe('lexer', () => {
  it('reads `= =` (the platform example spacing) as one == token at the first =', () => {
    expect(lex('a = = b')).toEqual([
      { kind: 'word', value: 'a', position: 0 },
      { kind: 'op', value: '==', position: 2 },
      { kind: 'word', value: 'b', position: 6 },
      { kind: 'eof', value: '', position: 7 },
    ]);
    expect(lex('a=\t\n=b').map((t) => t.value)).toEqual(['a', '==', 'b', '']);
  });

  it('reads every operator', () => {
    expect(lex('== != < <= > >= && || ! ( ) ,').map((t) => t.kind)).toEqual([
      ...Array(6).fill('op'),
      'and',
      'or',
      'not',
      'lparen',
      'rparen',
      'comma',
      'eof',
    ]);
    expect(lex('== != < <= > >=').map((t) => t.value)).toEqual(['==', '!=', '<', '<=', '>', '>=', '']);
  });

  it('reads keywords in any case and keeps other words as words', () => {
    const text = 'and AND And or OR not NOT in IN null NULL true TRUE false False andy';
    expect(lex(text).map((t) => t.kind)).toEqual([
      'and',
      'and',
      'and',
      'or',
      'or',
      'not',
      'not',
      'in',
      'in',
      'null',
      'null',
      'true',
      'true',
      'false',
      'false',
      'word',
      'eof',
    ]);
  });

  it('reads dotted words, hyphens, underscores and numbers', () => {
    expect(
      lex('customFields.gold-tier acme_corp 2024-01-01 3 -4 0.10 -0.5 1.2.3').map((t) => [t.kind, t.value]),
    ).toEqual([
      ['word', 'customFields.gold-tier'],
      ['word', 'acme_corp'],
      ['word', '2024-01-01'],
      ['number', '3'],
      ['number', '-4'],
      ['number', '0.10'],
      ['number', '-0.5'],
      ['word', '1.2.3'],
      ['eof', ''],
    ]);
  });

  it('decodes quoted strings with escapes', () => {
    expect(
      lex(String.raw`'it\'s' "say \"hi\"" 'a\\b' "\n\t\r\b\f\/" '\u00e9' "x'y" 'x"y'`).map((t) => t.value),
    ).toEqual(["it's", 'say "hi"', 'a\\b', '\n\t\r\b\f/', 'é', "x'y", 'x"y', '']);
  });

  it('rejects bad strings, lone = & | and unknown characters at their position', () => {
    expect(lexError("x 'abc").position).toBe(2);
    expect(lexError('x "abc\\').position).toBe(2);
    expect(lexError(String.raw`'a\qb'`).position).toBe(2);
    expect(lexError(String.raw`'\u12'`).position).toBe(1);
    expect(lexError('a = b').position).toBe(2);
    expect(lexError('a & b').position).toBe(2);
    expect(lexError('a | b').position).toBe(2);
    expect(lexError('a.').position).toBe(1);
    expect(lexError('- 1').position).toBe(0);
    for (const c of [
      '[',
      ']',
      ';',
      '`',
      '$',
      '#',
      '{',
      '}',
      '+',
      '*',
      '/',
      '%',
      '?',
      ':',
      '@',
      '\u00a0',
      'é',
    ]) {
      const error = lexError(`ab ${c}`);
      expect(error.position).toBe(3);
      expect(error.message).toMatch(/^Unexpected character .* at position 3: /);
    }
  });
});
