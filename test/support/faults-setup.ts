import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/**
 * The fault suite runs several processes against one database, so it needs a real PostgreSQL server:
 * TEST_DATABASE_URL when CI gives one, else a throwaway server started here.
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  const script = join(import.meta.dirname, '../../scripts/local-postgres.sh');
  const dir = mkdtempSync(join(tmpdir(), 'servicelane-faults-pg-'));
  const url = execFileSync('bash', [script, 'start', dir]).toString().trim();
  project.provide('postgresUrl', url);
  return () => {
    execFileSync('bash', [script, 'stop', dir]);
  };
}
