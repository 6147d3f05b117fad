import { pino } from 'pino';

const known = (level: string | undefined) => level === 'silent' || (level !== undefined && level in pino.levels.values);

export const log = pino({
  // The environment's level until the entry point has read the configuration (which includes `.env`) and
  // applies it with `useConfiguredLogLevel`; a misspelt level is reported there, naming the variable.
  level: known(process.env.LOG_LEVEL) ? (process.env.LOG_LEVEL as string) : 'info',
  timestamp: pino.stdTimeFunctions.isoTime,
  // The SDK logs an activity's failure under `error`: as a plain object an Error writes `{}`, with no message.
  serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
});

export type Logger = typeof log;

export function useConfiguredLogLevel(config: { LOG_LEVEL: string }): void {
  log.level = config.LOG_LEVEL;
}
