// How the bench's report writes a figure: sizes, times, ratios, a percentile triple and a Markdown table.
import type { CpuPer } from '../lifecycle.js';
import type { Summary } from '../stats.js';

export const mib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const kib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)} KiB`;
/** Milliseconds to a tenth: a sum of rounded figures (a visit's two runs) carries float noise otherwise. */
export const ms = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${Math.round(x * 10) / 10} ms`;
export const pcts = (s: Summary) => `${s.p50} / ${s.p95} / ${s.p99}`;
export const cpu = (c: CpuPer | undefined) =>
  c ? `${c.totalMs} ms (${c.stackMs} + ${c.temporalMs}${c.databaseMs ? ` + ${c.databaseMs}` : ''})` : '–';
export const times = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : `×${x}`);

export function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

export const met = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'met' : '**not met**');
/** A p50 / p95 / p99 triple of ratios. */
export const ratios = (x: { p50: number; p95: number; p99: number }) => `${times(x.p50)} / ${times(x.p95)} / ${times(x.p99)}`;

export const sum = (reads: { workflowQueries: number }[]) => reads.reduce((n, x) => n + x.workflowQueries, 0);
