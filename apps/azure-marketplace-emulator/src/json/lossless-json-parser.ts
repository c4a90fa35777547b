/**
 * A strict JSON parser that also remembers the source text of every number.
 *
 * `JSON.parse` turns `9.1234567890123461` into the nearest double and forgets the digits; Node 20
 * has no reviver access to the source text. The metering routes need the digits the client sent
 * (quantities are billed), so this parser produces the same values as `JSON.parse` and records each
 * number's text in a side table keyed by the containing object or array.
 */

const numberText = new WeakMap<object, Map<string, string>>();

/** Nesting deeper than this is rejected instead of risking a stack overflow on hostile input. */
const MAX_DEPTH = 128;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export class JsonSyntaxError extends SyntaxError {
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

/** The source text of the number stored under `key` in `container`, if it was parsed here. */
export function numberSourceText(container: object, key: string | number): string | undefined {
  return numberText.get(container)?.get(String(key));
}

export function parseLosslessJson(text: string): unknown {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.parseValue(0);
  parser.skipWhitespace();
  if (parser.position !== text.length)
    throw new JsonSyntaxError('Unexpected data after JSON value', parser.position);
  return value;
}

class Parser {
  position = 0;

  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.text);
    this.position = WHITESPACE.lastIndex;
  }

  parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('JSON nested too deeply', this.position);
    const char = this.text[this.position];
    switch (char) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default: {
        const number = this.readNumberText();
        if (number === undefined) {
          throw new JsonSyntaxError(
            char === undefined ? 'Unexpected end of JSON input' : `Unexpected token ${JSON.stringify(char)}`,
            this.position,
          );
        }
        return Number(number);
      }
    }
  }

  /** Parses a value in a container slot, recording number text for that slot. */
  private parseMember(container: object, key: string, depth: number): unknown {
    const start = this.position;
    const value = this.parseValue(depth + 1);
    if (typeof value === 'number') {
      let slots = numberText.get(container);
      if (!slots) {
        slots = new Map();
        numberText.set(container, slots);
      }
      slots.set(key, this.text.slice(start, this.position));
    }
    return value;
  }

  private parseObject(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.position++; // {
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"')
        throw new JsonSyntaxError('Expected property name', this.position);
      const key = this.parseString();
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      const value = this.parseMember(object, key, depth);
      // defineProperty keeps `__proto__` an own data property, exactly as JSON.parse does.
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect('}');
      return object;
    }
  }

  private parseArray(depth: number): unknown[] {
    const array: unknown[] = [];
    this.position++; // [
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return array;
    }
    for (;;) {
      this.skipWhitespace();
      array.push(this.parseMember(array, String(array.length), depth));
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect(']');
      return array;
    }
  }

  /** Finds the closing quote, then lets JSON.parse handle escapes and control characters. */
  private parseString(): string {
    const start = this.position;
    let index = start + 1;
    for (;;) {
      const char = this.text[index];
      if (char === undefined) throw new JsonSyntaxError('Unterminated string', start);
      if (char === '\\') index += 2;
      else if (char === '"') break;
      else index++;
    }
    this.position = index + 1;
    try {
      return JSON.parse(this.text.slice(start, this.position)) as string;
    } catch {
      throw new JsonSyntaxError('Invalid string', start);
    }
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position)) {
      throw new JsonSyntaxError(
        `Unexpected token ${JSON.stringify(this.text[this.position])}`,
        this.position,
      );
    }
    this.position += word.length;
    return value;
  }

  private readNumberText(): string | undefined {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) return undefined;
    this.position = NUMBER.lastIndex;
    return match[0];
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) {
      throw new JsonSyntaxError(`Expected ${JSON.stringify(char)}`, this.position);
    }
    this.position++;
  }
}
