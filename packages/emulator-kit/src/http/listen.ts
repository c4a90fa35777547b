/**
 * Listening and closing for an emulator's Fastify app, typed structurally so the kit needs no
 * Fastify of its own: any app with `listen`, `close` and a Node HTTP `server` fits.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListenableApp {
  listen(options: { port: number; host: string }): PromiseLike<unknown>;
  close(): PromiseLike<unknown>;
  readonly server: Server;
}

export interface ListenOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface Listening {
  /** `http://host:port`, an IPv6 host in brackets. */
  readonly url: string;
  readonly port: number;
  /** Closes idle keep-alive sockets too, then the app. */
  close(): Promise<void>;
}

export async function listenOn(app: ListenableApp, options: ListenOptions = {}): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      // Idle keep-alive sockets would hold close() open until their timeout.
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
