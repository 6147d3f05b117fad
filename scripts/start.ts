import { join } from 'node:path';
import { serveApi } from '../api/serve.js';
import { ConfigError, loadConfig, loadDotEnv } from '../runtime/config.js';
import { type DevServer, startDevServer } from '../runtime/dev-server.js';
import { log, useConfiguredLogLevel } from '../runtime/log.js';
import { openConfiguredDatabase } from '../runtime/stack.js';
import { connectClient, connectWorker } from '../runtime/temporal.js';
import { cachedWorkflowBundle } from '../runtime/workflow-bundle.js';
import { createConfiguredWorker } from '../worker.js';
import { addDevStaff } from './dev-staff.js';

/** `npm start`: the whole stack in one process, on the embedded Temporal dev server unless configured. */
async function main() {
  loadDotEnv();
  const config = loadConfig();
  useConfiguredLogLevel(config);
  // The dev server starts in its own process while this one migrates the database and finds its bundle.
  let devServer: DevServer | undefined;
  // A crash must not leave the dev server running with nobody to stop it.
  process.once('exit', () => void devServer?.stop());
  const configured = config.TEMPORAL_ADDRESS;
  const temporalStarted = configured
    ? Promise.resolve({ address: configured, uiUrl: undefined })
    : startDevServer({
        dataDir: config.DATA_DIR,
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_DEV_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        log,
      }).then((server) => {
        devServer = server;
        return server;
      });
  // Connected as soon as the server answers, while the database may still be opening: a cold start waits for
  // the slower of the two, not for both in turn.
  const temporalConnected = temporalStarted.then(async ({ address, uiUrl }) => {
    const [temporal, workerConnection] = await Promise.all([connectClient(address, config), connectWorker(address, config)]);
    return { address, uiUrl, temporal, workerConnection };
  });
  const [{ address, uiUrl, temporal, workerConnection }, database, workflowBundlePath] = await Promise.all([
    temporalConnected,
    openConfiguredDatabase(config),
    cachedWorkflowBundle(join(config.DATA_DIR, 'workflow-bundle')),
  ]);
  const temporalUiUrl = config.TEMPORAL_UI_URL ?? uiUrl;
  // The API answers while the worker loads its workflows, as it does beside separate workers in production: an
  // action sent meanwhile waits on Temporal for the worker's first poll. A worker that cannot start ends the
  // process, API and all (main's catch).
  const [worker, api] = await Promise.all([
    createConfiguredWorker(config, { connection: workerConnection, client: temporal, db: database.db, workflowBundlePath }),
    serveApi({ database, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, temporalUiUrl }, config),
  ]);
  const workerRun = worker.run();
  await addDevStaff(api.url, config);

  process.stdout.write(
    [
      '',
      'servicelane is running',
      `  API          ${api.url}`,
      `  Screens      ${api.url}/app`,
      `  API docs     ${api.url}/docs`,
      `  Health       ${api.url}/healthz`,
      `  Temporal UI  ${temporalUiUrl ?? '(set TEMPORAL_UI_URL)'}`,
      `  Temporal     ${address} (namespace ${config.TEMPORAL_NAMESPACE})`,
      `  Database     ${database.kind === 'pglite' ? `PGlite in ${config.DATA_DIR}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log.info({ signal }, 'stopping: draining the worker');
      await api.close();
      worker.shutdown();
      await workerRun;
      await workerConnection.close();
      await temporal.connection.close();
      await database.close();
      await devServer?.stop();
      log.info('stopped');
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await workerRun.catch(async (err) => {
    log.error({ err }, 'worker failed');
    await stop('worker failure');
    process.exitCode = 1;
  });
  await stopping;
}

main().catch((err) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else log.error({ err }, 'servicelane failed to start');
  process.exit(1);
});
