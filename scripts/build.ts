import { relative } from 'node:path';
import { buildWorkflowBundle } from '../runtime/workflow-bundle.js';

/**
 * `npm run build`: the workflow bundle production workers load (`dist/`), so a worker starts without bundling
 * and every worker of a release runs the same workflow code. Run it again after changing any workflow source.
 */
const started = Date.now();
const { codePath, sources } = await buildWorkflowBundle();
console.log(`workflow bundle: ${relative(process.cwd(), codePath)} from ${sources} sources in ${Date.now() - started} ms`);
