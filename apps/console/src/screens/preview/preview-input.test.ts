import { describe, expect, it } from 'vitest';
import { checkJsonObject, detailsByField, previewBodyText } from './preview-input.js';

describe('checkJsonObject', () => {
  it('accepts an object', () => {
    expect(checkJsonObject('{"id":"b1"}', 'bill')).toEqual({ ok: true, value: { id: 'b1' } });
  });
  it('explains empty, broken and non-object input', () => {
    expect(checkJsonObject('  ', 'bill')).toEqual({ ok: false, message: 'Paste the bill as JSON.' });
    const broken = checkJsonObject('{"id": }', 'bill');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/^The bill is not valid JSON: /);
    expect(checkJsonObject('[1]', 'account')).toEqual({
      ok: false,
      message: 'The account must be a JSON object ({ … }).',
    });
  });
});

describe('previewBodyText', () => {
  it('keeps the pasted text, numbers and all', () => {
    const body = previewBodyText(' {"subtotal": 9.1234567890123461} ', '');
    expect(body).toBe('{"bill":{"subtotal": 9.1234567890123461}}');
    expect(previewBodyText('{}', '{"id":"a"}')).toBe('{"bill":{},"account":{"id":"a"}}');
  });
});

describe('detailsByField', () => {
  it('sorts details under the field they name', () => {
    expect(
      detailsByField([
        { path: 'bill.lineItems.0.subtotal', message: 'Required' },
        { path: 'bill', message: 'Bad' },
        { path: 'account.id', message: 'must match' },
        { path: '(root)', message: 'x' },
      ]),
    ).toEqual({
      bill: [
        { path: 'lineItems.0.subtotal', message: 'Required' },
        { path: '(the whole object)', message: 'Bad' },
      ],
      account: [{ path: 'id', message: 'must match' }],
      other: [{ path: '(root)', message: 'x' }],
    });
  });
});
