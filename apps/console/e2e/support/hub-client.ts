import { randomUUID } from 'node:crypto';
import { type HubState, readHubState } from './hub-state.js';

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test data read from JSON answers
  body: any;
}

export interface AzureSetup {
  integrationId: string;
  credentialId: string;
  accountId: string;
  subscriptionId: string;
  integrationName: string;
}

let sequence = 0;

/** The tests' side door: the hub's API with the admin key, and the emulator's admin API. */
export class HubClient {
  readonly state: HubState = readHubState();
  readonly baseURL = this.state.baseURL;
  readonly adminKey = this.state.adminKey;
  readonly emulator = this.state.emulator;

  /** A name no other test (or earlier run on this hub) uses. */
  unique(prefix: string): string {
    return `${prefix}-${Date.now().toString(36)}-${++sequence}`;
  }

  async api(method: string, path: string, body?: unknown, key = this.adminKey): Promise<ApiAnswer> {
    const res = await fetch(this.baseURL + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async must(method: string, path: string, body: unknown, status: number): Promise<ApiAnswer['body']> {
    const answer = await this.api(method, path, body);
    if (answer.status !== status)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A new Azure SaaS subscription at the emulator (plan gold, dimensions dim-a, dim-b, dim-c). */
  async seedSubscription(): Promise<string> {
    const id = randomUUID();
    const res = await fetch(`${this.emulator.url}/admin/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        planId: 'gold',
        plans: [
          {
            planId: 'gold',
            dimensions: ['dim-a', 'dim-b', 'dim-c'].map((dim) => ({ id: dim, pricePerUnit: '0.01' })),
          },
        ],
      }),
    });
    if (res.status !== 201) throw new Error(`emulator seed answered ${res.status}: ${await res.text()}`);
    return id;
  }

  /**
   * Through the API: a connected Azure credential, an integration per product (ITEM_PER_PRODUCT)
   * for one new account only, and mappings of that account → a new subscription and prod-a/prod-b →
   * dim-a/dim-b.
   */
  async setupAzureIntegration(options: { name?: string } = {}): Promise<AzureSetup> {
    const accountId = this.unique('acct');
    const subscriptionId = await this.seedSubscription();
    const integrationName = options.name ?? this.unique('Azure');
    const credential = await this.must(
      'POST',
      '/v1/integration-credentials',
      {
        name: this.unique('azure-cred'),
        destination: 'AZURE_MARKETPLACE',
        tenantId: this.emulator.tenantId,
        clientId: this.emulator.clientId,
        clientSecret: this.emulator.clientSecret,
      },
      201,
    );
    const integration = await this.must(
      'POST',
      '/v1/integrations',
      {
        name: integrationName,
        destination: 'AZURE_MARKETPLACE',
        entityType: 'Bill',
        accountIds: [accountId],
        configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      },
      201,
    );
    await this.must(
      'PUT',
      `/v1/integrations/${integration.id}/credential`,
      { credentialId: credential.id },
      200,
    );
    const mapping = (
      m3terEntity: string,
      m3terId: string,
      externalTable: string,
      externalId: string,
      metadata?: object,
    ) =>
      this.must(
        'POST',
        '/v1/external-mappings',
        {
          m3terEntity,
          m3terId,
          externalSystem: 'AzureMarketplace',
          externalTable,
          externalId,
          integrationConfigId: integration.id,
          ...(metadata ? { metadata } : {}),
        },
        201,
      );
    await mapping('Account', accountId, 'Subscription', subscriptionId, { planId: 'gold' });
    await mapping('Product', 'prod-a', 'Dimension', 'dim-a');
    await mapping('Product', 'prod-b', 'Dimension', 'dim-b');
    await this.must(
      'PUT',
      `/v1/accounts/${accountId}`,
      { name: `Account ${accountId}`, code: accountId },
      200,
    );
    return {
      integrationId: integration.id,
      credentialId: credential.id,
      accountId,
      subscriptionId,
      integrationName,
    };
  }

  /** POST /v1/bills: an APPROVED USD bill for `accountId` with one USAGE line per product. */
  async postBill(options: {
    accountId: string;
    amounts: Record<string, string>;
    billId?: string;
    version?: number;
  }): Promise<ApiAnswer> {
    const billId = options.billId ?? this.unique('bill');
    return this.api('POST', '/v1/bills', {
      id: billId,
      version: options.version ?? 1,
      accountId: options.accountId,
      accountCode: options.accountId,
      status: 'APPROVED',
      currency: 'USD',
      billDate: '2026-11-01',
      startDate: '2026-10-01',
      endDate: '2026-11-01',
      lineItems: Object.entries(options.amounts).map(([productId, subtotal], index) => ({
        id: `${billId}-l${index}`,
        lineItemType: 'USAGE',
        productId,
        subtotal,
      })),
    });
  }
}
