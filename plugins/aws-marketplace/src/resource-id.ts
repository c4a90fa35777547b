import { quoteResourceId, type ResourceIdResult } from '@hub/core';

const EXAMPLE = '123456789012';

/**
 * An account mapping's `externalId` as AWS needs it: the buyer's AWS account id
 * (`CustomerAWSAccountId`), exactly 12 digits. Nothing is guessed or rewritten: hyphens, spaces, an
 * ARN or a short id are refused with a message that says which (each is a sign the wrong value was
 * pasted; a short id could be a lost leading zero). A valid id is kept as it is.
 */
export function normalizeAwsAccountId(externalId: string): ResourceIdResult {
  const refuse = (why: string): ResourceIdResult => ({
    ok: false,
    message: `the AWS account id ${quoteResourceId(externalId)} ${why}`,
  });
  if (typeof externalId !== 'string' || externalId.trim() === '') {
    return { ok: false, message: `the AWS account id is empty; expected 12 digits like ${EXAMPLE}` };
  }
  if (externalId.trim() !== externalId) return refuse('starts or ends with whitespace');
  if (externalId.startsWith('arn:')) {
    return refuse(`is an ARN; the mapping needs the buyer's 12-digit AWS account id, like ${EXAMPLE}`);
  }
  if (/^[0-9]{4}[- ][0-9]{4}[- ][0-9]{4}$/.test(externalId)) {
    return refuse(`is written in groups; give the 12 digits without separators, like ${EXAMPLE}`);
  }
  const bad = [...externalId].find((character) => character < '0' || character > '9');
  if (bad !== undefined)
    return refuse(`contains ${JSON.stringify(bad)}: an AWS account id is 12 digits only`);
  if (externalId.length !== 12) {
    return refuse(
      `has ${externalId.length} digits, expected 12 (keep any leading zeros: AWS account ids are 12 digits)`,
    );
  }
  return { ok: true, value: externalId };
}
