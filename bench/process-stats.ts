// What the bench reads about a process from /proc (Linux): its pid by an argument, its memory, its CPU time, and
// the bytes of its data files. Each answers null (or 0) when the process or file is gone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The dev server is a child of startDevServer that it does not expose: find it by its SQLite file. */
export function pidWithArg(arg: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) return Number(entry);
    } catch {}
  }
  return null;
}

export function rssOf(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The fields of /proc/<pid>/stat after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime. */
export function statFields(pid: number | string): string[] {
  return (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
}

/** utime + stime of a process from /proc (clock ticks of 10 ms on Linux). */
export function cpuMsOf(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** A server and its workers: its own time, its reaped children's, and its live children's. */
export function treeCpuMsOf(pid: number | null): number | null {
  if (pid === null) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      if (Number(entry) === pid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      else if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks * 10;
}

export function bytesUnder(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
  } catch {
    return 0;
  }
}
