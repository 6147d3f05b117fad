import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../runtime/config.js';
import { closePdfBrowser } from '../web/pdf.js';
import { createApp } from './app.js';
import type { ApiDeps } from './deps.js';
import { apiSettings } from './settings.js';

export interface RunningApi {
  url: string;
  closed: Promise<void>;
  close(): Promise<void>;
}

export function serveApi(deps: ApiDeps, config: Config): Promise<RunningApi> {
  const app = createApp(deps, apiSettings(config));
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info: AddressInfo) => {
      let markClosed: () => void = () => {};
      const closed = new Promise<void>((done) => (markClosed = done));
      server.once('close', () => markClosed());
      resolve({
        url: `http://${config.HOST}:${info.port}`,
        closed,
        close: () =>
          new Promise<void>((done) => {
            // The PDF browser goes with the server that used it.
            server.close(() => void closePdfBrowser().then(done));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
