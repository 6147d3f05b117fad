// The bench's knobs (environment variables, with the figures of issue 7 as defaults) and its progress line.
export const int = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${value}`);
  return n;
};

export const settings = {
  overheadRounds: int('BENCH_OVERHEAD_ROUNDS', 100),
  lifecycle: [
    { concurrency: 1, visits: int('BENCH_VISITS_C1', 5) },
    { concurrency: 16, visits: int('BENCH_VISITS_C16', 32) },
    { concurrency: 64, visits: int('BENCH_VISITS_C64', 64) },
  ],
  /** Above 10,000 (e.g. 100000), parking goes on in batches of 10,000 and the list routes are measured again. */
  parked: int('BENCH_PARKED', 5_000),
  pilot: int('BENCH_PARKED_PILOT', 500),
  /** How many of the parked visits have their confirmation call due at one instant (issue 13: 10000); the rest are weeks ahead. */
  due: int('BENCH_PARKED_DUE', 2_000),
  /** Workflows parked in each memory probe (real bookings, then skeleton visits of the same shape). */
  cacheProbe: int('BENCH_CACHE_PROBE', 300),
  /** Replays of each recorded history in test/histories (the median is quoted). */
  replayPasses: int('BENCH_REPLAY_PASSES', 5),
  parkConcurrency: int('BENCH_PARK_CONCURRENCY', 16),
  queryRounds: int('BENCH_QUERY_ROUNDS', 60),
  fireTimeoutS: int('BENCH_FIRE_TIMEOUT_S', 900),
  skipColdStart: process.env.BENCH_SKIP_COLD_START === '1',
};

export const t0 = Date.now();
let lastLine = 0;
export const progress = (text: string, force = true) => {
  if (!force && Date.now() - lastLine < 2_000) return;
  lastLine = Date.now();
  process.stdout.write(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s] ${text}\n`);
};
