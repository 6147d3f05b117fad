#!/usr/bin/env node
// `node scripts/run.mjs <entry.ts>`: runs a TypeScript entry of the app as one module that esbuild compiles at every
// start, instead of through tsx's loader. `npm start` runs scripts/start.ts so; `npm run worker` and `npm run api`
// still run under tsx (this writes into node_modules/.cache, which a read-only production image may refuse).
//
// Why: tsx compiles each of the app's ~300 modules on demand and resolves every import, the libraries' included,
// through loader hooks on another thread, one round trip per module. Loading the app that way took ~2.7 s of a
// ~5 s restart of `npm start` (issue 13: cold start ≤ 5 s); the same modules compiled into one file load in
// ~1.2 s, and compiling them takes esbuild a few hundred milliseconds. Compiling at every start keeps the
// sources the only truth: there is no output to go stale.
//
// The libraries stay outside the file (`packages: 'external'`) and load from node_modules as usual, so the
// output lives inside the project (node_modules/.cache) where Node resolves them.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run.mjs <entry.ts> [args]\n');
  process.exit(2);
}
const entry = resolve(root, entryArg);

/**
 * Each module keeps its own `import.meta.url`: the app finds its migrations, static files and tools relative to
 * the source file that names them, and an entry runs its `main` only when it is the file Node was started with
 * (`process.argv[1]`, set to the entry below), as under tsx.
 */
const ownModuleUrl = {
  name: 'own-module-url',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.(ts|tsx|mts)$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
        loader: path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

const outDir = join(root, 'node_modules', '.cache', 'servicelane');
const outfile = join(outDir, `${basename(entry).replace(/\.tsx?$/, '')}.mjs`);
const { outputFiles } = await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outfile,
  write: false,
  logLevel: 'warning',
  plugins: [ownModuleUrl],
});
// Written aside and renamed into place: two processes of one checkout starting at once each load a whole file,
// never one the other is half-way through writing.
mkdirSync(outDir, { recursive: true });
for (const file of outputFiles) {
  const aside = `${file.path}.${process.pid}`;
  writeFileSync(aside, file.contents);
  renameSync(aside, file.path);
}

process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(outfile).href);
