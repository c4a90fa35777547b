/**
 * JSON output that can write a decimal string as a JSON number without passing through a double,
 * so amounts (Azure's `quantity`, m3ter's `subtotal`…) leave an emulator with exactly the digits it
 * holds, as the real services send them.
 */

/** A decimal to be written as a bare JSON number (e.g. `0.005`, `9.1234567890123461`). */
export class ExactNumber {
  constructor(readonly text: string) {}

  /** Fallback for code paths that use JSON.stringify directly. */
  toJSON(): number {
    return Number(this.text);
  }
}

export function exactNumber(text: string): ExactNumber {
  return new ExactNumber(text);
}

/** Like JSON.stringify (no replacer, no indent), but writes ExactNumber values verbatim. */
export function stringifyExactJson(value: unknown): string {
  const out = write(value);
  return out === undefined ? 'null' : out;
}

function write(value: unknown): string | undefined {
  if (value instanceof ExactNumber) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const text = write(item);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
