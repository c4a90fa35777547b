import { BatchMeterUsageCommand, MarketplaceMeteringClient } from '@aws-sdk/client-marketplace-metering';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  AdapterClientContext,
  BatchSubmission,
  EventOutcome,
  Exchange,
  MarketplaceClient,
  UsageEvent,
  VerifyResult,
} from '@hub/core';
import { type CallAnswer, classifyCallError, classifyResults, errorFacts } from './classify-outcome.js';
import {
  AWS_MAX_BATCH_SIZE,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  REGION_PATTERN,
} from './constants.js';
import type { AwsCredential } from './credential.js';
import { type AwsKeys, CredentialSource } from './credentials.js';
import { resolveAwsEndpoints } from './environment.js';
import { ExchangeRecorder, type MiddlewareStackLike } from './exchange-recorder.js';
import { sharedMeteringLimiter } from './rate-limiter.js';
import { settleCalls } from './settle-batch.js';
import { type PreparedRecord, planCalls, prepareRecords } from './usage-record.js';
import { awsAcceptedFrom } from './window.js';

/** What `submitBatch` waits on before each `BatchMeterUsage` call. */
export interface CallLimiter {
  acquire(): Promise<void>;
}

export interface AwsClientOptions {
  /** Default: the process-wide bucket of 10 calls/s for this (role or key, region). */
  limiter?: CallLimiter;
  /** Per HTTP call (connect, send, answer); a call that takes longer is RETRYABLE. Default 30 s. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Replaces AssumeRole (tests). */
  assumeRole?: () => Promise<AwsKeys>;
}

/** The identity STS says the calls are made as (`GetCallerIdentity`). */
export interface CallerIdentity {
  account: string | null;
  arn: string | null;
}

/**
 * One credential's AWS Marketplace client: `BatchMeterUsage` through the AWS SDK, SigV4-signed with
 * the credential's keys or a session of the seller's role. The SDK retries nothing
 * (`maxAttempts: 1`): the host owns retries, and every HTTP call is recorded, redacted.
 */
export class AwsMarketplaceClient implements MarketplaceClient {
  readonly region: string;
  private readonly now: () => Date;
  private readonly credential: AwsCredential;
  private readonly source: CredentialSource;
  private readonly recorder: ExchangeRecorder;
  private readonly metering: MarketplaceMeteringClient;
  private readonly sts: STSClient;
  private readonly limiter: CallLimiter;
  private identity: CallerIdentity | null = null;

  constructor(context: AdapterClientContext<AwsCredential>, options: AwsClientOptions = {}) {
    const endpoints = resolveAwsEndpoints(context.endpoints);
    this.credential = context.credential;
    this.now = context.now;
    this.region = context.credential.region ?? endpoints.region;
    if (!REGION_PATTERN.test(this.region)) throw new TypeError(`not an AWS region: ${this.region}`);
    const requestHandler = {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    };
    // The source's secrets are known once it exists; the recorder asks for them lazily.
    let source: CredentialSource | undefined;
    this.recorder = new ExchangeRecorder(this.now, () => source?.secrets() ?? []);
    this.metering = new MarketplaceMeteringClient({
      region: this.region,
      ...(endpoints.meteringUrl ? { endpoint: endpoints.meteringUrl } : {}),
      maxAttempts: 1,
      requestHandler,
      credentials: () => this.source.provider(),
    });
    (this.metering.middlewareStack as unknown as { use(plugin: unknown): void }).use(this.recorder.plugin);
    source = new CredentialSource({
      credential: context.credential,
      region: this.region,
      stsUrl: endpoints.stsUrl,
      stsPlugins: [this.recorder.plugin],
      // One connection pool and one set of timeouts for metering and STS.
      requestHandler: this.metering.config.requestHandler,
      // Sessions expire by the context's clock (AWS states their end in its own time).
      clock: () => this.now().getTime(),
      ...(options.assumeRole ? { assumeRole: options.assumeRole } : {}),
    });
    this.source = source;
    this.sts = new STSClient({
      region: this.region,
      ...(endpoints.stsUrl ? { endpoint: endpoints.stsUrl } : {}),
      maxAttempts: 1,
      requestHandler: this.metering.config.requestHandler as never,
      credentials: () => this.source.provider(),
    });
    this.recorder.plugin.applyToStack(this.sts.middlewareStack as unknown as MiddlewareStackLike);
    this.limiter = options.limiter ?? sharedMeteringLimiter(this.source.principal, this.region);
  }

