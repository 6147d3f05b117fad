import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import { log } from './log.js';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

/**
 * Sends the SDK's logs through the app's JSON logger and leaves signals to us: the SDK's own handlers would
 * shut the worker down behind our back and race our ordered stop.
 */
export function installTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  const sdkLog = log.child({ component: 'temporal' });
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => sdkLog[LEVELS[level]](meta ?? {}, message)),
  });
}
