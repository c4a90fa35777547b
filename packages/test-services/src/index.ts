export { freePort } from './free-port.js';
export { findPostgresBin, type PostgresServer, startPostgres } from './postgres.js';
export { type RedisServer, startRedis } from './redis.js';
