/** STS (awsQuery) answers: XML documents in the 2011-06-15 namespace. */
import { STS_XML_NAMESPACE } from '../constants.js';
import type { AwsApiError } from '../http/aws-error.js';

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** `2026-03-01T13:00:00Z`: STS writes timestamps without milliseconds. */
export function stsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

function leaf(name: string, value: string): string {
  return element(name, escapeXml(value));
}

function responseDocument(action: string, result: string, requestId: string): string {
  return `<${action}Response xmlns="${STS_XML_NAMESPACE}">\n  ${element(`${action}Result`, result)}\n  ${element('ResponseMetadata', leaf('RequestId', requestId))}\n</${action}Response>\n`;
}

export function assumeRoleXml(
  input: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration: Date;
    assumedRoleId: string;
    arn: string;
  },
  requestId: string,
): string {
  const credentials = element(
    'Credentials',
    leaf('AccessKeyId', input.accessKeyId) +
      leaf('SecretAccessKey', input.secretAccessKey) +
      leaf('SessionToken', input.sessionToken) +
      leaf('Expiration', stsTimestamp(input.expiration)),
  );
  const user = element(
    'AssumedRoleUser',
    leaf('AssumedRoleId', input.assumedRoleId) + leaf('Arn', input.arn),
  );
  return responseDocument('AssumeRole', credentials + user, requestId);
}

export function getCallerIdentityXml(
  input: { userId: string; account: string; arn: string },
  requestId: string,
): string {
  return responseDocument(
    'GetCallerIdentity',
    leaf('Arn', input.arn) + leaf('UserId', input.userId) + leaf('Account', input.account),
    requestId,
  );
}

export function stsErrorXml(error: AwsApiError, requestId: string): string {
  const body = element(
    'Error',
    leaf('Type', error.faultType) + leaf('Code', error.code) + leaf('Message', error.message),
  );
  return `<ErrorResponse xmlns="${STS_XML_NAMESPACE}">\n  ${body}\n  ${leaf('RequestId', requestId)}\n</ErrorResponse>\n`;
}
