#!/usr/bin/env node
// `node scripts/run.mjs <entry.ts> [args]`: runs a TypeScript entry of the app as one compiled module
// (scripts/compiled-entry.mjs says why not tsx). `npm start`, `npm run worker` and `npm run api` run through it.
//
// In development the entry is compiled at every start, so there is no output to go stale. With
// `NODE_ENV=production` it runs the module `npm run build` wrote to `dist/` and refuses one built from other
// sources, as the worker refuses a stale workflow bundle: every process of a release runs the same code, and
// nothing is written at start, so the project's directory may be read-only.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtEntry, CompiledEntryError, cacheDir, compileEntry, projectRoot } from '../runtime/compiled-entry.mjs';

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run.mjs <entry.ts> [args]\n');
  process.exit(2);
}
const entry = resolve(projectRoot, entryArg);

// The same `.env` the app reads at start (runtime/config.ts `loadDotEnv`), so NODE_ENV may be set there too.
if (existsSync('.env')) process.loadEnvFile('.env');
let module;
try {
  module = process.env.NODE_ENV === 'production' ? builtEntry(entry) : await compileEntry(entry, cacheDir);
} catch (err) {
  if (!(err instanceof CompiledEntryError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(module).href);
