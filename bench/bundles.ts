// The bench stack's workflow bundles, built in a process of their own before the stack starts, as production
// builds its bundle with `npm run build`: the stack process then loads prebuilt code, and its RSS (issue 13:
// ≤ 1 GiB with the cache full) holds no webpack compilation, which a shop's production worker never runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { buildWorkflowBundle } from '../runtime/workflow-bundle.js';

/** Where each bundle lands under the stack's data dir: the app's (as `npm run build` writes it) and the references'. */
const benchBundles = (dir: string) => ({
  app: join(dir, 'app', 'workflows.js'),
  ceiling: join(dir, 'ceiling.js'),
  skeleton: join(dir, 'skeleton.js'),
});

/** Runs this file in a child process (the code dir's own, so a before/after compare bundles each side's code). */
export function buildBenchBundles(dir: string): ReturnType<typeof benchBundles> {
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dir], { stdio: 'inherit' });
  return benchBundles(dir);
}

async function main(dir: string) {
  installTemporalRuntime();
  const paths = benchBundles(dir);
  await buildWorkflowBundle(join(dir, 'app'));
  mkdirSync(dir, { recursive: true });
  for (const name of ['ceiling', 'skeleton'] as const) {
    const workflowsPath = fileURLToPath(new URL(`./${name}-workflow.ts`, import.meta.url));
    const { code } = await bundleWorkflowCode({ workflowsPath });
    writeFileSync(paths[name], code);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv[2] ?? '');
