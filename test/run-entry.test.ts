import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { builtEntry, compileEntry, distDir, outputName } from '../runtime/compiled-entry.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(root, 'test/support/run-entry-fixture.ts');
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, ['scripts/run.mjs', 'test/support/run-entry-fixture.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: { code: number; stderr: string }) => err,
  );
const built = join(distDir, outputName(fixture));
const scratch = mkdtempSync(join(tmpdir(), 'run-entry-'));

afterAll(() => {
  for (const file of [built, `${built}.map`, built.replace(/\.mjs$/, '.manifest.json')]) rmSync(file, { force: true });
  rmSync(scratch, { recursive: true, force: true });
});

it('scripts/run.mjs runs an entry compiled as the sources would run under tsx', async () => {
  const { stdout } = await run(['--day', '2026-12-03']);
  expect(JSON.parse(stdout)).toEqual({ entry: fixture, dist: join(root, 'dist'), args: ['--day', '2026-12-03'] });
}, 60_000);

it('scripts/run.mjs reports a failure at its line in the TypeScript source', async () => {
  const failed = await failure(run(['--fail']));
  expect(failed?.code).toBe(1);
  expect(failed?.stderr).toContain('the fixture failed on purpose');
  expect(failed?.stderr).toContain(`${fixture}:9`);
}, 60_000);

it('in production scripts/run.mjs runs only what `npm run build` compiled from these sources', async () => {
  rmSync(built, { force: true });
  const unbuilt = await failure(run([], { NODE_ENV: 'production' }));
  expect(unbuilt?.code).toBe(1);
  expect(unbuilt?.stderr).toContain('run it first');

  // Compiled into dist/, it runs from there: its modules still find their files beside their sources.
  expect(await compileEntry(fixture, distDir)).toBe(built);
  const { stdout } = await run(['--day', '2026-12-03'], { NODE_ENV: 'production' });
  expect(JSON.parse(stdout)).toEqual({ entry: fixture, dist: join(root, 'dist'), args: ['--day', '2026-12-03'] });
  expect(builtEntry(fixture)).toBe(built);

  // A build whose manifest records other sources (a deploy that forgot the build) is refused, naming them.
  const manifestName = outputName(fixture).replace(/\.mjs$/, '.manifest.json');
  const recorded = JSON.parse(readFileSync(join(distDir, manifestName), 'utf8')) as { sources: Record<string, string> };
  recorded.sources['runtime/workflow-bundle.ts'] = 'an older file';
  copyFileSync(built, join(scratch, outputName(fixture)));
  writeFileSync(join(scratch, manifestName), JSON.stringify(recorded));
  expect(() => builtEntry(fixture, scratch)).toThrow(/is stale: runtime\/workflow-bundle\.ts changed since it was built/);
}, 60_000);
