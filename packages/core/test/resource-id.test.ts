import { describe, expect, it } from 'vitest';
import {
  defaultNormalizeResourceId,
  type MarketplaceAdapter,
  normalizeResourceId,
  type ResourceIdResult,
} from '../src/index.js';

const noRule: Pick<MarketplaceAdapter, 'normalizeResourceId'> = {};
const upperCaseRule: Pick<MarketplaceAdapter, 'normalizeResourceId'> = {
  normalizeResourceId: (id): ResourceIdResult =>
    /^[a-z0-9]+$/i.test(id) ? { ok: true, value: id.toUpperCase() } : { ok: false, message: 'letters only' },
};

describe('normalizeResourceId (core helper)', () => {
  it('without an adapter rule: any non-blank text, unchanged', () => {
    expect(normalizeResourceId(noRule, 'Customer-42/eu')).toEqual({ ok: true, value: 'Customer-42/eu' });
    expect(defaultNormalizeResourceId('x')).toEqual({ ok: true, value: 'x' });
  });

  it('refuses blank values and surrounding whitespace for every adapter, naming the problem', () => {
    for (const adapter of [noRule, upperCaseRule]) {
      expect(normalizeResourceId(adapter, '')).toEqual({ ok: false, message: 'the resource id is empty' });
      expect(normalizeResourceId(adapter, ' \t ')).toEqual({
        ok: false,
        message: 'the resource id is empty',
      });
      const padded = normalizeResourceId(adapter, ' abc ');
      expect(padded).toEqual({
        ok: false,
        message: 'the resource id " abc " starts or ends with whitespace',
      });
    }
  });

  it("applies the adapter's rule after the generic checks", () => {
    expect(normalizeResourceId(upperCaseRule, 'abc1')).toEqual({ ok: true, value: 'ABC1' });
    expect(normalizeResourceId(upperCaseRule, 'a-b')).toEqual({ ok: false, message: 'letters only' });
  });

  it('never lets a rule turn an id into a blank one', () => {
    const blanking = { normalizeResourceId: (): ResourceIdResult => ({ ok: true, value: ' ' }) };
    const result = normalizeResourceId(blanking, 'abc');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('"abc"');
  });

  it('quotes long values shortened', () => {
    const result = normalizeResourceId(noRule, ` ${'x'.repeat(200)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(150);
  });
});
