import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port. Another process can take it before the caller binds it:
 * where the service can listen on port 0 and say which port it got, prefer that; otherwise retry
 * with another port on a `PortInUseError`.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A server could not bind its port: taken between finding it free and binding it, or not yet released. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    output: string,
  ) {
    super(`port ${port} is already in use:\n${output}`);
  }
}
