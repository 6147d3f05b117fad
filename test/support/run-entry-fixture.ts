// An entry for test/run-entry.test.ts: what scripts/run.mjs must keep of running a file under tsx.
import { fileURLToPath } from 'node:url';
import { DIST_DIR } from '../../runtime/workflow-bundle.js';

// Only when it is the file Node was started with, as worker.ts and api/main.ts decide whether to run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // DIST_DIR is found relative to runtime/workflow-bundle.ts's own URL.
  process.stdout.write(`${JSON.stringify({ entry: process.argv[1], dist: DIST_DIR, args: process.argv.slice(2) })}\n`);
  if (process.argv.includes('--fail')) throw new Error('the fixture failed on purpose');
}
