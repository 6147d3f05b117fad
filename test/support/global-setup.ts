import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { temporalCliPath } from '../../runtime/tools.js';
import { buildWorkflowBundle } from '../../runtime/workflow-bundle.js';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes.js';
import { startEphemeralServer } from './ephemeral-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

/**
 * One real Temporal dev server and one workflow bundle for the whole run, built as `npm run build` builds
 * production's; each test file uses its own task queue.
 */
export default async function setup(project: TestProject) {
  const env = await startEphemeralServer(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath() },
        searchAttributes: SEARCH_ATTRIBUTE_KEYS,
        extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF'],
      },
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'servicelane-bundle-'));
  const { codePath: workflowBundlePath } = await buildWorkflowBundle(dir, quietLogger);
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  return async () => {
    await env.teardown();
    rmSync(dir, { recursive: true, force: true });
  };
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error };
