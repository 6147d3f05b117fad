import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http.js';
import { freePort } from './ports.js';
import { sleep } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What `npm start` runs after setup (its `start` script, `node …`), without npm in between. */
function startCommand(): string[] {
  const { scripts } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.split(' ');
  if (program !== 'node') throw new Error(`the start script no longer runs node: ${scripts.start}`);
  return args;
}

export interface ColdStart {
  /** Spawn of what `npm start` runs after setup until GET /healthz answers 200. */
  toHealthyMs: number;
  /** SIGINT until the process has drained the worker, stopped the dev server and exited. */
  stopMs: number;
}

/** One fresh process of the embedded stack on free ports, with its data under dataDir. */
export async function coldStart(dataDir: string, logPath: string, databaseUrl?: string): Promise<ColdStart> {
  const [port, devPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    TEMPORAL_DEV_PORT: String(devPort),
    TEMPORAL_DEV_UI_PORT: String(uiPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const logFd = openSync(logPath, 'a');
  const t0 = performance.now();
  const child = spawn(process.execPath, startCommand(), {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  try {
    let toHealthyMs: number | undefined;
    while (toHealthyMs === undefined) {
      if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode} before /healthz; see ${logPath}`);
      if (performance.now() - t0 > 180_000) throw new Error(`no healthy /healthz within 180 s; see ${logPath}`);
      const res = await http.get('/healthz', 2_000).catch(() => undefined);
      if (res?.status === 200) toHealthyMs = Math.round(performance.now() - t0);
      else await sleep(50);
    }
    // SIGINT to the app alone, as Ctrl-C would: it then stops its own dev server.
    const t1 = performance.now();
    child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
    if (!stopped) throw new Error(`npm start did not stop within 60 s of SIGINT; see ${logPath}`);
    return { toHealthyMs, stopMs: Math.round(performance.now() - t1) };
  } finally {
    http.close();
    killGroup();
  }
}
