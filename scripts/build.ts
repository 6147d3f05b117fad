import { join, relative } from 'node:path';
import { compileEntry, distDir, projectRoot } from '../runtime/compiled-entry.mjs';
import { buildWorkflowBundle } from '../runtime/workflow-bundle.js';

/**
 * `npm run build`, once per release: what production processes run from `dist/`. The workflow bundle, so a
 * worker starts without bundling and every worker of a release runs the same workflow code; and the worker's and
 * the API's entries compiled into one module each (`npm run worker`, `npm run api` through `scripts/run.mjs`).
 * Each comes with a manifest of its sources; a production process refuses one built from other sources, so run
 * it again after changing any source.
 */
const started = Date.now();
const { codePath, sources } = await buildWorkflowBundle();
console.log(`workflow bundle: ${relative(process.cwd(), codePath)} from ${sources} sources in ${Date.now() - started} ms`);
for (const entry of ['worker.ts', 'api/main.ts']) {
  const compiledAt = Date.now();
  const module = await compileEntry(join(projectRoot, entry), distDir);
  console.log(`${entry}: ${relative(process.cwd(), module)} in ${Date.now() - compiledAt} ms`);
}
