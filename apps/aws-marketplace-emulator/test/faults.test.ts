/** Seeded fault injection and the real-time rate limiter, seen through the real SDK clients. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEmulator } from '../src/index.js';
import {
  batch,
  errorName,
  meteringClient,
  NOW,
  startSeededEmulator,
  stsClient,
  usageRecord,
} from './helpers.js';

let emulator: AwsEmulator;

afterEach(async () => {
  await emulator?.close();
});

async function start(options: Parameters<typeof startSeededEmulator>[0] = {}) {
  ({ emulator } = await startSeededEmulator(options));
  return emulator;
}

const record = (hoursAgo: number) =>
  usageRecord({ Timestamp: new Date(NOW.getTime() - hoursAgo * 3_600_000) });

describe('fault injection', () => {
  it('rate500: InternalServiceErrorException (HTTP 500), nothing recorded', async () => {
    await start();
    emulator.setFaults({ rate500: 1 });
    await expect(batch(meteringClient(emulator), [record(1)])).rejects.toMatchObject({
      name: 'InternalServiceErrorException',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    expect(emulator.records()).toHaveLength(0);
    expect(emulator.stats().faultsInjected.status500).toBe(1);
    expect(emulator.stats().exceptions.InternalServiceErrorException).toBe(1);
  });

  it('rateThrottle: ThrottlingException, nothing recorded', async () => {
    await start();
    emulator.setFaults({ rateThrottle: 1 });
    expect(await errorName(batch(meteringClient(emulator), [record(1)]))).toBe('ThrottlingException');
    expect(emulator.records()).toHaveLength(0);
    expect(emulator.stats().faultsInjected.throttle).toBe(1);
  });

  it('rateDropConnection: the socket is destroyed before processing, nothing recorded', async () => {
    await start();
    emulator.setFaults({ rateDropConnection: 1 });
    await expect(batch(meteringClient(emulator), [record(1)])).rejects.toThrow();
    expect(emulator.records()).toHaveLength(0);
    expect(emulator.stats().faultsInjected.dropConnection).toBe(1);
  });

  it('rateLostResponse: recorded, then the socket destroyed (or a 500 with lostResponseAs)', async () => {
    await start();
    emulator.setFaults({ rateLostResponse: 1 });
    await expect(batch(meteringClient(emulator), [record(1)])).rejects.toThrow();
    expect(emulator.records()).toHaveLength(1);
    emulator.setFaults({ rateLostResponse: 1, lostResponseAs: 'status500' });
    expect(await errorName(batch(meteringClient(emulator), [record(2)]))).toBe(
      'InternalServiceErrorException',
    );
    expect(emulator.records()).toHaveLength(2);
    emulator.setFaults({});
    // The caller resends: the identical record gets the id it never saw.
    const resent = await batch(meteringClient(emulator), [record(1), record(2)]);
    expect(resent.Results?.map((r) => r.MeteringRecordId)).toEqual(
      emulator.records().map((r) => r.meteringRecordId),
    );
    expect(emulator.stats().faultsInjected.lostResponse).toBe(2);
  });

  it('rateUnprocessed: records come back in UnprocessedRecords, unprocessed', async () => {
    await start();
    emulator.setFaults({ rateUnprocessed: 1 });
    const answer = await batch(meteringClient(emulator), [record(1), record(2)]);
    expect(answer.Results).toEqual([]);
    expect(answer.UnprocessedRecords).toEqual([record(1), record(2)]);
    expect(emulator.records()).toHaveLength(0);
    expect(emulator.stats()).toMatchObject({
      results: { Unprocessed: 2 },
      faultsInjected: { unprocessed: 2 },
    });
  });

  it('latencyMs delays and counts; failNextCalls fails exactly n calls', async () => {
    await start();
    emulator.setFaults({ latencyMs: 5, failNextCalls: 2 });
    expect(await errorName(batch(meteringClient(emulator), [record(1)]))).toBe(
      'InternalServiceErrorException',
    );
    expect(emulator.faults().failNextCalls).toBe(1);
    expect(await errorName(batch(meteringClient(emulator), [record(1)]))).toBe(
      'InternalServiceErrorException',
    );
    expect((await batch(meteringClient(emulator), [record(1)])).Results?.[0]?.Status).toBe('Success');
    expect(emulator.stats().faultsInjected).toMatchObject({ failNext: 2, latency: 3 });
  });

  it('only: sts leaves metering alone and answers STS in its own dialect', async () => {
    await start();
    emulator.setFaults({ rate500: 1, only: 'sts' });
    expect((await batch(meteringClient(emulator), [record(1)])).Results?.[0]?.Status).toBe('Success');
    await expect(stsClient(emulator).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    emulator.setFaults({ rateThrottle: 1, only: 'sts' });
    expect(await errorName(stsClient(emulator).send(new GetCallerIdentityCommand({})))).toBe('Throttling');
  });

  it('is deterministic for a seed', async () => {
    const outcomes = async (seed: number) => {
      const local = await start({ seed });
      local.setFaults({ rate500: 0.5 });
      const seen: string[] = [];
      for (let i = 1; i <= 8; i++) {
        seen.push(
          await batch(meteringClient(local), [record(i)]).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        );
      }
      await local.close();
      return seen;
    };
    const first = await outcomes(7);
    expect(await outcomes(7)).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('InternalServiceErrorException');
  });

  it('rejects invalid configurations', async () => {
    await start();
    expect(() => emulator.setFaults({ rate500: 0.6, rateThrottle: 0.6 })).toThrow(/must not exceed 1/);
    expect(() => emulator.setFaults({ rate500: 2 })).toThrow(/rate500/);
    expect(() => emulator.setFaults({ nope: 1 } as never)).toThrow(/nope/);
  });
});

describe('rate limiter (real clock)', () => {
  it('throttles a burst above rateLimitPerSecond per account and region, recording nothing for it', async () => {
    await start({ rateLimitPerSecond: 5 });
    const client = meteringClient(emulator);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => batch(client, [record((i % 20) + 1)])),
    );
    const throttled = outcomes.filter(
      (o) => o.status === 'rejected' && (o.reason as Error).name === 'ThrottlingException',
    ).length;
    expect(throttled).toBeGreaterThanOrEqual(1);
    expect(emulator.stats().throttled).toBe(throttled);
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(ok + throttled).toBe(30);
    expect(emulator.stats().results.Success).toBe(ok);
  });
});