  /** The identity of the last successful `verifyCredential`, for the prerequisite checks. */
  get callerIdentity(): CallerIdentity | null {
    return this.identity;
  }

  /** STS `GetCallerIdentity` with the keys metering would use (after assuming the role). */
  async verifyCredential(): Promise<VerifyResult> {
    const exchanges: Exchange[] = [];
    try {
      const answer = await this.recorder.collect(exchanges, () =>
        this.sts.send(new GetCallerIdentityCommand({})),
      );
      this.identity = { account: answer.Account ?? null, arn: answer.Arn ?? null };
      return { ok: true };
    } catch (error) {
      const facts = errorFacts(error);
      if (facts.credential && !facts.transient) this.source.invalidate();
      const where =
        facts.credential && this.credential.roleArn ? `assuming ${this.credential.roleArn}: ` : '';
      return { ok: false, error: { code: facts.code, message: `${where}${facts.message}` } };
    }
  }

  async submitBatch(events: readonly UsageEvent[]): Promise<BatchSubmission> {
    if (events.length > AWS_MAX_BATCH_SIZE) {
      throw new RangeError(`a batch holds at most ${AWS_MAX_BATCH_SIZE} events; got ${events.length}`);
    }
    if (events.length === 0) return { outcomes: [], exchanges: [] };
    // Throws for the caller's bugs (a time off the hour, a fractional quantity) before any call.
    const { prepared, unprepared } = prepareRecords(events, this.credential.productCode);
    const outcomes: (EventOutcome | undefined)[] = new Array(events.length);
    for (const { index, message } of unprepared) {
      outcomes[index] = { code: 'REJECTED', destinationStatus: 'NotSent', message };
    }
    const exchanges: Exchange[] = [];
    const settled = await this.recorder.collect(exchanges, () =>
      settleCalls(planCalls(prepared), {
        send: (records) => this.call(records),
        isOutsideWindow: (record) =>
          Date.parse(record.event.effectiveStartTime) < awsAcceptedFrom(this.now()).getTime(),
      }),
    );
    for (const [record, outcome] of settled) outcomes[record.index] = outcome;
    return {
      outcomes: outcomes.map(
        (outcome) =>
          outcome ?? {
            code: 'RETRYABLE',
            destinationStatus: 'NotSent',
            message: 'the record was not sent',
            retryAfterMs: null,
          },
      ),
      exchanges: this.recorder.scrub(exchanges),
    };
  }

  /** One `BatchMeterUsage` call, as an answer; never throws. */
  private async call(records: readonly PreparedRecord[]): Promise<CallAnswer> {
    const productCode = records[0]?.productCode;
    try {
      await this.limiter.acquire();
      const output = await this.metering.send(
        new BatchMeterUsageCommand({
          UsageRecords: records.map((record) => record.record),
          ...(productCode ? { ProductCode: productCode } : {}),
        }),
      );
      return { kind: 'records', outcomes: classifyResults(records, output) };
    } catch (error) {
      const answer = classifyCallError(error);
      if (answer.kind === 'whole' && answer.outcome.code === 'AUTH_FAILED') this.source.invalidate();
      return answer;
    }
  }

  async close(): Promise<void> {
    this.metering.destroy();
    this.sts.destroy();
  }
}

export function createAwsMarketplaceClient(
  context: AdapterClientContext<AwsCredential>,
  options?: AwsClientOptions,
): AwsMarketplaceClient {
  return new AwsMarketplaceClient(context, options);
}
