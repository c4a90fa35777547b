/** listenOn with a plain Node server standing in for a Fastify app. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listenOn } from '../src/index.js';

function plainApp() {
  const server = createServer((_request, response) => response.end('ok'));
  return {
    server,
    async listen(options: { port: number; host: string }) {
      server.listen(options.port, options.host);
      await once(server, 'listening');
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describe('listenOn', () => {
  it('listens on a free port, reports the URL and closes despite a keep-alive socket', async () => {
    const app = plainApp();
    const listening = await listenOn(app);
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    expect(listening.port).toBeGreaterThan(0);
    const response = await fetch(listening.url, { headers: { connection: 'keep-alive' } });
    expect(await response.text()).toBe('ok');
    await listening.close();
    expect(app.server.listening).toBe(false);
  });
});
