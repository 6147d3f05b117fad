import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { progress } from './settings.js';

/**
 * PostgreSQL, as in production: BENCH_DATABASE_URL, or a throwaway server of the bench's own (CI's script);
 * BENCH_DATABASE=pglite runs on the embedded default instead (`url` stays undefined).
 */
export class BenchPostgres {
  url = process.env.BENCH_DATABASE_URL || undefined;
  pid: string | undefined;
  private readonly dir =
    !process.env.BENCH_DATABASE_URL && process.env.BENCH_DATABASE !== 'pglite'
      ? join(tmpdir(), `servicelane-bench-pg-${process.pid}`)
      : undefined;
  private readonly script = fileURLToPath(new URL('../scripts/local-postgres.sh', import.meta.url));

  /** Starts the throwaway server, when the bench runs one. */
  start() {
    if (!this.dir) return;
    progress('starting a throwaway PostgreSQL (scripts/local-postgres.sh)…');
    this.url = execFileSync('bash', [this.script, 'start', this.dir], { stdio: ['ignore', 'pipe', 'inherit'] })
      .toString()
      .trim()
      .split('\n')
      .at(-1);
    this.pid = readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
  }

  stop() {
    if (this.dir) execFileSync('bash', [this.script, 'stop', this.dir], { stdio: 'ignore' });
  }
}

/** A database of its own on the bench's PostgreSQL server for one part of the run, dropped at the end. */
export async function createDatabase(serverUrl: string, label: string) {
  const name = `servicelane_bench_${label}_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
