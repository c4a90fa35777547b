import { normalizeResourceId } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { azureMarketplaceAdapter, normalizeAzureResourceId } from '../../src/index.js';

const GUID = 'fdc778a6-1281-40e4-cade-4a5fc11f5440';

function refusal(value: string): string {
  const result = normalizeAzureResourceId(value);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('normalizeAzureResourceId: the SaaS subscription id rule', () => {
  it('takes any hexadecimal 8-4-4-4-12 GUID and lower-cases it (GUIDs compare without case)', () => {
    expect(normalizeAzureResourceId(GUID)).toEqual({ ok: true, value: GUID });
    expect(normalizeAzureResourceId(GUID.toUpperCase())).toEqual({ ok: true, value: GUID });
    expect(normalizeAzureResourceId('FDC778a6-1281-40E4-cAdE-4a5fc11f5440')).toEqual({
      ok: true,
      value: GUID,
    });
  });

  it('is idempotent', () => {
    const once = normalizeAzureResourceId(GUID.toUpperCase());
    expect(once.ok && normalizeAzureResourceId(once.value)).toEqual(once);
  });

  it('names what is wrong', () => {
    expect(refusal('')).toContain('is empty');
    expect(refusal(` ${GUID}`)).toContain('whitespace');
    expect(refusal(`{${GUID}}`)).toContain('braces');
    expect(refusal(GUID.replaceAll('-', ''))).toContain('no hyphens');
    expect(
      refusal(
        '/subscriptions/1f2e3d4c-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.SaaS/resources/x',
      ),
    ).toContain('resource path');
    expect(refusal('fdc778a6-1281-40e4-cade')).toContain('found 4');
    expect(refusal('fdc778a6-1281-40e4-cade-4a5fc11f544')).toContain('group 5 has 11 digits, expected 12');
    expect(refusal('fdc778a6-128-140e4-cade-4a5fc11f5440')).toContain('group 2 has 3 digits, expected 4');
    expect(refusal('fdc778a6-1281-40e4-cade-4a5fc11f544g')).toContain(
      '"g" in group 5 is not a hexadecimal digit',
    );
    expect(refusal('contoso-customer-42')).toContain('is not a GUID');
  });

  it('quotes the value it refuses', () => {
    expect(refusal('acme')).toContain('"acme"');
  });

  it("is the adapter's rule, reached through core's helper", () => {
    expect(azureMarketplaceAdapter.normalizeResourceId).toBe(normalizeAzureResourceId);
    expect(normalizeResourceId(azureMarketplaceAdapter, GUID.toUpperCase())).toEqual({
      ok: true,
      value: GUID,
    });
    expect(normalizeResourceId(azureMarketplaceAdapter, 'nope').ok).toBe(false);
    expect(normalizeResourceId(azureMarketplaceAdapter, '   ')).toEqual({
      ok: false,
      message: 'the resource id is empty',
    });
  });
});
