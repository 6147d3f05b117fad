import { log } from './log.js';

/**
 * Waits for `running` to end, turning the first SIGINT/SIGTERM into `stop()`; a second signal exits at
 * once for an operator who does not want to wait for the drain.
 */
export async function runUntilSignal(running: Promise<unknown>, stop: () => Promise<void>): Promise<void> {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().catch((err) => log.error({ err }, 'error while stopping'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await running;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
