// How a TypeScript entry of the app (`worker.ts`, `api/main.ts`, `scripts/start.ts`) becomes the one module Node
// runs: compiled by esbuild, either at every start (development, `scripts/run.mjs`) or once per release into
// `dist/` (`npm run build`), where a production process checks it against its sources before running it.
//
// Why not tsx: it compiles each of the app's ~300 modules on demand and resolves every import, the libraries'
// included, through loader hooks on another thread, one round trip per module. That was ~2.7 s of a ~5 s restart
// of `npm start` (issue 13: cold start ≤ 5 s); the same modules compiled into one file load in ~1.2 s, and
// compiling them takes esbuild a few hundred milliseconds.
//
// The libraries stay outside the file (`packages: 'external'`) and load from node_modules as usual, so the
// output lives inside the project, where Node resolves them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const toPosix = (path) => path.split(sep).join('/');
/** A file's content hash as a release's manifests record it ('missing' for a file that is not there). */
export const digestOf = (file) => (existsSync(file) ? sha256(readFileSync(file)) : 'missing');

export const projectRoot = join(fileURLToPath(import.meta.url), '..', '..');
/** Where `npm run build` writes the production entries, beside the workflow bundle (runtime/workflow-bundle.ts). */
export const distDir = join(projectRoot, 'dist');
/**
 * Where development compiles an entry at each start: a directory per checkout, as checkouts of one project (git
 * worktrees) may share a linked node_modules and must not run each other's code.
 */
export const cacheDir = join(projectRoot, 'node_modules', '.cache', 'servicelane', sha256(projectRoot).slice(0, 12));

/** The compiled module's name for an entry: its path in the project, so `api/main.ts` does not meet a `main.ts`. */
export const outputName = (entry) =>
  relative(projectRoot, entry)
    .split(sep)
    .join('-')
    .replace(/\.tsx?$/, '.mjs');

/**
 * Why a build recorded with `sources` (project path → digest) no longer matches the files under `root`, in
 * words that end with what to do; undefined while it matches.
 */
export function staleReason(sources, root = projectRoot) {
  const changed = Object.entries(sources)
    .filter(([path, digest]) => digestOf(join(root, path)) !== digest)
    .map(([path]) => path);
  if (changed.length === 0) return undefined;
  const more = changed.length > 5 ? ` and ${changed.length - 5} more` : '';
  return `${changed.slice(0, 5).join(', ')}${more} changed since it was built; run \`npm run build\` again`;
}
const manifestPath = (outfile) => outfile.replace(/\.mjs$/, '.manifest.json');

/**
 * Each module keeps its own `import.meta.url`: the app finds its migrations, static files and tools relative to
 * the source file that names them, and an entry runs its `main` only when it is the file Node was started with
 * (`process.argv[1]`, set to the entry by `scripts/run.mjs`), as under tsx. The URL is rebuilt from the compiled
 * module's own, so a release built in one directory runs in another. Node names a module by its real path, so the
 * way back to the sources starts from the output directory's real path (node_modules may be a link).
 */
const ownModuleUrl = (outDir) => ({
  name: 'own-module-url',
  setup(pluginBuild) {
    const realOutDir = realpathSync(outDir);
    // Only the project's own files reach it: the libraries are external.
    pluginBuild.onLoad({ filter: /\.(ts|tsx|mts|mjs|js)$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const fromOutput = JSON.stringify(toPosix(relative(realOutDir, path)));
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${fromOutput}, import.meta.url).href`),
        loader: /\.m?js$/.test(path) ? 'js' : path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
});

/**
 * Compiles `entry` into `outDir` with a linked source map and a manifest of the project files it was compiled
 * from, and returns the module's path. Written aside and renamed into place: two processes of one checkout
 * starting at once each load a whole file, never one the other is half-way through writing.
 */
export async function compileEntry(entry, outDir) {
  const outfile = join(outDir, outputName(entry));
  // Loaded only to compile: a production process runs what was compiled and never needs it.
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const { outputFiles, metafile } = await build({
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outfile,
    write: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [ownModuleUrl(outDir)],
  });
  // This file too: it holds how the entry is compiled.
  const recipe = fileURLToPath(import.meta.url);
  const sources = { [toPosix(relative(projectRoot, recipe))]: digestOf(recipe) };
  for (const input of Object.keys(metafile.inputs).sort()) sources[input] = digestOf(join(projectRoot, input));
  const files = [
    ...outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
    { path: manifestPath(outfile), contents: `${JSON.stringify({ sources }, null, 2)}\n` },
  ];
  for (const file of files) {
    const aside = `${file.path}.${process.pid}`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
  return outfile;
}

export class CompiledEntryError extends Error {
  name = 'CompiledEntryError';
}

/**
 * The entry `npm run build` compiled into `dist/`, once it is known to match the sources here. A missing or stale
 * one stops the process with what to do, as a stale workflow bundle does: a production process never compiles.
 */
export function builtEntry(entry, dir = distDir) {
  const outfile = join(dir, outputName(entry));
  const manifest = manifestPath(outfile);
  if (!existsSync(outfile) || !existsSync(manifest))
    throw new CompiledEntryError(
      `No ${relative(projectRoot, outfile)}: a production process runs what \`npm run build\` compiled; run it first`,
    );
  const stale = staleReason(JSON.parse(readFileSync(manifest, 'utf8')).sources);
  if (stale) throw new CompiledEntryError(`${relative(projectRoot, outfile)} is stale: ${stale}`);
  return outfile;
}
