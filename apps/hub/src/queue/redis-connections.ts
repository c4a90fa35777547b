import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis connections per role, as BullMQ's production guide says: workers block and must never
 * give up on a command (`maxRetriesPerRequest: null`); producers fail fast when Redis is away
 * (`enableOfflineQueue: false`) so an API request is not held hostage; both log errors rather than
 * crash the process.
 */
export function createWorkerConnection(url: string): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  connection.on('error', () => {});
  return connection;
}

export function createProducerConnection(url: string, options: RedisOptions = {}): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: 3, enableOfflineQueue: false, ...options });
  connection.on('error', () => {});
  return connection;
}
