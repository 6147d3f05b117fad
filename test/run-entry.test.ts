import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(root, 'test/support/run-entry-fixture.ts');
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['scripts/run.mjs', 'test/support/run-entry-fixture.ts', ...args], { cwd: root });

it('scripts/run.mjs runs an entry compiled as the sources would run under tsx', async () => {
  const { stdout } = await run('--day', '2026-12-03');
  expect(JSON.parse(stdout)).toEqual({ entry: fixture, dist: join(root, 'dist'), args: ['--day', '2026-12-03'] });
}, 60_000);

it('scripts/run.mjs reports a failure at its line in the TypeScript source', async () => {
  const failed = await run('--fail').then(
    () => undefined,
    (err: { code: number; stderr: string }) => err,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stderr).toContain('the fixture failed on purpose');
  expect(failed?.stderr).toContain(`${fixture}:9`);
}, 60_000);
