import { randomUUID } from 'node:crypto';
import { relative } from 'node:path';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import { bundledModules, workflowsPath } from '../runtime/workflow-bundle.js';

/**
 * What the workflow sandbox costs: `npx tsx --expose-gc scripts/sandbox-report.ts [entry] [workflowType] [count]`.
 * Prints the bundle's size and what share of it is zod, then creates `count` workflows of the type in one reused
 * V8 context as the worker's cache does (each evaluates the modules its type requires, in its own scope) and
 * reports the heap each one holds before it has run a single step: the per-workflow price of the bundle itself.
 */
const [entry = workflowsPath, workflowType = 'visit', count = '500'] = process.argv.slice(2);
const quiet = () => {};
const { code, modules } = await bundledModules(entry, {
  log: quiet,
  trace: quiet,
  debug: quiet,
  info: quiet,
  warn: console.warn,
  error: console.error,
});
const total = modules.reduce((sum, m) => sum + m.bytes, 0);
const share = (test: (path: string) => boolean) => modules.filter((m) => test(m.path)).reduce((sum, m) => sum + m.bytes, 0);
const zod = share((path) => path.startsWith('node_modules/zod/'));
const withoutSourceMap = code.replace(/\n\/\/# sourceMappingURL=.*$/s, '');
console.log(`entry: ${relative(process.cwd(), entry)}`);
console.log(
  `bundle: ${withoutSourceMap.length} bytes of code (${code.length} with its inline source map), ${modules.length} modules`,
);
console.log(`zod: ${zod} of ${total} module bytes (${((100 * zod) / total).toFixed(1)} %)`);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc to measure the heap per workflow');
const creator = await ReusableVMWorkflowCreator.create(
  {
    code,
    sourceMap: { version: 3, file: 'workflow-bundle.js', sources: [], names: [], mappings: '' },
    filename: 'workflow-bundle.js',
  },
  60_000,
  new Set(),
);
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
const workflows = [];
for (let i = 0; i < Number(count); i++) {
  const runId = randomUUID();
  workflows.push(
    await creator.createWorkflow({
      info: {
        workflowType,
        workflowId: `sandbox-report-${i}`,
        runId,
        taskQueue: 'sandbox-report',
        namespace: 'default',
        firstExecutionRunId: runId,
        attempt: 1,
        historyLength: 0,
        historySize: 0,
        continueAsNewSuggested: false,
        startTime: new Date(),
        runStartTime: new Date(),
        currentBuildId: undefined,
        searchAttributes: {},
        typedSearchAttributes: undefined,
        memo: {},
        parent: undefined,
        root: undefined,
        lastResult: undefined,
        lastFailure: undefined,
        retryPolicy: undefined,
        cronSchedule: undefined,
        workflowExecutionTimeoutMs: undefined,
        workflowRunTimeoutMs: undefined,
        workflowTaskTimeoutMs: 10_000,
        unsafe: { isReplaying: false, now: () => Date.now() },
        priority: {},
      } as never,
      randomnessSeed: [1, 2, 3, 4],
      now: Date.now(),
      showStackTraceSources: false,
    }),
  );
}
const perWorkflow = (heap() - before) / workflows.length;
console.log(`heap per ${workflowType} workflow before its first step: ${(perWorkflow / 1024).toFixed(0)} KiB (${count} created)`);
for (const workflow of workflows) await workflow.dispose();
await creator.destroy();
