import { readFileSync, readdirSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { historyFromJson } from './runtime/history-json.js';
import { installTemporalRuntime } from './runtime/temporal-runtime.js';
import { workflowsPath } from './worker.js';
installTemporalRuntime();
const dir = process.argv[2]!;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const inputs = files.map((f) => ({ workflowId: f, history: historyFromJson(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'))) }));
for await (const r of Worker.runReplayHistories({ workflowsPath, replayName: 'x' }, inputs)) {
  console.log(r.workflowId, r.error ? String(r.error).slice(0, 400) : 'ok');
}
