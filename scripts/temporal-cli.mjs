#!/usr/bin/env node
// `npm run temporal -- <args>`: the project's pinned Temporal CLI, e.g. `npm run temporal -- workflow list`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../.tools/temporal', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('The Temporal CLI is not installed yet: run `npm run setup`\n');
  process.exit(1);
}
const result = spawnSync(cli, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);
