/**
 * An error answer of either API. Thrown by the rules, written by the protocol's serializer:
 * metering (awsJson1_1) as `{"__type","message"}` + `x-amzn-ErrorType`, STS (awsQuery) as
 * `<ErrorResponse>` XML.
 */
export class AwsApiError extends Error {
  constructor(
    /** `__type` (metering) or `<Code>` (STS). */
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    /** STS only: `Sender` (client fault) or `Receiver` (server fault). */
    readonly faultType: 'Sender' | 'Receiver' = httpStatus >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

/** The wording AWS JSON services use for a constraint violation. */
export function validationMessage(problems: readonly string[]): string {
  const count = problems.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}
