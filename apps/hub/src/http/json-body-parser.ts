import { parseJsonLossless } from '@hub/core';
import type { FastifyInstance } from 'fastify';
import { validationFailed } from './errors.js';

const FORBIDDEN_KEYS = /"(?:__proto__|constructor|prototype)"\s*:/;

/**
 * JSON bodies are parsed losslessly: the billing platform sends amounts as JSON numbers, and a
 * double would lose digits (domain.md "Model"). Keys that could reach an object's prototype are
 * refused outright (the same protection Fastify's default parser gives).
 */
export function registerLosslessJsonParser(app: FastifyInstance): void {
  const parse = (
    _request: unknown,
    body: string | Buffer,
    done: (error: Error | null, value?: unknown) => void,
  ): void => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (FORBIDDEN_KEYS.test(text)) {
      done(validationFailed('the body contains a forbidden key (__proto__, constructor or prototype)'));
      return;
    }
    try {
      done(null, parseJsonLossless(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'malformed JSON';
      done(validationFailed(`the body is not valid JSON: ${reason}`));
    }
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  app.addContentTypeParser(/^application\/[\w.+-]*\+json$/, { parseAs: 'string' }, parse);
}
