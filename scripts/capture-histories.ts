/**
 * Captures the workflow histories that test/workflows/replay.test.ts replays against the current workflow code.
 *
 *   npm run histories:capture                 # every scenario (scripts/histories/*-scenarios.ts)
 *   npm run histories:capture -- no-show      # only the named ones
 *   npm run histories:capture -- --out=/tmp/h # somewhere else (to try the scenarios without touching the files)
 *
 * Each scenario runs a representative visit (or a complaint, a rescue, the KPI review) to its end on a throwaway Temporal dev server (the pinned CLI, the
 * visit's search attributes registered) with an in-memory PGlite database and the real worker from worker.ts,
 * with policy durations shortened to seconds, and writes `historyToJson(await handle.fetchHistory())` to
 * test/histories/<name>.json (<name>-run1.json, -run2.json … for a visit that continued as new). Recapture only on purpose: the checked-in files stand for visits already running
 * in production, so a replay failure means the workflow change breaks them (guard the change with `patched()`),
 * not that the files are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChannelAdapter } from '../activities/channels.js';
import { historyOfAllRuns } from '../api/history/runs.js';
import { openVisit } from '../api/open-visit.js';
import { openDatabase } from '../db/client.js';
import { technicians } from '../db/schema.js';
import { devApprovalLinks } from '../runtime/approval-links.js';
import { historyToJson } from '../runtime/history-json.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { temporalCliPath } from '../runtime/tools.js';
import { createWorker } from '../worker.js';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';
import { CARE_SCENARIOS } from './histories/care-scenarios.js';
import { NOTICE_SCENARIOS } from './histories/notice-scenarios.js';
import { type Ctx, HOUR, policy, taskQueue } from './histories/support.js';
import { VISIT_SCENARIOS } from './histories/visit-scenarios.js';

const defaultOutDir = fileURLToPath(new URL('../test/histories/', import.meta.url));

/** Every scenario: the visits' first, then the care workflows', then the campaign and warranty notices. */
const SCENARIOS = { ...VISIT_SCENARIOS, ...CARE_SCENARIOS, ...NOTICE_SCENARIOS };

async function main() {
  const args = process.argv.slice(2);
  const outFlag = args.find((arg) => arg.startsWith('--out='));
  const outDir = outFlag ? `${outFlag.slice('--out='.length).replace(/\/$/, '')}/` : defaultOutDir;
  const wanted = args.filter((arg) => arg !== outFlag);
  const unknown = wanted.filter((name) => !(name in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);

  installTemporalRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: SEARCH_ATTRIBUTE_KEYS,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF'],
    },
  });
  const database = openDatabase({});
  try {
    await database.migrate();
    await database.db
      .insert(technicians)
      .values([
        { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
        { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
      ])
      .onConflictDoNothing();
    // Messages land in the outbox; nobody needs them delivered here.
    const quiet: ChannelAdapter = { async send() {} };
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      db: database.db,
      channel: quiet,
      approvalLinks: devApprovalLinks(),
      shutdownForceTime: '5 seconds',
    });
    const deps = { database, temporal: env.client, taskQueue };
    const ctx: Ctx = {
      client: env.client,
      db: database.db,
      deps,
      async open(visitBody, kind, opts = {}) {
        const at = kind === 'appointment' ? new Date(Date.now() + (opts.inMs ?? HOUR)).toISOString() : undefined;
        return (await openVisit(deps, visitBody, kind, at, opts.policy ?? policy(), undefined, { timeZone: opts.timeZone }))
          .visitId;
      },
    };
    await worker.runUntil(async () => {
      mkdirSync(outDir, { recursive: true });
      for (const name of names) {
        const started = Date.now();
        const visits = await SCENARIOS[name]?.(ctx);
        for (const [file, visitId] of Object.entries(visits ?? {})) {
          // A visit that continued as new is a chain of runs: <file>-run1.json, <file>-run2.json, …
          const runs = await historyOfAllRuns(ctx.client, visitId);
          for (const [i, history] of runs.entries()) {
            // A parked visit's earlier runs have the shape of a finished visit's: only its last run is new.
            if (file.endsWith('-parked') && i < runs.length - 1) continue;
            const out = runs.length === 1 ? `${file}.json` : `${file}-run${i + 1}.json`;
            writeFileSync(`${outDir}${out}`, `${JSON.stringify(historyToJson(history), null, 2)}\n`);
            process.stdout.write(`${out}: ${history.events?.length ?? 0} events (${name}, ${Date.now() - started} ms)\n`);
          }
        }
      }
    });
  } finally {
    await database.close();
    await env.teardown();
  }
}

await main();
