import { fileURLToPath } from 'node:url';
import { loadConfig, loadDotEnv } from '../runtime/config.js';
import { log, useConfiguredLogLevel } from '../runtime/log.js';
import { runUntilSignal } from '../runtime/process.js';
import { openConfiguredDatabase } from '../runtime/stack.js';
import { connectClient } from '../runtime/temporal.js';
import { serveApi } from './serve.js';

async function main() {
  loadDotEnv();
  const config = loadConfig();
  useConfiguredLogLevel(config);
  if (!config.TEMPORAL_ADDRESS)
    throw new Error('TEMPORAL_ADDRESS must be set to run a standalone API (npm start runs the embedded stack)');
  const database = await openConfiguredDatabase(config);
  const temporal = await connectClient(config.TEMPORAL_ADDRESS, config);
  const server = await serveApi(
    { database, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, temporalUiUrl: config.TEMPORAL_UI_URL },
    config,
  );
  log.info({ url: server.url }, 'api listening');
  await runUntilSignal(server.closed, server.close);
  await temporal.connection.close();
  await database.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
