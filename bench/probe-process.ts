import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CacheProbeRequest, CacheProbeResult } from './protocol.js';
import { progress, settings } from './settings.js';
import { ratio, round } from './stats.js';

/** One memory probe (bench/cache-probe.ts) in a process of its own. */
export function runCacheProbe(request: CacheProbeRequest, logPath: string): Promise<CacheProbeResult> {
  const logFd = openSync(logPath, 'a');
  const child = fork(fileURLToPath(new URL('./cache-probe.ts', import.meta.url)), [], {
    // Debug mode runs the workflows on the probe's main thread, where a forced collection reaches them.
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      TEMPORAL_DEBUG: '1',
      BENCH_PROBE: JSON.stringify(request),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  return new Promise((resolve, reject) => {
    let result: CacheProbeResult | undefined;
    child.on('message', (m: { type: 'result'; result: CacheProbeResult } | { type: 'error'; error: string }) => {
      if (m.type === 'result') result = m.result;
      else reject(new Error(`cache probe (${request.kind}): ${m.error}`));
    });
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`cache probe (${request.kind}) exited (${code}); see ${logPath}`)),
    );
  });
}

/** Memory per cached workflow: real bookings, then skeletons of the same shape, each in a worker process of its own. */
export async function measureCacheMemory(
  where: Pick<CacheProbeRequest, 'address' | 'namespace' | 'databaseUrl' | 'dataDir'>,
  logPath: string,
) {
  const probeBase = { count: settings.cacheProbe, warmup: 20, ...where };
  progress(`memory: ${settings.cacheProbe} booked visits parked in a fresh worker…`);
  const visitProbe = await runCacheProbe({ ...probeBase, kind: 'visit' }, logPath);
  progress(`memory: ${settings.cacheProbe} skeleton visits of a booking's shape in a fresh worker…`);
  const skeletonProbe = await runCacheProbe({ ...probeBase, kind: 'skeleton', script: visitProbe.script }, logPath);
  const cacheProbe = {
    visit: { ...visitProbe, script: undefined },
    skeleton: { ...skeletonProbe, script: undefined },
    ratio: ratio(visitProbe.perCachedBytes, skeletonProbe.perCachedBytes),
  };
  progress(
    `memory: ${round(visitProbe.perCachedBytes / 1024)} KiB per cached visit, ${round(skeletonProbe.perCachedBytes / 1024)} KiB per cached skeleton (×${cacheProbe.ratio})`,
  );
  return cacheProbe;
}
