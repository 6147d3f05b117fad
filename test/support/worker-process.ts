import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  /** What the process logged until it was ready. */
  startup: string;
}

/**
 * One of the project's entry points (`worker.ts` is `npm run worker`, `api/main.ts` is `npm run api`) as its own
 * OS process, run as those scripts run it (with `NODE_ENV=production`, what `npm run build` compiled), so a test
 * can SIGKILL it mid-request like a crashed host; resolves once its log shows `ready`.
 */
export async function startAppProcess(entry: string, env: Record<string, string>, ready: string): Promise<AppProcess> {
  const child = spawn(process.execPath, ['scripts/run.mjs', entry], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready:\n${output.slice(-2000)}`)));
    // Generous: on two cores shared with a test run, four processes compiling and loading at once take minutes.
    setTimeout(() => reject(new Error(`${entry} not ready after 180 s:\n${output.slice(-2000)}`)), 180_000).unref();
  });
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.removeAllListeners('data').resume();
  return { child, startup: output };
}

/** `npm run worker` as its own OS process. */
export const startWorkerProcess = async (env: Record<string, string>): Promise<ChildProcess> =>
  (await startAppProcess('worker.ts', env, 'worker running')).child;

export function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
