/** The admin HTTP API, `reset`, `buildAwsEmulatorApp` and the CLI (spawned on port 0). */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type AwsEmulator, buildAwsEmulatorApp, startAwsEmulator } from '../src/index.js';
import {
  BUYER_ACCOUNT,
  batch,
  HUB_ACCOUNT,
  HUB_KEY,
  LICENSE_ARN,
  meteringClient,
  NOW,
  PRODUCT_CODE,
  SELLER_ACCOUNT,
  SELLER_KEY,
  startSeededEmulator,
  usageRecord,
} from './helpers.js';

let emulator: AwsEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function admin(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe('admin API', () => {
  it('seeds, meters, reads back, patches and resets', async () => {
    emulator = await startAwsEmulator({ now: () => NOW });
    const { url } = emulator;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(
      (await admin(url, 'POST', '/access-keys', { ...SELLER_KEY, accountId: SELLER_ACCOUNT })).status,
    ).toBe(201);
    expect((await admin(url, 'GET', '/access-keys')).json).toEqual([
      expect.objectContaining({ accessKeyId: SELLER_KEY.accessKeyId, accountId: SELLER_ACCOUNT }),
    ]);
    expect(
      (
        await admin(url, 'POST', '/roles', {
          roleArn: `arn:aws:iam::${SELLER_ACCOUNT}:role/R`,
          externalId: 'xx',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await admin(url, 'POST', '/products', {
          productCode: PRODUCT_CODE,
          dimensions: ['requests'],
          sellerAccountId: SELLER_ACCOUNT,
        })
      ).status,
    ).toBe(201);
    const customer = await admin(url, 'POST', '/customers', {
      customerAwsAccountId: BUYER_ACCOUNT,
      productCode: PRODUCT_CODE,
      licenseArn: LICENSE_ARN,
    });
    expect(customer).toMatchObject({ status: 201, json: { status: 'SUBSCRIBED' } });

    await batch(meteringClient(emulator), [usageRecord()]);
    expect((await admin(url, 'GET', '/records')).json).toMatchObject({
      count: 1,
      records: [{ quantity: 5 }],
    });
    expect((await admin(url, 'GET', '/stats')).json).toMatchObject({
      calls: { BatchMeterUsage: 1 },
      batchSizes: { '1': 1 },
      results: { Success: 1 },
    });

    const patched = await admin(url, 'PATCH', `/customers/${PRODUCT_CODE}/${BUYER_ACCOUNT}`, {
      status: 'UNSUBSCRIBED',
    });
    expect(patched.json).toMatchObject({ status: 'UNSUBSCRIBED', statusChangedAt: NOW.toISOString() });
    expect((await admin(url, 'PUT', '/faults', { rate500: 0.25 })).json).toMatchObject({ rate500: 0.25 });
    expect((await admin(url, 'GET', '/faults')).json).toMatchObject({ rate500: 0.25 });
    expect((await admin(url, 'PUT', '/window', { hours: 6 })).json).toEqual({ hours: 6 });
    expect((await admin(url, 'GET', '/window')).json).toEqual({ hours: 6 });

    expect((await admin(url, 'POST', '/reset')).status).toBe(204);
    expect((await admin(url, 'GET', '/records')).json).toEqual({ count: 0, records: [] });
    expect((await admin(url, 'GET', '/customers')).json).toEqual([]);
    expect((await admin(url, 'GET', '/access-keys')).json).toEqual([]);
    expect((await admin(url, 'GET', '/faults')).json).toMatchObject({ rate500: 0 });
    expect((await admin(url, 'GET', '/window')).json).toEqual({ hours: 24 });
    expect((await admin(url, 'GET', '/stats')).json).toMatchObject({ calls: {}, results: { Success: 0 } });
  });

  it('answers 400 for invalid input and 404 for unknown customers', async () => {
    emulator = await startAwsEmulator();
    const { url } = emulator;
    expect((await admin(url, 'POST', '/access-keys', { accessKeyId: 'AKIA0000000000000001' })).status).toBe(
      400,
    );
    expect((await admin(url, 'POST', '/roles', { roleArn: 'not-an-arn' })).status).toBe(400);
    expect(
      (await admin(url, 'POST', '/customers', { customerAwsAccountId: BUYER_ACCOUNT, productCode: 'none' }))
        .status,
    ).toBe(400);
    expect(
      (await admin(url, 'PATCH', `/customers/x/${BUYER_ACCOUNT}`, { status: 'UNSUBSCRIBED' })).status,
    ).toBe(404);
    const bad = await admin(url, 'PUT', '/faults', { rate500: 3 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('rate500');
    expect((await admin(url, 'PUT', '/window', { hours: 12 })).status).toBe(400);
    expect((await admin(url, 'POST', '/load', { accessKeys: [{}] })).status).toBe(400);
  });
});

describe('library', () => {
  it('reset forgets seeds, sessions, records, stats and faults', async () => {
    ({ emulator } = await startSeededEmulator({ windowHours: 6 }));
    await batch(meteringClient(emulator), [usageRecord()]);
    emulator.setFaults({ rate500: 1 });
    emulator.setWindowHours(24);
    emulator.reset();
    expect(emulator.records()).toEqual([]);
    expect(
      emulator.state.accessKeys.size + emulator.state.products.size + emulator.state.customers.size,
    ).toBe(0);
    expect(emulator.faults().rate500).toBe(0);
    expect(emulator.stats().calls).toEqual({});
    expect(emulator.state.windowHours).toBe(6);
  });

  it('buildAwsEmulatorApp answers through inject without listening', async () => {
    const app = buildAwsEmulatorApp();
    const response = await app.inject({
      method: 'POST',
      url: '/',
      headers: {
        'x-amz-target': 'AWSMPMeteringService.BatchMeterUsage',
        'content-type': 'application/x-amz-json-1.1',
      },
      payload: '{}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(response.headers['x-amzn-requestid']).toBeTruthy();
    const sts = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(sts.statusCode).toBe(403);
    expect(sts.body).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(sts.body).toContain('<Type>Sender</Type>');
    await app.close();
  });
});

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** tsx is the hub app's dev dependency (not this package's); fall back to the built CLI. */
function cliCommand(): string[] | undefined {
  try {
    const tsx = createRequire(join(PACKAGE_DIR, '..', 'hub', 'package.json')).resolve('tsx');
    return ['--conditions=@hub/source', '--import', tsx, 'src/cli.ts'];
  } catch {
    return existsSync(join(PACKAGE_DIR, 'dist', 'cli.js')) ? ['dist/cli.js'] : undefined;
  }
}

describe('CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('starts on port 0 with --data, prints the URL and serves the seeded data', async () => {
    const command = cliCommand();
    expect(command, 'tsx (via apps/hub) or dist/cli.js').toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'aws-emulator-cli-'));
    const dataFile = join(dir, 'seed.json');
    await writeFile(
      dataFile,
      JSON.stringify({
        accessKeys: [{ ...HUB_KEY, accountId: HUB_ACCOUNT }],
        products: [{ productCode: PRODUCT_CODE, dimensions: ['requests'], sellerAccountId: HUB_ACCOUNT }],
        windowHours: 6,
      }),
    );
    const started = spawn(
      process.execPath,
      [...(command ?? []), '--port', '0', '--data', dataFile, '--rate-limit', '0'],
      {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 25_000);
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      started.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    expect((await admin(url, 'GET', '/access-keys')).json).toEqual([
      expect.objectContaining({ accessKeyId: HUB_KEY.accessKeyId }),
    ]);
    expect((await admin(url, 'GET', '/window')).json).toEqual({ hours: 6 });
    expect((await admin(url, 'GET', '/products')).json).toHaveLength(1);
  });
});
