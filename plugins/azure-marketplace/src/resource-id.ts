import { quoteResourceId, type ResourceIdResult } from '@hub/core';

const EXAMPLE = 'fdc778a6-1281-40e4-cade-4a5fc11f5440';
const GROUP_LENGTHS = [8, 4, 4, 4, 12] as const;
const HEX = /^[0-9a-f]*$/i;

/**
 * An account mapping's `externalId` as an Azure metering `resourceId`: the SaaS subscription id, a
 * GUID written 8-4-4-4-12 in hexadecimal. GUIDs compare without case (Azure may echo either), so
 * the normal form is lower-case: two mappings that differ only in case name the same subscription.
 * Any hexadecimal GUID is taken, RFC 4122 variant or not (Microsoft's own sample ids, `…-cade-…`,
 * are not). Nothing is guessed: braces, missing hyphens, surrounding spaces or an ARM resource path
 * are refused with a message that says which, since each is a sign the wrong value was pasted.
 */
export function normalizeAzureResourceId(externalId: string): ResourceIdResult {
  const refuse = (why: string): ResourceIdResult => ({
    ok: false,
    message: `the Azure SaaS subscription id ${quoteResourceId(externalId)} ${why}`,
  });
  if (typeof externalId !== 'string' || externalId.trim() === '') {
    return { ok: false, message: `the Azure SaaS subscription id is empty; expected a GUID like ${EXAMPLE}` };
  }
  if (externalId.trim() !== externalId) return refuse('starts or ends with whitespace');
  if (externalId.includes('/')) {
    return refuse(
      'looks like a resource path; metering needs the SaaS subscription id (a GUID), not a resource URI',
    );
  }
  if (/^\{.*\}$/.test(externalId)) return refuse(`is wrapped in braces; give the bare GUID, like ${EXAMPLE}`);
  if (/^[0-9a-f]{32}$/i.test(externalId)) {
    return refuse(`has no hyphens; write it 8-4-4-4-12, like ${EXAMPLE}`);
  }
  const groups = externalId.split('-');
  if (groups.length !== GROUP_LENGTHS.length) {
    return refuse(
      `is not a GUID: expected 5 groups of hexadecimal digits (8-4-4-4-12) separated by hyphens, like ${EXAMPLE}; found ${groups.length}`,
    );
  }
  for (const [index, group] of groups.entries()) {
    const bad = [...group].find((character) => !HEX.test(character));
    if (bad !== undefined) {
      return refuse(`is not a GUID: ${JSON.stringify(bad)} in group ${index + 1} is not a hexadecimal digit`);
    }
    if (group.length !== GROUP_LENGTHS[index]) {
      return refuse(
        `is not a GUID: group ${index + 1} has ${group.length} digits, expected ${GROUP_LENGTHS[index]} (8-4-4-4-12)`,
      );
    }
  }
  return { ok: true, value: externalId.toLowerCase() };
}
