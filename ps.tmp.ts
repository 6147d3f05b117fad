import { readFileSync } from 'node:fs';
import protoPkg from '@temporalio/proto'; const { temporal } = protoPkg;
import { historyFromJson } from './runtime/history-json.js';
for (const f of process.argv.slice(2)) {
  const json = JSON.parse(readFileSync(f, 'utf8'));
  const bytes = temporal.api.history.v1.History.encode(historyFromJson(json)).finish().length;
  console.log(f.split('/').pop(), json.events.length, JSON.stringify(json).length, bytes);
}
