// The bench's Markdown report (bench/results.md), one file per section under bench/report/.

import { table } from './report/format.js';
import { historiesSections } from './report/histories.js';
import { lifecycleSections } from './report/lifecycle.js';
import { parkedSection } from './report/parked.js';
import { queriesSection } from './report/queries.js';
import { summarySection } from './report/summary.js';
import { targets } from './report/targets.js';
import type { BenchResults } from './results.js';

/** The committed summary: every figure beside the same-run figure it is a ratio of. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.meta;
  const out: string[] = [];
  out.push('# servicelane benchmark');
  out.push('');
  out.push(
    `\`npm run bench\` on ${m.cores} cores / ${m.memoryGiB} GiB, Node ${m.node}, ${m.database === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ` +
      `commit ${m.commit ?? '?'}, ${m.date}; ${m.totalSeconds} s in all. Absolute times depend on the machine; ` +
      'the ratios are measured within this one run and are what to compare.',
  );
  if (Object.keys(m.workerOptions as object).length > 0 || (m.temporalExtraArgs as string[]).length > 0)
    out.push(
      '',
      `Tuning under test: worker ${JSON.stringify(m.workerOptions)}, dev server ${JSON.stringify(m.temporalExtraArgs)}.`,
    );
  out.push('');
  out.push(
    'The machine may be shared (other test runs on the same cores): wall-clock figures are noisy, CPU figures ' +
      'less so, and the same-run ratios are what count.',
  );
  out.push('');
  out.push('## Issue 13 targets');
  out.push('');
  out.push(table(['figure', 'measured', 'same-run reference', 'ratio', 'target', ''], targets(r)));
  out.push('');
  summarySection(out, r);
  lifecycleSections(out, r);
  parkedSection(out, r);
  queriesSection(out, r);
  historiesSections(out, r);
  out.push('');
  return out.join('\n');
}
