export { freePort, PortInUseError } from './free-port.js';
export {
  HttpConnectionError,
  type HttpOutcome,
  type HttpRefusal,
  type HttpRequestOptions,
  type HttpResponse,
  httpRequest,
  isConnectionClosed,
} from './http.js';
export { findPostgresBin, type PostgresServer, startPostgres } from './postgres.js';
export {
  addExitCleanup,
  isAlive,
  killManaged,
  type ManagedProcess,
  type ManagedSpawnOptions,
  managedPids,
  spawnManaged,
  stopAllProcessesSync,
} from './processes.js';
export { type RedisServer, startRedis } from './redis.js';
