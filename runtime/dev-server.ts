import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';
import type { Logger } from './log.js';
import { temporalCliPath } from './tools.js';

const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `--search-attribute` flags so the dev server knows the keys the visit workflow upserts. */
export function searchAttributeArgs(): string[] {
  return SEARCH_ATTRIBUTE_KEYS.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export function waitForPort(port: number, host: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePort, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host });
      socket.once('connect', () => {
        socket.end();
        resolvePort();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * The frontend listens a moment before it serves ("Frontend is not healthy yet"): ready once it answers
 * GetSystemInfo, the first call every client and worker connection makes.
 */
async function waitForFrontend(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2 seconds' });
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((retry) => setTimeout(retry, 200));
    }
  }
}

/**
 * Runs `temporal server start-dev` with a SQLite file under dataDir so visits, timers included, survive a
 * restart of servicelane.
 */
export async function startDevServer(opts: {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log: Logger;
}): Promise<DevServer> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--namespace',
    opts.namespace,
    '--db-filename',
    join(dataDir, 'temporal.db'),
    // SQLite's default journal syncs the disk several times per commit, and with a few thousand timers due at once
    // the dev server spent half its time waiting on the disk (`npm run bench`). A write-ahead log synced at
    // checkpoints survives a crash of any process; a power cut may lose the last commits, never the file.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--log-level',
    'error',
    ...searchAttributeArgs(),
  ];
  const child: ChildProcess = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => opts.log.warn({ temporal: chunk.toString().trim() }, 'temporal dev server'));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const failed = exited.then(() => {
    throw new Error(`temporal dev server exited with code ${child.exitCode}`);
  });
  const address = `127.0.0.1:${opts.port}`;
  await Promise.race([waitForPort(opts.port, '127.0.0.1', 30_000).then(() => waitForFrontend(address, 30_000)), failed]);
  failed.catch(() => {});
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
