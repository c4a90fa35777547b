import { randomUUID } from 'node:crypto';
import { type Exchange, parseJsonLossless, type UsageEvent } from '@hub/core';
import type { Dispatcher } from 'undici';
import type { AzureAnswer } from './classify-outcome.js';
import { AZURE_API_VERSION, AZURE_MAX_BATCH_SIZE } from './constants.js';
import { httpCall } from './http-call.js';
import type { AccessTokenSource } from './token-provider.js';
import { writeBatchJson, writeUsageEventJson } from './usage-event-json.js';

/** Everything one logical call produced: Azure's answer and every exchange it took (token calls too). */
export interface MeteringCall {
  answer: AzureAnswer;
  exchanges: Exchange[];
}

export interface MeteringClientOptions {
  /** e.g. `https://marketplaceapi.microsoft.com/api`, no trailing slash. */
  apiUrl: string;
  dispatcher: Dispatcher;
  tokens: AccessTokenSource;
  now: () => Date;
  /** Values never to be recorded (the client secret). Access tokens are added per call. */
  secrets: readonly string[];
}

/** Query of `GET /usageEvents` (Microsoft's parameter names, `UsageEndDate` capital U included). */
export interface UsageEventsQuery {
  usageStartDate: string;
  usageEndDate?: string;
  offerId?: string;
  planId?: string;
  dimension?: string;
  azureSubscriptionId?: string;
  reconStatus?: string;
}

interface SendInput {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: string;
  correlationId?: string;
}

/** Parses a body losslessly when it is JSON; undefined otherwise (an HTML 502 page, an empty 204). */
function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJsonLossless(text);
  } catch {
    return undefined;
  }
}

/**
 * The Marketplace metering and fulfillment HTTP API, one method per Microsoft endpoint. It sends
 * and records; it does not judge (classify-outcome.ts does). Every call carries fresh
 * `x-ms-requestid` / `x-ms-correlationid` GUIDs, which Azure echoes and support tickets quote.
 */
export class MeteringClient {
  constructor(private readonly options: MeteringClientOptions) {}

  /** `POST /batchUsageEvent`: 1 to 25 events; Azure answers each one. */
  batchUsageEvent(events: readonly UsageEvent[], correlationId?: string): Promise<MeteringCall> {
    if (events.length === 0 || events.length > AZURE_MAX_BATCH_SIZE) {
      throw new RangeError(`a batch holds 1 to ${AZURE_MAX_BATCH_SIZE} events, got ${events.length}`);
    }
    const body = writeBatchJson(events);
    return this.#send({ method: 'POST', path: '/batchUsageEvent', body, correlationId });
  }

  /** `POST /usageEvent`: one event; 200 Accepted, 400, 403 or 409 with the event Azure holds. */
  usageEvent(event: UsageEvent, correlationId?: string): Promise<MeteringCall> {
    return this.#send({
      method: 'POST',
      path: '/usageEvent',
      body: writeUsageEventJson(event),
      correlationId,
    });
  }

  /** `GET /saas/subscriptions/{id}`: planId and saasSubscriptionStatus. */
  getSubscription(subscriptionId: string): Promise<MeteringCall> {
    return this.#send({ method: 'GET', path: `/saas/subscriptions/${encodeURIComponent(subscriptionId)}` });
  }

  /** `GET /saas/subscriptions/{id}/listAvailablePlans`: plans and their metering dimensions. */
  listAvailablePlans(subscriptionId: string): Promise<MeteringCall> {
    return this.#send({
      method: 'GET',
      path: `/saas/subscriptions/${encodeURIComponent(subscriptionId)}/listAvailablePlans`,
    });
  }

  /** `GET /usageEvents`: Azure's (daily) read-back, for reconciliation. */
  getUsageEvents(query: UsageEventsQuery): Promise<MeteringCall> {
    return this.#send({
      method: 'GET',
      path: '/usageEvents',
      query: {
        usageStartDate: query.usageStartDate,
        UsageEndDate: query.usageEndDate,
        offerId: query.offerId,
        planId: query.planId,
        dimension: query.dimension,
        azureSubscriptionId: query.azureSubscriptionId,
        reconStatus: query.reconStatus,
      },
    });
  }

  #url(path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams({ 'api-version': AZURE_API_VERSION });
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    return `${this.options.apiUrl}${path}?${params.toString()}`;
  }

  async #send(input: SendInput): Promise<MeteringCall> {
    const correlationId = input.correlationId ?? randomUUID();
    const exchanges: Exchange[] = [];
    let token = await this.options.tokens.getToken();
    exchanges.push(...token.exchanges);
    if (!token.ok) return { answer: { kind: 'token', failure: token.failure }, exchanges };

    let attempt = await this.#attempt(input, token.accessToken, correlationId);
    exchanges.push(attempt.exchange);
    // A cached token Azure refuses may have been revoked or rotated under us: one retry with a
    // freshly issued token. Safe for usage events, because a 401/403 means nothing was recorded.
    if (attempt.answer.kind === 'http' && (attempt.answer.status === 401 || attempt.answer.status === 403)) {
      if (token.fromCache) {
        token = await this.options.tokens.getToken({ fresh: true });
        exchanges.push(...token.exchanges);
        if (!token.ok) return { answer: { kind: 'token', failure: token.failure }, exchanges };
        attempt = await this.#attempt(input, token.accessToken, correlationId);
        exchanges.push(attempt.exchange);
      }
    }
    return { answer: attempt.answer, exchanges };
  }

  async #attempt(
    input: SendInput,
    accessToken: string,
    correlationId: string,
  ): Promise<{ answer: AzureAnswer; exchange: Exchange }> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${accessToken}`,
      'x-ms-requestid': randomUUID(),
      'x-ms-correlationid': correlationId,
    };
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    const { result, exchange } = await httpCall({
      method: input.method,
      url: this.#url(input.path, input.query),
      headers,
      body: input.body,
      dispatcher: this.options.dispatcher,
      recordedRequestBody: input.body === undefined ? null : parseJsonLossless(input.body),
      secrets: [...this.options.secrets, accessToken],
      now: this.options.now,
    });
    const answer: AzureAnswer =
      result.kind === 'http'
        ? { kind: 'http', status: result.status, headers: result.headers, body: parseBody(result.text) }
        : result;
    return { answer, exchange };
  }
}
