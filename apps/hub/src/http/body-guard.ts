import type { ValidationDetail } from '@hub/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { validationFailed } from './errors.js';

// Unpaired UTF-16 surrogates and NUL: Postgres refuses both in text and jsonb ("\u0000", a lone
// "\ud800" escape), which would turn a client's bad input into a 500.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is being looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when Postgres can store the string as text or inside jsonb. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A text filter in a query string (ids, names): bounded and storable, so it can't become a 500. */
export const ZQueryText = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine(isStorableText, 'must not contain NUL characters');

/**
 * Decimals are written out in full (`toFixed`) at every boundary, so `1e999999999` would become a
 * billion-character string. No amount needs an exponent beyond this.
 */
export const MAX_DECIMAL_EXPONENT = 1000;
const EXPONENT = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)[eE]([-+]?\d+)\s*$/;

function hasHugeExponent(text: string): boolean {
  const match = EXPONENT.exec(text);
  return match !== null && Math.abs(Number(match[1])) > MAX_DECIMAL_EXPONENT;
}

function isNumberToken(value: object): value is { isLosslessNumber: true; value: string } {
  const token = value as { isLosslessNumber?: unknown; value?: unknown };
  return token.isLosslessNumber === true && typeof token.value === 'string';
}

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

function pathOf(visit: Visit, extra?: string): string {
  const path: (string | number)[] = extra === undefined ? [] : [extra];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.unshift(at.key);
  return path.map(String).join('.') || '(root)';
}

const UNSTORABLE_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';
const HUGE_MESSAGE = `the exponent must be at most ${MAX_DECIMAL_EXPONENT} in size`;

/**
 * Finds the first value in a parsed JSON body that must not go further: a string (or key) Postgres
 * can't store, or a number whose exponent is absurdly large. Iterative, so deep nesting is safe.
 */
export function inspectJsonBody(body: unknown): ValidationDetail | null {
  const stack: Visit[] = [{ value: body, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { path: pathOf(visit), message: UNSTORABLE_MESSAGE };
      if (hasHugeExponent(current)) return { path: pathOf(visit), message: HUGE_MESSAGE };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        stack.push({ value: current[index], key: index, parent: visit });
      }
    } else if (typeof current === 'object' && current !== null) {
      if (isNumberToken(current)) {
        if (hasHugeExponent(current.value)) return { path: pathOf(visit), message: HUGE_MESSAGE };
        continue;
      }
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        if (!isStorableText(key)) return { path: pathOf(visit, key), message: UNSTORABLE_MESSAGE };
        stack.push({ value: item, key, parent: visit });
      }
    }
  }
  return null;
}

/**
 * `preValidation` hook for bodies that are stored or computed on: refuses, as a 400 naming the
 * field, what would otherwise fail in Postgres or exhaust memory after validation.
 */
export async function guardJsonBody(request: FastifyRequest): Promise<void> {
  // A batch route answers each item on its own (one bad bill must not refuse 499 good ones), so it
  // runs `inspectJsonBody` per item itself.
  if (request.routeOptions.config.guardsBodyPerItem) return;
  const problem = inspectJsonBody(request.body);
  if (problem) throw validationFailed(`invalid body: ${problem.path}: ${problem.message}`, [problem]);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks each item of its body with `inspectJsonBody` itself (batch routes). */
    guardsBodyPerItem?: boolean;
  }
}
